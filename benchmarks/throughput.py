"""How fast sitroom ingests against the bare spaCy parse of the same texts.

    python benchmarks/throughput.py [--articles N] [--workers W] [--path FILE.jsonl[.gz]] [--seed S] [--profile F]

With no --path, N articles are generated from the templates below (wire-style reports of clashes, strikes,
bombings, abductions, protests and arrests in a dozen countries, follow-ups that repeat an event, and
articles with no event: markets, sport, weather, diplomacy), each wrapped in site boilerplate. Prints, in
one run, (a) the bare spaCy parse of the articles' clean texts with sitroom's own pipeline and batch size,
(b) sitroom's whole ingest of the same feed into a fresh store (read, clean, parse, code, resolve, merge,
store), the ratio b/a, articles per second, the resident memory of the writer and of each worker before and
after (b) (flat if the ingest streams) and peak RSS (this process and its largest worker). Model loading
and worker start-up are timed apart and left out of both (a) and (b). Any article that fails is printed with
its traceback and the exit status is 1: a failing article is a bug. The last line is `ratio: X.XX`.
`--profile FILE` runs (b) under cProfile (meaningful with one worker: the work is then in this process).
"""
from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

# ------------------------------------------------------------------ the corpus

# country, towns (all in the gazetteer), state forces, non-state groups, demonym
SETTINGS = [
    ("Mali", ["Mopti", "Gao", "Timbuktu", "Segou", "Kidal"], "Malian soldiers", ["JNIM militants", "Islamic State fighters"], "Malian"),
    ("Nigeria", ["Maiduguri", "Kaduna", "Zaria", "Bama", "Katsina"], "Nigerian troops", ["Boko Haram fighters", "bandits"], "Nigerian"),
    ("Somalia", ["Mogadishu", "Baidoa", "Kismayo", "Beledweyne", "Afgooye"], "Somali army troops", ["Al-Shabaab fighters"], "Somali"),
    ("Sudan", ["Khartoum", "Omdurman", "El Fasher", "Nyala", "Wad Madani"], "army soldiers", ["Rapid Support Forces fighters"], "Sudanese"),
    ("Syria", ["Idlib", "Aleppo", "Deir ez-Zor", "Raqqa", "Homs"], "government forces", ["Islamic State militants", "rebel fighters"], "Syrian"),
    ("Yemen", ["Taiz", "Marib", "Hodeidah", "Aden", "Sanaa"], "government troops", ["Houthi fighters"], "Yemeni"),
    ("Afghanistan", ["Kandahar", "Jalalabad", "Kunduz", "Herat", "Ghazni"], "Afghan security forces", ["Islamic State militants", "gunmen"], "Afghan"),
    ("Burkina Faso", ["Djibo", "Ouahigouya", "Kaya", "Dori", "Fada N'Gourma"], "Burkinabe soldiers", ["JNIM militants", "jihadists"], "Burkinabe"),
    ("Democratic Republic of Congo", ["Goma", "Beni", "Bunia", "Butembo", "Rutshuru"], "Congolese soldiers", ["M23 rebels", "ADF rebels"], "Congolese"),
    ("Pakistan", ["Peshawar", "Quetta", "Bannu", "Lahore", "Karachi"], "Pakistani troops", ["Pakistani Taliban militants", "gunmen"], "Pakistani"),
    ("Ukraine", ["Kharkiv", "Kherson", "Zaporizhzhia", "Odesa", "Sumy"], "Ukrainian forces", ["Russian forces", "Russian saboteurs"], "Ukrainian"),
    ("Myanmar", ["Mandalay", "Sagaing", "Lashio", "Myawaddy", "Hpakant"], "junta troops", ["resistance fighters"], "Myanmar"),
]
NUMBERS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "10", "12", "15", "at least 20"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
SOURCES = ["a local official said", "residents said by telephone", "police said in a statement",
           "a military spokesman told reporters", "a hospital source said", "the regional governor said"]

