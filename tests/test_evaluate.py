"""evaluate: the metrics, on cases small enough to check by hand."""
from __future__ import annotations

import pytest

from sitroom.evaluate.classify import read_case_tsv, score


def test_scores_by_hand():
    gold = ["ARMED_CLASH", "ARMED_CLASH", "ARREST", "NATURAL_DISASTER", "DIPLO"]
    predicted = ["ARMED_CLASH", "ARREST", "ARREST", "NONE", "ARMED_CLASH"]
    report = score(gold, predicted)
    assert report["accuracy"] == pytest.approx(3 / 5)
    clash = report["per_class"]["ARMED_CLASH"]
    assert (clash["precision"], clash["recall"]) == (pytest.approx(1 / 2), pytest.approx(1 / 2))
    arrest = report["per_class"]["ARREST"]
    assert (arrest["precision"], arrest["recall"]) == (pytest.approx(1 / 2), 1.0)
    assert report["macro_f1_acled"] == pytest.approx((0.5 + 2 / 3) / 2)  # only classes present in the gold
    assert report["rejection"] == {"precision": 1.0, "recall": 0.5, "f1": pytest.approx(2 / 3)}
    # CASE 2021's ranking: each class's F1 (no event included) weighted by its support
    assert report["weighted_f1"] == pytest.approx((0.5 * 2 + 2 / 3 * 1 + 2 / 3 * 2) / 5)
    assert {"gold": "DIPLO", "predicted": "ARMED_CLASH", "count": 1} in report["confusions"]


def test_case_tsv_with_quotes_is_read_as_is(tmp_path):
    path = tmp_path / "g.tsv"
    path.write_text('id\tEventSnippet\tSubType\n7\t"Hundreds" marched in Kano\tPEACE_PROTEST\n')
    (snippet,) = read_case_tsv(path)
    assert (snippet.id, snippet.gold) == ("7", "PEACE_PROTEST")
    assert snippet.text.startswith('"Hundreds"')


def test_geo_evaluation_scores_toponyms_and_writes_independent_predictions(shared, tmp_path):
    import json

    from sitroom.evaluate.geo import evaluate_geo, write_predictions

    report, predicted = evaluate_geo(shared / "eval" / "geo" / "tr-news-dev.xml")
    assert report["documents"] == 59 and report["gold_toponyms"] == 635
    assert 0 <= report["auc"] <= 1
    # Issue #4's floors where the geoparser meets them: recognition F1 >= 0.85, median error <= 10 km.
    assert report["recognition"]["f1"] >= 0.85, report["recognition"]
    assert report["median_error_km"] <= 10, report["median_error_km"]
    # The gold places countries and provinces at GeoNames' own points, which no registry package
    # ships (Canada's is 1,000 km from any other source's centre): within 161 km alone stays low.
    assert report["accuracy_161km"] >= 0.75, report["accuracy_161km"]
    # Scored as issue #15 asks, a toponym resolved to the gold's own GeoNames record is right too.
    assert report["accuracy_161km_or_same_record"] >= 0.90, report["accuracy_161km_or_same_record"]
    # A prediction names its record: a country or province by its real GeoNames id, not an internal one.
    assert any(p.kind == "country" and p.geonameid == 6251999 for p in predicted)  # Canada
    out = tmp_path / "p.jsonl"
    write_predictions(predicted, out)
    first = json.loads(out.read_text().splitlines()[0])
    assert set(first) == {"docid", "start", "end", "name", "geonameid", "lat", "lon"}


def test_classify_evaluation_stays_above_its_floors_and_writes_case_predictions(shared, tmp_path):
    from sitroom.evaluate.classify import evaluate_classify
    from sitroom.taxonomy import CASE_LABELS

    report, predicted = evaluate_classify(shared / "eval" / "case2021-task2-dev.tsv")
    assert report["n"] == 503 and len(predicted) == 503
    # Floors against collapse, not targets: nothing is chosen on these snippets any more (the MPNet coder read
    # 0.768 / 0.805 / 0.857 here; the floors leave it about 0.03). What the coder is worth is measured by
    # cross-validation on its own examples (benchmarks/coder_cv.py, benchmarks/encoder_compare.py).
    assert report["macro_f1_acled"] >= 0.74, report["macro_f1_acled"]
    assert report["weighted_f1"] >= 0.78, report["weighted_f1"]
    assert report["rejection"]["f1"] >= 0.83, report["rejection"]
    assert report["snippets_per_second"] > 0
    assert {label for _, label in predicted} <= set(CASE_LABELS.values()) | {"NONE"}
