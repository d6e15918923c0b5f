"""pipeline: the stages wired in order, for one article or a stream of them.

ingest gives an Article; nlp parses it; extract finds frames; resolve turns
them into Mentions (actors, place, date, numbers, the rule coder's type); the
trained classifier reviews them (extract.combine); merge groups them into
Events. Snippets (a lead, a headline) go through the same stages and are then
decided as one unit (snippets.py). The store, the exports and the web app
come after this module and are not its business.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from spacy.tokens import Doc

from .extract.classifier import get_classifier, rule_label
from .extract.combine import review_mentions
from .extract.frames import find_frames
from .merge import merge_mentions
from .nlp import parse, parse_many
from .records import Article, Event, Mention, content_hash
from .resolve.mentions import build_context, frames_to_mentions
from .snippets import SnippetCoding, decide


def _title_end(article: Article) -> int:
    first = article.text.split("\n\n", 1)[0]
    return len(first) if article.title and first.strip() == article.title.strip() else 0


def mentions_from_doc(article: Article, doc: Doc, published: date | None = None, review: bool = True) -> list[Mention]:
    """The rule coder's mentions, reviewed by the trained classifier unless `review` is off."""
    when = published or article.published or date.today()
    frames = find_frames(doc, title_end=_title_end(article))
    mentions = frames_to_mentions(frames, build_context(doc, article, when))
    if review:
        mentions = review_mentions(mentions, get_classifier())
    return mentions


def extract_mentions(article: Article, published: date | None = None) -> list[Mention]:
    """One article -> its reviewed mentions, not yet merged."""
    return mentions_from_doc(article, parse(article.text), published)


def extract_events(article: Article, published: date | None = None) -> list[Event]:
    """One article -> its events, mentions of the same event merged."""
    return merge_mentions(extract_mentions(article, published))


def extract_many(articles: Iterable[Article], batch_size: int = 16, review: bool = True
                 ) -> Iterator[tuple[Article, list[Event] | Exception]]:
    """Stream articles through nlp.pipe in batches; events per article, in order.

    An article that a stage fails on yields its exception in place of events,
    and the others go on: one bad page must not stop a corpus.
    """
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) == batch_size:
            yield from _run_batch(batch, review)
            batch = []
    if batch:
        yield from _run_batch(batch, review)


def _run_batch(batch: list[Article], review: bool) -> Iterator[tuple[Article, list[Event] | Exception]]:
    try:
        docs: list[Doc | Exception] = list(parse_many([a.text for a in batch], batch_size=len(batch)))
    except Exception:  # find the article the parser chokes on, one by one
        docs = []
        for article in batch:
            try:
                docs.append(parse(article.text))
            except Exception as exc:
                docs.append(exc)
    for article, doc in zip(batch, docs):
        if isinstance(doc, Exception):
            yield article, doc
            continue
        try:
            yield article, merge_mentions(mentions_from_doc(article, doc, review=review))
        except Exception as exc:
            yield article, exc


# ------------------------------------------------------------------ snippets

# A snippet (a lead, a headline, a CASE 2021 text) is dated to a fixed day: the
# coder's decision must not depend on the day it runs.
SNIPPET_DAY = date(2020, 1, 1)


def _snippet_articles(texts: list[str]) -> Iterator[Article]:
    # The text doubles as the title: a lead reports in the present tense, as headlines do.
    for i, text in enumerate(texts):
        yield Article(url=f"snippet:{i}", title=text, text=text, published=SNIPPET_DAY)


def snippet_rule_events(texts: list[str]) -> list[list[Event]]:
    """The rule coder alone on each snippet (an article it fails on gives no events)."""
    return [events if not isinstance(events, Exception) else []
            for _, events in extract_many(_snippet_articles(texts), review=False)]


def events_label(events: list[Event]) -> str:
    """The rule coder's one answer for a text from its events (the classifier's second input)."""
    return rule_label([e.best.sub_event_type for e in events])


def snippet_rule_labels(texts: list[str]) -> list[str]:
    """What the rule coder alone says of each text, as the classifier reads it in training too."""
    return [events_label(events) for events in snippet_rule_events(texts)]


def code_snippets(texts: list[str]) -> list[SnippetCoding]:
    """Each snippet as one unit: the classifier's verdict, with the rule events as evidence."""
    rule_events = snippet_rule_events(texts)
    labels = [events_label(events) for events in rule_events]
    verdicts = get_classifier().predict(texts, labels)
    return [decide(content_hash(t), t, events, verdict) for t, events, verdict in zip(texts, rule_events, verdicts)]
