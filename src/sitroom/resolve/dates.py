"""Dates: expressions in a sentence -> a date range with ACLED time precision.

dateparser reads single dates ("last Tuesday", "23 July 2018"); ranges
("between the 23rd and 29th July") and vague spans ("in the past hours") are
read here first. Everything is resolved against the publication date and
never lands after it: news reports what has happened.
"""
from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from ..records import DateRange, Span

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9  # "Sept. 10", as AP writes it
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(\d{4}))?"
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}

_RANGE_PATTERNS = [
    # between the 23rd and 29th (of) July (2018)
    re.compile(rf"\b(?:between|from)\s+(?:the\s+)?{_DAY}\s+(?:and|to|-|until)\s+(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR}", re.I),
    # 23-29 July
    re.compile(rf"\b{_DAY}\s*[-–]\s*{_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR}", re.I),
]
_RANGE_MONTH_FIRST = [
    # between July 23 and 29 / July 23-29
    re.compile(rf"\b(?:between|from)\s+{_MONTH}\s+{_DAY}\s+(?:and|to|-|until)\s+{_DAY}{_YEAR}", re.I),
    re.compile(rf"\b{_MONTH}\s+{_DAY}\s*[-–]\s*{_DAY}{_YEAR}", re.I),
]
_RANGES = [(p, False) for p in _RANGE_PATTERNS] + [(p, True) for p in _RANGE_MONTH_FIRST]
_VAGUE = [
    (re.compile(r"\b(?:in|over|during)\s+the\s+(?:past|last)\s+(?:few\s+|several\s+|24\s+|48\s+)?hours\b", re.I), 1, 1),
    (re.compile(r"\b(?:overnight|last night)\b", re.I), 1, 1),
    (re.compile(r"\byesterday\b", re.I), 1, 1),
    (re.compile(r"\b(?:today|this morning|this afternoon|this evening|tonight|earlier today)\b", re.I), 0, 1),
    (re.compile(r"\b(?:in|over|during)\s+the\s+(?:past|last)\s+(?:few\s+|several\s+)?days\b|\bin recent days\b|\bthis week\b", re.I), 6, 2),
    (re.compile(r"\blast week\b|\bthe past week\b", re.I), 10, 2),
    (re.compile(r"\b(?:in|over|during)\s+the\s+(?:past|last)\s+(?:few\s+)?weeks\b|\bthis month\b|\bearlier this month\b", re.I), 30, 3),
]
_SINGLE = [
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR}", re.I),
    re.compile(rf"\b{_MONTH}\s+{_DAY}(?!\d){_YEAR}", re.I),
]
_WEEKDAY = re.compile(r"\b(?:on\s+|last\s+|this\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", re.I)
_YEAR_ONLY = re.compile(r"\b(?:(?:in|since|during|by|of|from)\s+(?:early\s+|late\s+|mid-?)?((?:19|20)\d{2})\b(?![-–/]\d)|"
                        # "a 2007 peace deal", "the 2013 attacks": a year naming a deed (not "the 2000 soldiers")
                        # ("since the 2014 school massacre" measures today's deed by it; "a 2000 strong protest")
                        r"(?<!since\s)(?:a|an|the|its|their)\s+((?:19|20)\d{2})\s+(?!strong\b)(?:\w+\s+)?(?:deal|agreement|accord|attacks?|"
                        r"bombings?|war|massacre|coup|uprising|revolution|ceasefire|truce|offensive|elections?|"
                        r"riots?|protests?|clashes|crisis|conflict|insurgency|invasion|siege)\b)", re.I)
_MONTH_ONLY = re.compile(rf"\b(in|during|since|early|late|mid|mid-|last)\s*(?:early\s+|late\s+)?{_MONTH}{_YEAR}\b", re.I)


def _year_for(month: int, day: int, published: date, year: str | None) -> int:
    if year:
        return int(year)
    # A date without a year is the most recent such date on or before publication.
    return published.year if (month, day) <= (published.month, published.day) else published.year - 1


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _precision_for(start: date, end: date) -> int:
    days = (end - start).days
    return 1 if days <= 1 else 2 if days <= 7 else 3


def find_date(text: str, offset: int, article_id: str, published: date) -> DateRange | None:
    """The first date expression in a sentence, resolved; None if there is none.

    First by position: "in 2007 when he was arrested, ... but today" is dated 2007 and "killed five on Monday,
    police said today" Monday. Each kind of expression offers its first match; the earliest in the text wins.
    """
    found = [d for d in _each_kind(text, offset, article_id, published) if d is not None]
    return min(found, key=lambda d: d.span.start) if found else None


def _each_kind(text: str, offset: int, article_id: str, published: date):
    yield _ago_date(text, offset, article_id, published)
    yield _range_date(text, offset, article_id, published)
    yield _vague_date(text, offset, article_id, published)
    yield _other_date(text, offset, article_id, published)
    yield _last_period(text, offset, article_id, published)


# "about a year ago", "two weeks ago", "some 10 days ago": counted back from the report, as precise as the unit
_AGO = re.compile(r"\b(?:about\s+|nearly\s+|almost\s+|some\s+|around\s+|over\s+|more\s+than\s+)?"
                  r"(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+few|several|\d{1,2})\s+"
                  r"(day|week|month|year)s?\s+ago\b", re.I)
