"""Gazetteer figures for the README: build time, index size, lookups per second.

    python benchmarks/gazetteer.py [--lookups 20000]

Builds the index from the installed packages into a temporary folder (the one
in SITROOM_HOME is left alone), then times cold-process-free lookups of a mix
of names: conflict towns in several spellings, provinces, countries, common
English words that are not places, and misspellings that only the loose key
finds. One run, one machine; the numbers are printed, never typed in.
"""
from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from sitroom.gazetteer import Gazetteer, build_index

NAMES = [
    "Deir ez-Zor", "Deir Ezzor", "Dayr az Zawr", "Abu Kamal", "Al Bukamal", "Hajin", "Raqqa", "Idlib", "Aleppo",
    "Mosul", "Tal Afar", "Hodeidah", "Maiduguri", "Kandahar", "Mogadishu", "Beledweyne", "Gao", "Timbuktu",
    "Bakhmut", "Mariupol", "Khan Younis", "El Fasher", "Goma", "Kaduna", "Birnin Gwari", "Quneitra", "Suweida",
    "Alberta", "Queensland", "Texas", "Borno", "Donetsk", "Syria", "Nigeria", "Somalia", "Canada", "Paris",
    "London", "Edmonton", "Springfield", "market", "Tuesday", "University", "Deir Zzor", "Mariupl", "Kandahr",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lookups", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gazetteer.sqlite"
        t0 = time.perf_counter()
        build_index(path)
        build_seconds = time.perf_counter() - t0
        size_mb = path.stat().st_size / 1e6
        gaz = Gazetteer(path)
        places = gaz.db.execute("SELECT COUNT(*) FROM places").fetchone()[0]
        names = gaz.db.execute("SELECT COUNT(*) FROM names").fetchone()[0]
        rng = random.Random(7)
        queries = [rng.choice(NAMES) for _ in range(args.lookups)]
        t1 = time.perf_counter()
        found = sum(bool(gaz.lookup_ranked(q).candidates) for q in queries)
        lookup_seconds = time.perf_counter() - t1
    print(f"build: {build_seconds:.1f} s; index {size_mb:.1f} MB; {places:,} places under {names:,} names")
    print(f"lookups: {args.lookups / lookup_seconds:,.0f} per second "
          f"({args.lookups:,} lookups of {len(NAMES)} names, {found / args.lookups:.0%} found)")


if __name__ == "__main__":
    main()
