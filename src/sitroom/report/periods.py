"""The periods a report compares: the period asked for, the one before it, and the four before that.

A period is a run of whole days. `--last 7d` ends on `--until` when given and otherwise on the newest event
of the area in the store, never on today's date, so the same store gives the same report on any day.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

# How many periods before the current one make the baseline (ACLED's surge rule: the prior four).
BASELINE_PERIODS = 4
# The most periods a report looks back: its charts' span.
REACH_BACK = 12
_LAST = re.compile(r"^\s*(\d{1,4})\s*([dw])\s*$", re.IGNORECASE)
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


class BadPeriod(ValueError):
    """A period that cannot be used (the message says why)."""


@dataclass(frozen=True)
class Period:
    since: date
    until: date

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1

    def shifted(self, periods: int) -> "Period":
        """The period of the same length `periods` lengths earlier (negative) or later."""
        step = timedelta(days=self.days * periods)
        return Period(_moved(self.since, step), _moved(self.until, step))

    @property
    def previous(self) -> "Period":
        return self.shifted(-1)

    @property
    def baseline(self) -> "Period":
        """The four periods before this one, as one span of days."""
        return Period(self.shifted(-BASELINE_PERIODS).since, self.previous.until)

    def label(self) -> str:
        return day_range_label(self.since, self.until)

    def unit(self) -> str:
        """How the period is called in a sentence: 'week' for 7 days, else 'N days'."""
        return {1: "day", 7: "week"}.get(self.days, f"{self.days}-day period")

    def to_json(self) -> dict[str, object]:
        return {"since": self.since.isoformat(), "until": self.until.isoformat(), "days": self.days}


def parse_last(value: str) -> int:
    """'7d' or '2w' -> a number of days."""
    match = _LAST.match(value or "")
    if not match or int(match.group(1)) < 1:
        raise BadPeriod(f"'{value}' is not a length like 7d or 2w")
    return int(match.group(1)) * (7 if match.group(2).lower() == "w" else 1)


def resolve_period(since: date | None, until: date | None, last: str | None, newest: date | None) -> Period | None:
    """The period asked for: --since/--until, or --last ending on --until or on the newest event (`newest`).

    None when nothing is asked and the store has no event to end a default week on.
    """
    if since and last:
        raise BadPeriod("give --since (with --until) or --last, not both")
    if since:
        end = until or (newest if newest and newest >= since else since)
        if end < since:
            raise BadPeriod(f"--until {end} is before --since {since}")
        return Period(since, end)
    end = until or newest
    if end is None:
        return None
    return Period(_moved(end, -timedelta(days=parse_last(last or "7d") - 1)), end)


def _moved(day: date, step: timedelta) -> date:
    """A day moved by `step`, held at the calendar's ends (a period before the year 1 holds no event)."""
    try:
        return day + step
    except OverflowError:
        return date.min if step < timedelta(0) else date.max


def day_range_label(since: date, until: date) -> str:
    """'11–17 March 2024', '28 February – 5 March 2024', '12 March 2024'."""
    def full(d: date) -> str:
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"

    if since == until:
        return full(since)
    if (since.year, since.month) == (until.year, until.month):
        return f"{since.day}–{full(until)}"
    if since.year == until.year:
        return f"{since.day} {MONTHS[since.month - 1]} – {full(until)}"
    return f"{full(since)} – {full(until)}"
