"""Line-level cleaning of scraped plain text: boilerplate, repeated titles.

Pages saved as text keep the site's furniture ("skip to Main Content", "Back
To Top") and often print the title twice (headline, then a title-cased
heading). Those lines would otherwise be read as sentences.
"""
from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

from ..knowledge import load_yaml


@lru_cache(maxsize=2)
def whole_line_patterns(kind: str) -> list[re.Pattern[str]]:
    """boilerplate.yaml's expressions of one kind ("lines", "photo_credits"), each matching a whole line."""
    return [re.compile(rf"^\s*{p}\s*$", re.IGNORECASE) for p in load_yaml("boilerplate.yaml")[kind]]


def is_boilerplate(line: str) -> bool:
    return any(p.match(line) for p in whole_line_patterns("lines"))


def _fold(line: str) -> str:
    return re.sub(r"\W+", " ", line).strip().lower()


_ENDS_A_SENTENCE = ".!?:;\"”’')]…"
# A line that ends on one of these words (or a comma) goes on in the next one: the column was wrapped there.
_GOES_ON = {"the", "a", "an", "of", "in", "on", "at", "to", "for", "from", "with", "by", "and", "or", "but", "that",
            "which", "who", "whom", "whose", "as", "into", "near", "than", "its", "their", "his", "her", "our", "this"}


def _wrapped(line: str, following: str) -> bool:
    """Was `line` cut by a hard line break inside a sentence that `following` goes on with?"""
    if not line or not following or line[-1] in _ENDS_A_SENTENCE:
        return False
    if following.lower().startswith(("by ", "updated", "posted", "published")):
        return False  # a byline or a time stamp under a headline
    last = line.rsplit(" ", 1)[-1].lower()
    return following[0].islower() or line.endswith(",") or last in _GOES_ON or last.endswith("'s")


# A text with this many lines cut inside a sentence (the next goes on in lower case) is wrapped at a column
# throughout (a wire copy): there a line that reaches the column goes on even before a capital ("at the gates
# of the National\nGuard headquarters"). A line well short of the column ends a caption, a heading, a paragraph.
HARD_WRAPPED_LINES = 3
COLUMN_SHARE = 0.8


_DATELINE = re.compile(r"[A-Z]{3,}\b")  # "CARACAS, June 20": a dateline (or any word in capitals)


def _wrap_column(lines: list[str]) -> float:
    widths = sorted(len(line) for line, following in zip(lines, lines[1:])
                    if line and following and line[-1] not in _ENDS_A_SENTENCE and following[0].islower())
    return widths[len(widths) // 2] * COLUMN_SHARE if len(widths) >= HARD_WRAPPED_LINES else math.inf


# Capitalised words that open a sentence, not a name cut by the margin ("...in Kabul city\nThe Taliban denied").
_OPENERS = {"the", "a", "an", "in", "on", "at", "he", "she", "it", "they", "we", "i", "but", "and", "this", "that",
            "these", "those", "there", "his", "her", "its", "their", "our", "after", "before", "when", "while", "as",
            "if", "for", "from", "with", "by", "meanwhile", "however", "earlier", "later", "last", "some", "many",
            "several", "one", "two", "three", "four", "five", "no", "witnesses", "officials"}


def _at_the_column(line: str, following: str, column: float) -> bool:
    """Does `line` reach the column and `following` go on with a name ("the National\nGuard headquarters")?"""
    return len(line) >= column and line[-1] not in _ENDS_A_SENTENCE and following[0].isupper() \
        and following.split(" ", 1)[0].lower() not in _OPENERS


def _logical_lines(raw: str) -> list[str]:
    """The text's lines, with the hard-wrapped lines of one paragraph joined again.

    Some sources keep the line breaks of a printed column ("were killed in Sunday's\n   attacks, officials
    said"); read line by line, every such line would be a paragraph and every sentence cut in two.
    """
    raw_lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in raw.split("\n")]
    column = _wrap_column(raw_lines)
    lines: list[str] = []
    current = last = ""
    for line in raw_lines:
        if current and line and not is_boilerplate(line) and (
                _wrapped(last, line)
                # (a first line is a headline, whatever its length, unless it opens with a dateline in capitals;
                # and such a dateline opens a paragraph)
                or (lines or _DATELINE.match(current)) and not _DATELINE.match(line)
                and _at_the_column(last, line, column)):
            current = f"{current} {line}"
            last = line
            continue
        if current:
            lines.append(current)
        current = last = line
    if current:
        lines.append(current)
    return lines


def clean_plain_text(raw: str) -> str:
    """Drop furniture lines and duplicate headings; one paragraph per line (a wrapped one joined again).

    Paragraphs are joined with a blank line so that the sentence splitter never
    runs a headline into the paragraph under it.
    """
    raw = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    kept: list[str] = []
    seen_short: set[str] = set()
    for line in _logical_lines(raw):
        if is_boilerplate(line):
            continue
        folded = _fold(line)
        if not folded:
            continue
        # A short line seen before is a repeated title or heading, not new text.
        if len(line) < 300 and folded in seen_short:
            continue
        if len(line) < 300:
            seen_short.add(folded)
        kept.append(line)
    return "\n\n".join(kept)


def guess_title(text: str) -> str:
    first = text.split("\n\n", 1)[0].strip()
    return first if 0 < len(first) <= 250 else ""
