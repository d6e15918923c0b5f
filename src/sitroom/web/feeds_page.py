"""The feeds page (/admin/feeds): when the store last took in an article, and each watched feed's health.

Read-only, like the rest of the app: it shows the state `sitroom watch` keeps in the store and changes
nothing. Every value is escaped (a feed's error message quotes what the feed sent); a feed's address is a
link only when it is a plain http(s) URL. No inline script or style: its look is static/feeds.css.
"""
from __future__ import annotations

from datetime import datetime, timezone
from html import escape
from typing import Any

from .pages import source_link

# Link states in the order the columns show them.
ITEM_STATES = ("stored", "duplicate", "unchanged", "pending", "failed", "skipped")


def _when(moment: float | None) -> str:
    if moment is None:
        return "never"
    return datetime.fromtimestamp(moment, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def health_of(feed: dict[str, Any]) -> tuple[str, str]:
    """A feed's health in a word, and the CSS class that colours it."""
    if feed["last_polled"] is None:
        return "never polled", "idle"
    if feed["last_status"] == "skipped":
        return "skipped", "idle"
    if feed["failures"]:
        return f"failing ({feed['failures']} in a row)", "bad" if feed["failures"] >= 3 else "warn"
    return "ok", "ok"


def feeds_page(feeds: list[dict[str, Any]], last_article: float | None) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in (
        "feed", "health", "last polled", "last answered", "last new link", "next poll", "last problem", *ITEM_STATES))
    rows = []
    for feed in feeds:
        word, kind = health_of(feed)
        hint = " · ".join(escape(v) for v in (feed["language"], feed["country"]) if v)
        counts = "".join(f'<td class="n">{feed["items"].get(state, 0)}</td>' for state in ITEM_STATES)
        rows.append(
            f"<tr><td>{source_link(feed['url'])}{f' <small>{hint}</small>' if hint else ''}</td>"
            f'<td class="health {kind}">{escape(word)}</td><td>{_when(feed["last_polled"])}</td>'
            f'<td>{_when(feed["last_ok"])}</td><td>{_when(feed["last_new_item"])}</td>'
            f'<td>{_when(feed["next_poll"])}</td><td class="problem">{escape(feed["last_error"] or "")}</td>'
            f"{counts}</tr>")
    failing = sum(1 for f in feeds if f["failures"])
    table = (f'<table class="feeds"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>' if feeds
             else "<p>No feed has been watched into this store yet (<code>sitroom watch FEEDS.yaml</code>).</p>")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Feeds · sitroom</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/static/style.css"><link rel="stylesheet" href="/static/feeds.css"></head>
<body class="feeds-page">
<header><a href="/">← sitroom</a><h1>Feeds</h1></header>
<main>
<p class="summary">Last article stored: <b>{_when(last_article)}</b> · {len(feeds)} feed(s) watched,
{failing} failing.</p>
{table}
</main>
</body></html>"""
