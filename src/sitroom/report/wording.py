"""The report's words: wording.yaml beside this file (sentence templates, territorial verbs, actors never 'new')."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

WORDING = Path(__file__).with_name("wording.yaml")


@lru_cache(maxsize=1)
def wording() -> dict[str, Any]:
    return yaml.safe_load(WORDING.read_text(encoding="utf-8"))


def plural(n: int, word: str) -> str:
    """'1 event', '3 events', '1 reported fatality'."""
    if n == 1:
        return f"1 {word}"
    return f"{n:,} {word[:-1] + 'ies' if word.endswith('y') else word + 's'}"


def change(now: float, before: float) -> str:
    """'up 250% on', 'down 50% on', 'level with', 'against none in'."""
    if before == 0:
        return "level with" if now == 0 else wording()["no_previous"]
    pct = round((now - before) / before * 100)
    if pct == 0:
        return "level with"
    return f"{'up' if pct > 0 else 'down'} {abs(pct)}% on"


def number(x: float) -> str:
    """A count or an average as a reader wants it: 3, 1.25 -> '1.25', 0.5."""
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}".rstrip("0")