EVENTS = [
    "{state} clashed with {group} near {town} on {day}, leaving {n} combatants dead, {source}.",
    "{group} attacked a military base outside {town} on {day}, killing {n} soldiers, {source}.",
    "{group} stormed a village near {town} on {day} and killed {n} civilians, {source}.",
    "A roadside bomb struck a {state_adj} army convoy near {town} on {day}, killing {n} soldiers, {source}.",
    "A suicide bomber blew himself up at a checkpoint in {town} on {day}, killing {n} people, {source}.",
    "An air strike hit a market in {town} on {day}, killing {n} people, {source}.",
    "Artillery shells fell on residential districts of {town} on {day}, killing {n} civilians, {source}.",
    "{group} abducted {n} students from a school near {town} on {day}, {source}.",
    "Police fired tear gas to disperse hundreds of protesters in {town} on {day} who were demanding the release of detained activists, {source}.",
    "Thousands of traders marched peacefully through {town} on {day} to protest a new market tax, {source}.",
    "Security forces arrested {n} suspected members of {group_bare} in a raid in {town} on {day}, {source}.",
    "{state} recaptured the town of {town} from {group} on {day} after two days of fighting, {source}.",
]
FOLLOW_UPS = [
    "The death toll from {day}'s attack near {town} rose to {n}, {source}.",
    "Residents of {town} buried the victims on {day} as mourners called for better protection.",
    "The fighting forced hundreds of families to flee towards {town2}, aid workers said.",
    "No group immediately claimed responsibility for the attack.",
    "The {state_adj} government condemned the violence and promised an investigation.",
]
BACKGROUND = [
    "The region has been hit by repeated attacks since {year}, and the violence has displaced thousands of people.",
    "Humanitarian groups have warned that the fighting is cutting off food supplies to the area.",
    "Analysts say armed groups have taken advantage of weak state control in rural districts.",
    "The United Nations says more than a million people in the country need humanitarian aid.",
    "\"We heard gunfire for hours and then everything went quiet,\" one resident said, asking not to be named.",
    "Local leaders have called on the authorities to send more troops and to reopen the main road to {town2}.",
    "Mobile phone networks in the area have been down for weeks, making it hard to confirm reports from the ground.",
    "Schools and clinics in several villages have closed, and many teachers have left for the cities.",
]
NON_EVENTS = [
    ("{country} central bank holds rates as inflation slows",
     ["The central bank of {country} kept its main interest rate unchanged on {day}, citing slowing inflation.",
      "The governor told reporters that prices for food and fuel had eased over the past three months.",
      "Economists had expected the decision and said a cut could come later in the year.",
      "The currency was steady against the dollar after the announcement."]),
    ("{town} club wins national football cup",
     ["A team from {town} won the national football cup on {day}, beating the defending champions 2-1.",
      "Thousands of supporters celebrated in the streets of the city late into the night.",
      "The coach praised his players and said the victory would inspire young athletes.",
      "The club will play in the continental championship next season."]),
    ("Heavy rains expected across {country} this week",
     ["Forecasters said on {day} that heavy rains would fall across much of {country} this week.",
      "Farmers welcomed the rain after a long dry season that damaged crops in several provinces.",
      "The weather service advised residents of low-lying areas of {town} to watch river levels."]),
    ("Foreign ministers meet in {town} to discuss trade",
     ["Foreign ministers from the region met in {town} on {day} to discuss trade and transport links.",
      "They agreed to study a new rail line and to lower customs fees on farm goods.",
      "A joint statement said the talks had been friendly and constructive.",
      "The next meeting is planned for the end of the year."]),
]
BOILERPLATE_TOP = ["Skip to main content", "Home | World | Africa | Middle East | Asia", "Menu", "Advertisement"]
BOILERPLATE_BOTTOM = ["Sign up for our daily newsletter.", "Reporting by our correspondents; editing by the news desk.",
                      "Related: more stories from the region", "(c) 2025 News Wire. All rights reserved.",
                      "Share this article: Facebook Twitter Email"]


def generate(n: int, seed: int = 20) -> Iterator[dict]:
    """N wire-style articles: three in four report events, one in four reports none; every one has site furniture."""
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    for i in range(n):
        country, towns, state, groups, adj = rng.choice(SETTINGS)
        published = start + timedelta(days=rng.randrange(600))
        town, town2 = rng.sample(towns, 2)
        group = rng.choice(groups)
        values = dict(country=country, town=town, town2=town2, state=state, state_adj=adj, group=group,
                      group_bare=group.replace(" fighters", "").replace(" militants", ""), year=rng.randint(2012, 2020),
                      day=rng.choice(DAYS + [f"{rng.choice(MONTHS)} {rng.randint(1, 28)}"]),
                      n=rng.choice(NUMBERS), source=rng.choice(SOURCES))
        if rng.random() < 0.25:
            title, body = rng.choice(NON_EVENTS)
            paragraphs = [p.format(**values) for p in body]
            title = title.format(**values)
        else:
            lead = rng.choice(EVENTS)
            first = lead.format(**values)
            title = first.split(" on ")[0].split(",")[0]
            paragraphs = [f"{town.upper()}, {country} — " + first]
            for template in rng.sample(FOLLOW_UPS, rng.randint(1, 3)) + rng.sample(BACKGROUND, rng.randint(2, 4)):
                paragraphs.append(template.format(**{**values, "n": rng.choice(NUMBERS), "day": rng.choice(DAYS)}))
            if rng.random() < 0.3:  # a second event in the same article
                paragraphs.insert(2, rng.choice(EVENTS).format(**{**values, "town": town2, "day": rng.choice(DAYS)}))
        text = "\n\n".join(rng.sample(BOILERPLATE_TOP, 2) + [title] + paragraphs + rng.sample(BOILERPLATE_BOTTOM, 2))
        yield {"url": f"https://wire.example/{published:%Y/%m/%d}/story-{i}", "title": title,
               "published": published.isoformat(), "text": text}


