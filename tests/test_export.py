"""export: the ACLED CSV keeps numbers as numbers and cannot carry a spreadsheet formula (issue #16)."""
from __future__ import annotations

import csv
import io

from sitroom.export import to_csv


def test_text_cells_that_a_spreadsheet_would_run_are_neutralised_and_numbers_are_not():
    hostile = {"source": "=cmd|' /C calc'!A0", "actor1": "+SUM(A1:A9)", "actor2": "-2+3", "location": "@SUM(1)",
               "notes": "\t=1+1", "admin1": "Idlib", "longitude": -3.25, "latitude": -12.5, "fatalities": 4}
    (row,) = csv.DictReader(io.StringIO(to_csv([hostile])))
    assert row["source"] == "'=cmd|' /C calc'!A0" and row["actor1"] == "'+SUM(A1:A9)"
    assert row["actor2"] == "'-2+3" and row["location"] == "'@SUM(1)" and row["notes"] == "'\t=1+1"
    assert row["admin1"] == "Idlib"
    assert (row["longitude"], row["latitude"], row["fatalities"]) == ("-3.25", "-12.5", "4")
