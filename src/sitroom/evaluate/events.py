"""evaluate events: whole articles coded by sitroom against articles coded by hand.

Gold comes in two shapes: one article's gold (seed-hajin.gold.json: a
`document` beside it, `events`, `must_not_code`), or a list of such objects
whose texts are the lines of a JSONL file (../shared/eval/articles/). Each
article is read by the ingest stage as a user's file would be, and coded by
the pipeline; only events at or above the confidence threshold count, as in
the default exports.

Matching follows the articles' README. A found event *reports* a gold event
when one of its mentions' sentences overlaps the gold evidence, or when it has
the gold's event type within 25 km and overlapping dates. Each gold event is
paired with at most one found event and the other way round (required gold
first, then by the number of fields right). On each pair every field is
checked: sub-event type (or a listed alternative), event type, actor 1 and
actor 2 (names normalised: case, punctuation, year spans; the variants the
gold note names; the sides of a battle or a riot in either order), place
within 25 km, date window, fatalities exact. A pair is *right* when type,
actors, place and date are right (fatalities are reported on their own), and
*complete* when fatalities are right too.

Scores: precision = found events that report a gold event / found events
(also the README's variant with the events matched to optional gold left out
of both counts, and a strict one that needs the pair to be right); recall of
required events; field accuracy over the pairs; the share of required events
found complete; false events per negative article; and events whose trigger
lies inside a `must_not_code` statement.
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..export import event_with_evidence
from ..gazetteer import distance_km
from ..ingest import read_path
from ..pipeline import extract_events
from ..records import Article
from ..taxonomy import event_type_of

FIELDS = ("event_type", "sub_event_type", "actor1", "actor2", "location_25km", "date", "fatalities")
RIGHT = ("sub_event_type", "actor1", "actor2", "location_25km", "date")
SYMMETRIC = {"Armed clash", "Violent demonstration", "Mob violence"}
_WORD = re.compile(r"[a-z0-9]+")


@dataclass
class GoldArticle:
    document: str
    url: str
    published: date
    events: list[dict[str, Any]]
    must_not_code: list[str]
    article: Article | None = None
    error: str = ""


@dataclass
class Pair:
    gold_id: str
    status: str
    found_index: int
    fields: dict[str, bool]

    @property
    def right(self) -> bool:
        return all(self.fields[f] for f in RIGHT)

    @property
    def complete(self) -> bool:
        return self.right and self.fields["fatalities"]


@dataclass
class ArticleResult:
    document: str
    negative: bool
    found: list[dict[str, Any]]
    pairs: list[Pair]
    required: int
    unmatched_found: list[int]
    violations: list[dict[str, Any]]
    unlocated_statements: int
    error: str = ""


@dataclass
class EventsReport:
    articles: int
    negative_articles: int
    found_events: int
    required_total: int
    required_found: int
    required_right: int
    required_complete: int
    optional_found: int
    precision: float
    precision_without_optional: float
    precision_strict: float
    recall_required: float
    complete_share: float
    false_events_per_negative: float
    must_not_code_violations: int
    field_accuracy: dict[str, float]
    min_confidence: float
    reliability: list[dict[str, Any]] = field(default_factory=list)
    thresholds: list[dict[str, Any]] = field(default_factory=list)
    per_article: list[ArticleResult] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


# ------------------------------------------------------------------ reading the gold


def read_gold(gold_path: Path, articles_path: Path | None = None) -> list[GoldArticle]:
    """The gold articles with their texts read by the ingest stage."""
    data = json.loads(gold_path.read_text(encoding="utf-8"))
    if isinstance(data, dict):  # one article's gold, its document beside it
        published = date.fromisoformat(data["published"])
        gold = GoldArticle(data["document"], data["document"], published, data["events"], data.get("must_not_code", []))
        item = next(read_path(gold_path.parent / data["document"], published))
        gold.article, gold.error = item.article, item.error.reason if item.error else ""
        return [gold]
    if articles_path is None:
        raise ValueError("a list of gold articles needs --articles: the JSONL file with their texts")
    golds = [GoldArticle(g["document"], g["url"], date.fromisoformat(g["published"]), g["events"],
                         g.get("must_not_code", [])) for g in data]
    items = list(read_path(articles_path))
    if len(items) != len(golds):
        raise ValueError(f"{articles_path} has {len(items)} articles, the gold {len(golds)}")
    for gold, item in zip(golds, items):
        if item.article is not None:
            if item.article.url != gold.url:
                raise ValueError(f"article {item.article.url} is not the gold's {gold.url}: keep both in one order")
            item.article.published = gold.published
        gold.article, gold.error = item.article, item.error.reason if item.error else ""
    return golds


# ------------------------------------------------------------------ matching


def normalise_actor(name: str) -> str:
    """Case, punctuation and year spans ("(2008-)") do not tell actors apart."""
    name = re.sub(r"\(\s*\d{4}\s*-\s*(\d{4})?\s*\)", " ", name or "")
    return " ".join(_WORD.findall(name.lower()))


def _actor_ok(found: str, gold: str | None, note: str) -> bool:
    if gold is None:
        return True  # the gold names no second actor: the found one is not checked
    f, g = normalise_actor(found), normalise_actor(gold)
    if f == g:
        return True
    # "Civilians (Syria)" where the gold, like the seed's, leaves out the country
    if g and f.startswith(g + " ") and "(" not in gold and "(" in (found or ""):
        return True
    return bool(f) and f in normalise_actor(note)  # a variant the coder's note accepts


def _date_ok(found: dict[str, Any], gold: dict[str, Any]) -> bool:
    if "date_from" not in gold or not found.get("date_from"):
        return "date_from" not in gold
    return found["date_from"] <= gold["date_to"] and gold["date_from"] <= found["date_to"]


def check_fields(found: dict[str, Any], gold: dict[str, Any]) -> dict[str, bool]:
    """Each field of a found event against a gold event."""
    note = gold.get("note", "")
    types = {gold["sub_event_type"], *gold.get("alternatives", {}).get("sub_event_type", [])}
    straight = _actor_ok(found["actor1"], gold.get("actor1", ""), note) and \
        _actor_ok(found["actor2"], gold.get("actor2"), note)
    swapped = gold["sub_event_type"] in SYMMETRIC and _actor_ok(found["actor2"], gold.get("actor1", ""), note) and \
        _actor_ok(found["actor1"], gold.get("actor2"), note)
    sides = straight or swapped
    return {
        # the event type follows from the sub-event type: an accepted alternative brings its own
        "event_type": found["event_type"] in {gold["event_type"], *(event_type_of(t) for t in types)},
        "sub_event_type": found["sub_event_type"] in types,
        "actor1": sides or _actor_ok(found["actor1"], gold.get("actor1", ""), note),
        "actor2": sides or _actor_ok(found["actor2"], gold.get("actor2"), note),
        "location_25km": found["latitude"] is not None and distance_km(
            found["latitude"], found["longitude"], gold["latitude"], gold["longitude"]) <= 25,
        "date": _date_ok(found, gold),
        "fatalities": found["fatalities"] == gold.get("fatalities", 0),
    }


def _squeeze(text: str) -> tuple[str, list[int]]:
    """Lower-cased text with runs of whitespace as one space, and each kept character's offset."""
    out, where = [], []
    previous_space = True
    for i, ch in enumerate(text):
        if ch.isspace():
            if not previous_space:
                out.append(" ")
                where.append(i)
            previous_space = True
        else:
            out.append(ch.lower())
            where.append(i)
            previous_space = False
    return "".join(out), where


