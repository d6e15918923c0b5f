"""The event page: every field, the sources, and each source's text with the evidence marked field by field.

Everything that comes from an article (title, site, address, text) is escaped and shown as text; an
address becomes a link only when it is a plain http(s) URL, so a `javascript:` or `data:` address
stays inert text. The page carries no inline script (the CSP forbids it): its toggles are static/event.js.
"""
from __future__ import annotations

import re
from html import escape
from typing import Any

from ..taxonomy import INTER_LABELS

FIELD_LABELS = {
    "sub_event_type": "event type (trigger)",
    "actor1": "actor 1",
    "actor2": "actor 2",
    "location": "location",
    "event_date": "date",
    "fatalities": "fatalities",
    "notes": "sentence",
}
SHOWN = ["event_id_cnty", "event_date", "time_precision", "disorder_type", "event_type", "sub_event_type", "actor1",
         "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "country",
         "admin1", "admin2", "location", "latitude", "longitude", "geo_precision", "fatalities", "date_from", "date_to",
         "confidence", "source", "notes"]


# ACLED's codes, in words, shown beside the code.
GEO_PRECISION = {1: "the town itself", 2: "near the town, or its district", 3: "only the province or country"}
TIME_PRECISION = {1: "the day", 2: "within a week", 3: "within a month"}
CODE_LABELS = {"inter1": INTER_LABELS, "inter2": INTER_LABELS, "geo_precision": GEO_PRECISION,
               "time_precision": TIME_PRECISION}


def shown_value(field: str, value: Any) -> str:
    """A field's value as the page shows it: a code with its meaning beside it ("1 · State forces")."""
    if value is None:
        return ""
    label = CODE_LABELS.get(field, {}).get(value) if isinstance(value, int) else None
    return f"{value} · {label}" if label else str(value)


# http:// or https://, then no whitespace, no control character, nothing that could end the attribute.
_WEB_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f\"'<>`\\]+", re.IGNORECASE)


def source_link(url: str | None) -> str:
    """A source's address: a link when it is an http(s) URL, otherwise the same address as inert text."""
    url = url or ""
    if _WEB_URL.fullmatch(url):
        return f'<a href="{escape(url)}" rel="noreferrer noopener nofollow">{escape(url)}</a>'
    return f'<span class="url">{escape(url)}</span>'


def marked_text(text: str, spans: list[dict[str, Any]]) -> str:
    """The article text, escaped, with each evidence span wrapped in <mark>; overlapping spans nest cleanly.

    The text is cut at every span boundary; each piece is marked with the
    fields of all spans covering it.
    """
    cuts = {0, len(text)}
    valid = [s for s in spans if s["start"] is not None and 0 <= s["start"] < s["end"] <= len(text)]
    for s in valid:
        cuts.update((s["start"], s["end"]))
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:]):
        fields = sorted({s["field"] for s in valid if s["start"] <= a and b <= s["end"]})
        piece = escape(text[a:b])
        if not fields:
            out.append(piece)
            continue
        classes = " ".join(f"ev-{f}" for f in fields)
        title = ", ".join(FIELD_LABELS.get(f, f) for f in fields)
        out.append(f'<mark class="ev {escape(classes)}" data-fields="{escape(" ".join(fields))}" '
                   f'title="{escape(title)}">{piece}</mark>')
    return "".join(out)


def event_page(event: dict[str, Any]) -> str:
    rows = "".join(
        f"<tr><th>{escape(k)}</th><td data-field=\"{escape(k)}\">{escape(shown_value(k, event.get(k)))}</td></tr>"
        for k in SHOWN)
    disagreements = "".join(
        f"<li>{escape(k)}: {escape(', '.join(str(v) for v in vals))}</li>" for k, vals in event["disagreements"].items())
    legend = "".join(
        f'<label><input type="checkbox" checked data-toggle="{f}"> <mark class="ev ev-{f}">{escape(label)}</mark></label> '
        for f, label in FIELD_LABELS.items())
    sources = []
    for src in event["sources"]:
        spans = [e for e in event["evidence"] if e["article_id"] == src["id"]]
        copy = " (syndicated copy)" if src.get("duplicate_of") else ""
        sources.append(
            f'<section class="source" id="source-{escape(src["id"])}">'
            f'<h3>{escape(src.get("title") or src.get("site") or "untitled")}{copy}</h3>'
            f'<p class="meta">{escape(src.get("site") or "")} · {escape(src.get("published") or "undated")} · '
            f'{source_link(src.get("url"))} · {len(spans)} evidence span(s)</p>'
            f'<div class="article-text">{marked_text(src["text"], spans)}</div></section>')
    mentions = "".join(
        f"<li><b>{escape(m['sub_event_type'] or '')}</b> ({m['confidence']}): {escape(m['sentence'])}"
        f"<br><small>{escape('; '.join(m['reasons']))}{' · claimed by ' + escape(m['claimant']) if m['claimant'] else ''}"
        f"</small></li>" for m in event["mentions"])
    title = f"{event.get('sub_event_type')} — {event.get('location') or event.get('country')}, {event.get('event_date')}"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} · sitroom</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/static/style.css"><script src="/static/theme.js"></script></head>
<body class="event-page">
<header><a href="/">← sitroom</a><h1>{escape(title)}</h1></header>
<main>
<section class="fields"><h2>Fields</h2><table>{rows}</table>
{f'<h3>Sources disagree</h3><ul class="disagreements">{disagreements}</ul>' if disagreements else ''}
<h3>Mentions ({len(event['mentions'])})</h3><ul class="mentions">{mentions}</ul></section>
<section class="evidence"><h2>Sources ({len(event['sources'])}) and evidence</h2>
<p class="legend">{legend}</p>
{''.join(sources)}</section>
</main>
<script src="/static/event.js"></script>
</body></html>"""


def missing_event_page(event_id: str) -> str:
    """The page for an event address that names no stored event: a way back, not raw JSON."""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>No such event · sitroom</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/static/style.css"><script src="/static/theme.js"></script></head>
<body class="event-page missing">
<header><a href="/">← sitroom</a><h1>No such event</h1></header>
<main><p>This store has no event {escape(event_id)}: the link may come from another store, or the event was merged
into another one when more reports came in.</p><p><a href="/">Back to the map</a></p></main>
<script src="/static/event.js"></script>
</body></html>"""