# ------------------------------------------------------------------ timing

def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: kilobytes


def _rss_now() -> str:
    """The resident memory of this process and of each worker process now, in MB."""
    import psutil

    me = psutil.Process()
    workers = [p.memory_info().rss / 2**20 for p in me.children(recursive=True)
               if "resource_tracker" not in " ".join(p.cmdline())]
    return f"writer {me.memory_info().rss / 2**20:.0f} MB" + (
        f", workers {' / '.join(f'{w:.0f}' for w in workers)} MB" if workers else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200, help="articles to generate (ignored with --path)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes for the ingest")
    parser.add_argument("--path", type=Path, help="a JSON-lines feed (.jsonl or .jsonl.gz) to read instead")
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--profile", type=Path, help="profile (b) with cProfile (use with --workers 1), save the "
                                                     "statistics here and print the top 15 by cumulative time")
    args = parser.parse_args()

    from sitroom.ingest import read_path
    from sitroom.nlp import BATCH_SIZE, get_nlp
    from sitroom.parallel import load_models, make_coder
    from sitroom.service import ensure_models, ingest_paths
    from threadpoolctl import threadpool_limits

    ensure_models(lambda msg: print(msg, file=sys.stderr))
    with tempfile.TemporaryDirectory() as tmp:
        feed = args.path
        if feed is None:
            feed = Path(tmp) / "corpus.jsonl"
            with feed.open("w", encoding="utf-8") as out:
                for record in generate(args.articles, args.seed):
                    out.write(json.dumps(record) + "\n")
        # The clean texts go to a file and are streamed back for (a): held in a list, a large corpus would
        # weigh on this process's peak memory, which (b) reports.
        texts_file, readable, words = Path(tmp) / "texts.jsonl", 0, 0
        with texts_file.open("w", encoding="utf-8") as out:
            for item in read_path(feed):
                if item.article is not None:
                    readable, words = readable + 1, words + len(item.article.text.split())
                    out.write(json.dumps(item.article.text) + "\n")
        print(f"corpus: {feed if args.path else 'generated'}, {readable} readable articles, {words:,} words")

        def texts() -> Iterator[str]:
            with texts_file.open(encoding="utf-8") as lines:
                yield from (json.loads(line) for line in lines)

        t0 = time.perf_counter()
        nlp = get_nlp()
        if args.workers == 1:
            load_models(1)  # the ingest below then runs in this process with its models loaded, on one thread
        loaded = time.perf_counter() - t0
        t0 = time.perf_counter()
        with threadpool_limits(1):  # one thread, as each process of the ingest has
            for _ in nlp.pipe(texts(), batch_size=BATCH_SIZE):
                pass
        parse_s = time.perf_counter() - t0

        coder = make_coder(args.workers)
        t0 = time.perf_counter()
        with coder:
            started = time.perf_counter() - t0
            rss_before = _rss_now()
            t0 = time.perf_counter()
            profiler = cProfile.Profile() if args.profile else None
            if profiler:
                profiler.enable()
            report = ingest_paths([feed], Path(tmp) / "bench.db", coder=coder)
            if profiler:
                profiler.disable()
            ingest_s = time.perf_counter() - t0
            rss_after = _rss_now()
    done = report.stored + report.duplicates + len(report.errors)
    print(f"models loaded in this process: {loaded:.1f} s; worker start-up (models loaded in each): {started:.1f} s")
    print(f"(a) spaCy parse alone ({nlp.meta['name']}, {', '.join(nlp.pipe_names)}; batch {BATCH_SIZE}): "
          f"{parse_s:.1f} s")
    print(f"(b) sitroom ingest, {args.workers} worker(s): {ingest_s:.1f} s — {report.stored} stored, "
          f"{report.duplicates} duplicates, {len(report.errors)} failed; {report.events_new} new events, "
          f"{report.events_merged} merged")
    print(f"articles/s: {done / ingest_s:.2f}")
    print(f"RSS before the ingest: {rss_before}; after it: {rss_after}")
    print(f"peak RSS: this process {_peak_mb(resource.RUSAGE_SELF):.0f} MB, "
          f"largest worker {_peak_mb(resource.RUSAGE_CHILDREN):.0f} MB")
    for error in report.errors:
        print(f"FAILED {error.source}: {error.reason}")
        if error.source in report.tracebacks:
            print(report.tracebacks[error.source])
    if profiler:
        profiler.dump_stats(args.profile)
        pstats.Stats(str(args.profile), stream=sys.stdout).sort_stats("cumulative").print_stats(15)
    print(f"ratio: {ingest_s / parse_s:.2f}")
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