def locate(text: str, quote: str) -> tuple[int, int] | None:
    """Where a verbatim quote lies in the article text, whitespace and case aside."""
    squeezed, where = _squeeze(text)
    needle, _ = _squeeze(quote.strip().strip("\"'“”"))
    at = squeezed.find(needle) if needle else -1
    if at < 0:
        return None
    return where[at], where[at + len(needle) - 1] + 1


_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")
_STOP = set("the a an of in on at to and or for by with from was were is are has have had be been that this it its as "
            "not no but they their he she his her who which".split())


def _content(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2}


def locate_statement(text: str, statement: str) -> tuple[int, int] | None:
    """A must_not_code statement's span: verbatim before " — ", else the sentence that says it best."""
    quote = statement.split(" — ")[0] if " — " in statement else statement.split(":")[0]
    quote = re.sub(r"\s*\([^)]*\)", "", quote).strip()
    span = locate(text, quote)
    if span is not None:
        return span
    words = _content(quote)
    if len(words) < 2:
        return None
    best, best_share = None, 0.0
    for m in _SENTENCE.finditer(text):
        share = len(words & _content(m.group(0))) / len(words)
        if share > best_share:
            best, best_share = (m.start(), m.end()), share
    return best if best_share >= 0.6 else None


def _reports(found: dict[str, Any], gold: dict[str, Any], evidence: tuple[int, int] | None) -> bool:
    """Does this found event report that gold event (whatever its fields say)?"""
    if evidence is not None:
        for m in found["mentions"]:
            s = m["sentence"]
            if s["start"] < evidence[1] and evidence[0] < s["end"]:
                return True
    f = check_fields(found, gold)
    return f["event_type"] and f["location_25km"] and f["date"]


def pair_events(found: list[dict[str, Any]], golds: list[dict[str, Any]], text: str) -> list[Pair]:
    """One-to-one pairs of found and gold events; required gold first, then by fields right."""
    candidates = []
    for gi, g in enumerate(golds):
        evidence = locate(text, g.get("evidence", "")) if g.get("evidence") else None
        for fi, f in enumerate(found):
            if _reports(f, g, evidence):
                fields = check_fields(f, g)
                candidates.append((g["status"] != "required", -sum(fields.values()), gi, fi, fields))
    pairs, used_gold, used_found = [], set(), set()
    for _, _, gi, fi, fields in sorted(candidates, key=lambda c: c[:4]):
        if gi not in used_gold and fi not in used_found:
            used_gold.add(gi)
            used_found.add(fi)
            pairs.append(Pair(golds[gi]["id"], golds[gi]["status"], fi, fields))
    return pairs


