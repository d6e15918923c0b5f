"""evaluate geo: geoparsing measured against toponym gold in the TR-News / LGL XML format.

Recognition: a predicted toponym matches a gold one when their character
spans overlap (each gold toponym matched at most once); precision, recall and
F1 are also given for exact span matches. Resolution, over matched toponyms
whose gold has coordinates: the great-circle error in km, accuracy within
161 km (100 miles) and 25 km, accuracy within 161 km *or* on the gold's own
GeoNames record (a province or country has one record but many possible
representative points: the gold's and ours need not agree), median and mean error, and the AUC of the error
curve as Gritta et al. define it (the mean of ln(1 + error) / ln(1 + 20,039 km);
0 is perfect, lower is better).

The geoparser is the one the pipeline uses (resolve/places.py), plus
demonyms read as their country ("Turkish" -> Turkey), which these corpora
annotate as toponyms.
"""
from __future__ import annotations

import json
import math
import statistics
import time
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..gazetteer import default_gazetteer, distance_km
from ..nlp import get_nlp
from ..resolve.places import article_places

MAX_ERROR_KM = 20039.0
AREA_KINDS = ("country", "admin1", "continent")


@dataclass
class GoldToponym:
    start: int
    end: int
    phrase: str
    lat: float | None
    lon: float | None
    geonameid: int | None


@dataclass
class Predicted:
    docid: str
    start: int
    end: int
    name: str
    geonameid: int | None
    lat: float
    lon: float
    # What kind of gazetteer record it is (city, admin1, country, continent...); not part of the
    # predictions file, which keeps the fields anyone can score.
    kind: str = field(default="", compare=False)


def read_gold(path: Path) -> list[tuple[str, str, list[GoldToponym]]]:
    docs = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        gold = []
        for top in art.iter("toponym"):
            tag = top.find("gaztag")
            lat = lon = gid = None
            if tag is not None and tag.findtext("lat") is not None:
                lat, lon = float(tag.findtext("lat")), float(tag.findtext("lon"))
                gid = int(tag.get("geonameid")) if tag.get("geonameid", "").isdigit() else None
            gold.append(GoldToponym(int(top.findtext("start")), int(top.findtext("end")), top.findtext("phrase") or "",
                                    lat, lon, gid))
        docs.append((art.get("docid", ""), text, gold))
    return docs


def geoparse(docid: str, doc) -> list[Predicted]:
    """Toponyms of one parsed text with their chosen coordinates."""
    out = []
    for top in article_places(doc):
        c = top.choice
        if c is None or top.periphrasis:
            continue  # ("the capital": a place the text names by what it is, no toponym)
        out.append(Predicted(docid, top.start_char, top.end_char, top.text, c.geonames_id,
                             c.latitude, c.longitude, c.kind))
    taken = {(p.start, p.end) for p in out}
    gaz = default_gazetteer()
    for tok in doc:
        iso = gaz.demonym(tok.text) if tok.text[:1].isupper() else None
        if iso and (tok.idx, tok.idx + len(tok.text)) not in taken:
            country = gaz.country(iso)
            if country is not None:
                out.append(Predicted(docid, tok.idx, tok.idx + len(tok.text), tok.text, country.geonames_id,
                                     country.latitude, country.longitude, "country"))
    return sorted(out, key=lambda p: p.start)


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def evaluate_geo(gold_path: Path) -> tuple[dict[str, Any], list[Predicted]]:
    docs = read_gold(gold_path)
    nlp = get_nlp()
    texts = [text for _, text, _ in docs]
    t0 = time.perf_counter()
    parsed = list(nlp.pipe(texts, batch_size=8))
    parse_seconds = time.perf_counter() - t0
    t1 = time.perf_counter()
    predictions: list[Predicted] = []
    for (docid, _, _), doc in zip(docs, parsed):
        predictions.extend(geoparse(docid, doc))
    resolve_seconds = time.perf_counter() - t1

    tp_overlap = tp_exact = 0
    errors: list[float] = []
    same_record: list[bool] = []  # per resolved toponym: the prediction is the gold's own GeoNames record
    n_gold = sum(len(g) for _, _, g in docs)
    misses: list[dict[str, Any]] = []
    by_doc: dict[str, list[Predicted]] = {}
    for p in predictions:
        by_doc.setdefault(p.docid, []).append(p)
    for docid, text, gold in docs:
        used: set[int] = set()
        for g in gold:
            match = next((i for i, p in enumerate(by_doc.get(docid, []))
                          if i not in used and p.start < g.end and g.start < p.end), None)
            if match is None:
                continue
            used.add(match)
            p = by_doc[docid][match]
            tp_overlap += 1
            tp_exact += (p.start, p.end) == (g.start, g.end)
            if g.lat is not None:
                err = distance_km(g.lat, g.lon, p.lat, p.lon)
                errors.append(err)
                same_record.append(g.geonameid is not None and p.geonameid == g.geonameid)
                if err > 161 and not same_record[-1]:
                    misses.append({"docid": docid, "phrase": g.phrase, "predicted": p.name, "kind": p.kind,
                                   "error_km": round(err)})
    n_pred = len(predictions)
    report: dict[str, Any] = {
        "documents": len(docs),
        "gold_toponyms": n_gold,
        "predicted_toponyms": n_pred,
        "recognition": _prf(tp_overlap, n_pred, n_gold),
        "recognition_exact": _prf(tp_exact, n_pred, n_gold),
        "resolved": len(errors),
        "accuracy_161km": sum(e <= 161 for e in errors) / len(errors) if errors else 0.0,
        # A province or country is one record with many possible representative points: the
        # prediction is right when it is the gold's own record, wherever the two put its point.
        "accuracy_161km_or_same_record": (sum(e <= 161 or same for e, same in zip(errors, same_record)) / len(errors)
                                          if errors else 0.0),
        "accuracy_25km": sum(e <= 25 for e in errors) / len(errors) if errors else 0.0,
        "median_error_km": statistics.median(errors) if errors else None,
        "mean_error_km": statistics.mean(errors) if errors else None,
        "auc": statistics.mean(math.log1p(e) / math.log1p(MAX_ERROR_KM) for e in errors) if errors else None,
        "documents_per_second": len(docs) / (parse_seconds + resolve_seconds),
        "time_vs_spacy_parse": (parse_seconds + resolve_seconds) / parse_seconds,
        # Misses (>161 km and not the gold's record) where the geoparser chose a country, province or continent.
        "misses_on_areas": sum(m["kind"] in AREA_KINDS for m in misses),
        "misses": len(misses),
        "worst_misses": sorted(misses, key=lambda m: -m["error_km"])[:15],
    }
    return report, predictions


def write_predictions(predictions: list[Predicted], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for p in predictions:
            record = asdict(p)
            del record["kind"]
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
