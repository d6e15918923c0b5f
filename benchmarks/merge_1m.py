"""Benchmark: cross-article merging of 1M synthetic event reports.

Generates reports of known events (about four per event, as outlets report
them: a few km and sometimes a day apart, an actor left out now and then, a
sub-type told differently), clusters them with sitroom.merge.cluster, and
prints the wall time, the pairs of reports compared (against the n^2/2 of
comparing all), and how well the clusters match the events that made them
(pairwise precision and recall). Sizes grow by ~3x so the growth rate shows.

    python benchmarks/merge_1m.py            # 100k, 300k, 1M
    python benchmarks/merge_1m.py --sizes 1000000
"""
from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from datetime import date

from sitroom.merge import MergeKey, cluster

TYPES = {
    "Battles": ["Armed clash"],
    "Explosions/Remote violence": ["Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED"],
    "Violence against civilians": ["Attack", "Abduction/forced disappearance"],
    "Protests": ["Peaceful protest", "Protest with intervention"],
}
START = date(2021, 1, 1).toordinal()
DAYS = 3 * 365


def synthetic_reports(n: int, seed: int = 7) -> tuple[list[MergeKey], list[int]]:
    rng = random.Random(seed)
    countries = [(f"C{i:02d}", rng.uniform(-20, 40), rng.uniform(-10, 70)) for i in range(30)]
    actors = {c: [f"Group {c}-{j}" for j in range(40)] for c, _, _ in countries}
    keys: list[MergeKey] = []
    truth: list[int] = []
    event = 0
    while len(keys) < n:
        country, lat0, lon0 = rng.choice(countries)
        event_type = rng.choice(list(TYPES))
        sub_types = TYPES[event_type]
        sub_type = rng.choice(sub_types)
        a1, a2 = rng.sample(actors[country], 2)
        lat, lon = lat0 + rng.uniform(0, 5), lon0 + rng.uniform(0, 5)
        admin1 = f"{country}-{int(lat) % 5}{int(lon) % 5}"
        day = START + rng.randrange(DAYS)
        for _ in range(min(rng.randint(1, 7), n - len(keys))):
            precision = rng.choices([1, 2, 3], weights=[6, 3, 1])[0]
            jitter = {1: 0.03, 2: 0.2, 3: 0.8}[precision]
            late = rng.random() < 0.15
            keys.append(MergeKey(
                event_type,
                sub_type if rng.random() < 0.85 else rng.choice(sub_types),
                a1 if rng.random() < 0.9 else "",
                a2 if rng.random() < 0.8 else "",
                country, admin1,
                lat + rng.uniform(-jitter, jitter), lon + rng.uniform(-jitter, jitter), precision,
                day + late, day + late + (6 if rng.random() < 0.1 else 0),
            ))
            truth.append(event)
        event += 1
    order = list(range(len(keys)))
    rng.shuffle(order)  # reports arrive in no particular order
    return [keys[i] for i in order], [truth[i] for i in order]


def pairwise(labels: list[int], truth: list[int]) -> tuple[float, float]:
    def pairs(counter: Counter) -> int:
        return sum(c * (c - 1) // 2 for c in counter.values())

    both = pairs(Counter(zip(labels, truth)))
    found, real = pairs(Counter(labels)), pairs(Counter(truth))
    return (both / found if found else 1.0), (both / real if real else 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 300_000, 1_000_000])
    args = parser.parse_args()
    print(f"{'reports':>9} {'events':>8} {'clusters':>8} {'seconds':>8} {'pairs compared':>15} "
          f"{'per report':>10} {'all pairs':>10} {'precision':>9} {'recall':>7}")
    for n in args.sizes:
        keys, truth = synthetic_reports(n)
        start = time.perf_counter()
        labels, compared = cluster(keys)
        seconds = time.perf_counter() - start
        precision, recall = pairwise(labels, truth)
        print(f"{n:>9,} {len(set(truth)):>8,} {len(set(labels)):>8,} {seconds:>8.1f} {compared:>15,} "
              f"{compared / n:>10.2f} {n * (n - 1) / 2:>10.2e} {precision:>9.3f} {recall:>7.3f}", flush=True)


if __name__ == "__main__":
    main()