# ------------------------------------------------------------------ the evaluation


def evaluate_article(gold: GoldArticle, min_confidence: float) -> ArticleResult:
    negative = not gold.events
    required = sum(g["status"] == "required" for g in gold.events)
    if gold.article is None:
        return ArticleResult(gold.document, negative, [], [], required, [], [], 0, gold.error or "not read")
    events = [e for e in extract_events(gold.article) if e.best.confidence >= min_confidence]
    found = [event_with_evidence(e) for e in events]
    text = gold.article.text
    pairs = pair_events(found, gold.events, text)
    paired = {p.found_index for p in pairs}
    violations, unlocated = [], 0
    for statement in gold.must_not_code:
        span = locate_statement(text, statement)
        if span is None:
            unlocated += 1
            continue
        for i, f in enumerate(found):
            if any(span[0] <= m["trigger"]["start"] < span[1] for m in f["mentions"]):
                violations.append({"statement": statement, "found_index": i, "paired": i in paired})
    return ArticleResult(gold.document, negative, found, pairs, required,
                         [i for i in range(len(found)) if i not in paired], violations, unlocated)


RELIABILITY_BINS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


def reliability(results: list[ArticleResult]) -> list[dict[str, Any]]:
    """Found events by confidence bin, and the share of them that report a gold event (required or optional)."""
    rows = []
    for low, high in zip(RELIABILITY_BINS, RELIABILITY_BINS[1:]):
        hits = [i in {p.found_index for p in r.pairs} for r in results for i, f in enumerate(r.found)
                if low <= f["confidence"] < high]
        rows.append({"from": low, "to": min(high, 1.0), "events": len(hits),
                     "true_share": sum(hits) / len(hits) if hits else None})
    return rows


SWEEP = (0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def threshold_sweep(results: list[ArticleResult], floor: float = 0.0) -> list[dict[str, Any]]:
    """What the measures would be at each export threshold: how the default threshold is chosen.

    F1 is over precision and the recall of required events. Thresholds below
    the one the events were found at are left out: those events are not here.
    """
    rows = []
    negatives = [r for r in results if r.negative]
    required = sum(r.required for r in results)
    for at in (t for t in SWEEP if t >= floor):
        kept = [{i for i, f in enumerate(r.found) if f["confidence"] >= at} for r in results]
        found = sum(len(k) for k in kept)
        matched = sum(len(k & {p.found_index for p in r.pairs}) for r, k in zip(results, kept))
        recalled = sum(len({p.gold_id for p in r.pairs if p.status == "required" and p.found_index in k})
                       for r, k in zip(results, kept))
        precision = matched / found if found else 1.0
        recall = recalled / required if required else 1.0
        rows.append({"at": at, "found": found, "matched": matched, "required_found": recalled,
                     "required_total": required, "precision": precision, "recall_required": recall,
                     "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
                     "false_per_negative": sum(len(k) for r, k in zip(results, kept) if r.negative)
                     / len(negatives) if negatives else 0.0})
    return rows


def evaluate_events(gold_path: Path, articles_path: Path | None = None, min_confidence: float = 0.0) -> EventsReport:
    results = [evaluate_article(g, min_confidence) for g in read_gold(gold_path, articles_path)]
    pairs = [p for r in results for p in r.pairs]
    found = sum(len(r.found) for r in results)
    required_pairs = [p for p in pairs if p.status == "required"]
    optional_found = sum(p.status != "required" for p in pairs)
    required_total = sum(r.required for r in results)
    negatives = [r for r in results if r.negative]

    def share(a: int, b: int) -> float:
        return a / b if b else 0.0

    return EventsReport(
        articles=len(results),
        negative_articles=len(negatives),
        found_events=found,
        required_total=required_total,
        required_found=len(required_pairs),
        required_right=sum(p.right for p in required_pairs),
        required_complete=sum(p.complete for p in required_pairs),
        optional_found=optional_found,
        precision=share(len(pairs), found) if found else 1.0,
        precision_without_optional=share(len(required_pairs), found - optional_found) if found > optional_found else 1.0,
        precision_strict=share(sum(p.right for p in pairs), found) if found else 1.0,
        recall_required=share(len(required_pairs), required_total),
        complete_share=share(sum(p.complete for p in required_pairs), required_total),
        false_events_per_negative=share(sum(len(r.found) for r in negatives), len(negatives)),
        must_not_code_violations=sum(len(r.violations) for r in results),
        field_accuracy={name: share(sum(p.fields[name] for p in pairs), len(pairs)) for name in FIELDS},
        min_confidence=min_confidence,
        reliability=reliability(results),
        thresholds=threshold_sweep(results, min_confidence),
        per_article=results,
    )