_COUNT_WORDS = "one two three four five six seven eight nine ten eleven twelve".split()
_AGO_UNIT = {"day": (1, 1), "week": (7, 2), "month": (30, 3), "year": (365, 3)}  # days, ACLED time precision


def _ago_date(text: str, offset: int, article_id: str, published: date) -> DateRange | None:
    m = _AGO.search(text)
    if not m:
        return None
    word = " ".join(m.group(1).lower().split())
    vague = word in ("a few", "several")
    count = 1 if word in ("a", "an") else 3 if vague else int(word) if word.isdigit() else _COUNT_WORDS.index(word) + 1
    days, precision = _AGO_UNIT[m.group(2).lower()]
    back = published - timedelta(days=count * days)
    if vague and precision == 1:
        # "a few days ago": the week before the report, no day
        return DateRange(published - timedelta(days=6), published - timedelta(days=1), 2, _span(m, offset, article_id))
    if precision == 1:
        return DateRange(back, back, 1, _span(m, offset, article_id))
    half = timedelta(days=3 if precision == 2 else 15 if days == 30 else 182)
    return DateRange(back - half, min(back + half, published), precision, _span(m, offset, article_id))


_LAST_PERIOD = re.compile(r"\b(?:last|previous|past)\s+(year|month)\b", re.I)


def _last_period(text: str, offset: int, article_id: str, published: date) -> DateRange | None:
    """"left 4,000 dead last year": the whole of the year (or month) before the report's, ACLED precision 3.
    ("the past year" is read so too: a year up to the report, as background it is placed by its start.)"""
    m = _LAST_PERIOD.search(text)
    if not m:
        return None
    if m.group(1).lower() == "year":
        y = published.year - 1
        return DateRange(date(y, 1, 1), date(y, 12, 31), 3, _span(m, offset, article_id))
    first = published.replace(day=1) - timedelta(days=1)
    return DateRange(first.replace(day=1), first, 3, _span(m, offset, article_id))


def _range_date(text: str, offset: int, article_id: str, published: date) -> DateRange | None:
    for pattern, month_first in _RANGES:
        m = pattern.search(text)
        if m:
            if month_first:
                mon, d1, d2, year = m.groups()
            else:
                d1, d2, mon, year = m.groups()
            month = _MONTHS[mon.lower().rstrip(".")]
            y = _year_for(month, int(d2), published, year)
            start, end = _safe(y, month, int(d1)), _safe(y, month, int(d2))
            if start and end and start <= end:
                return DateRange(start, end, _precision_for(start, end), _span(m, offset, article_id))
    return None


def _vague_date(text: str, offset: int, article_id: str, published: date) -> DateRange | None:
    for pattern, back, precision in _VAGUE:
        m = pattern.search(text)
        if m:
            start = published - timedelta(days=back)
            end = published if back != 10 else published - timedelta(days=published.weekday() + 1)
            if back == 10:
                start = end - timedelta(days=6)
            if m.group(0).lower() == "yesterday":
                end = start
            return DateRange(start, end, precision, _span(m, offset, article_id))
    return None


def _other_date(text: str, offset: int, article_id: str, published: date) -> DateRange | None:
    for pattern in _SINGLE:
        m = pattern.search(text)
        if m:
            groups = m.groups()
            day, mon = (groups[0], groups[1]) if groups[0].isdigit() else (groups[1], groups[0])
            month = _MONTHS[mon.lower().rstrip(".")]
            y = _year_for(month, int(day), published, groups[2])
            when = _safe(y, month, int(day))
            if when and when <= published:
                return DateRange(when, when, 1, _span(m, offset, article_id))
    m = _WEEKDAY.search(text)
    if m:
        back = (published.weekday() - _WEEKDAYS[m.group(1).lower()]) % 7
        if m.group(0).lower().startswith("last") and back == 0:
            back = 7
        when = published - timedelta(days=back)
        return DateRange(when, when, 1, _span(m, offset, article_id))
    m = _MONTH_ONLY.search(text)
    if m and m.group(1).lower() == "last" and not m.group(2)[0].isupper():
        m = None  # "the last march of the season": a march, not March
    if m:
        cue, mon, year = m.groups()
        month = _MONTHS[mon.lower().rstrip(".")]
        y = _year_for(month, 1, published, year)
        if cue.lower() == "last" and not year and month == published.month:
            y -= 1  # "last October", said in October: a year ago
        last = calendar.monthrange(y, month)[1]
        start, end = date(y, month, 1), min(date(y, month, last), published)
        return DateRange(start, end, 3, _span(m, offset, article_id))
    m = _YEAR_ONLY.search(text)
    if m and int(m.group(1) or m.group(2)) <= published.year:
        # "in 2007 when he was arrested": a year, no finer; as background it is placed by it
        year = int(m.group(1) or m.group(2))
        since = m.group(0).lower().startswith("since")
        end = date(year, 12, 31) if year < published.year and not since else published
        return DateRange(date(year, 1, 1), end, 3, _span(m, offset, article_id))
    return None


def report_window(published: date) -> DateRange:
    """An undated statement: some day in the week up to the report (ACLED precision 2)."""
    return DateRange(published - timedelta(days=6), published, 2, None)


def _span(m: re.Match[str], offset: int, article_id: str) -> Span:
    return Span(article_id, offset + m.start(), offset + m.end(), m.group(0))
