"""pipeline: the stages wired in order, for one article or a stream of them."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from spacy.tokens import Doc

from .extract import find_frames
from .merge import merge_mentions
from .nlp import parse, parse_many
from .records import Article, Event, Mention
from .resolve.mentions import build_context, frames_to_mentions


def _title_end(article: Article) -> int:
    first = article.text.split("\n\n", 1)[0]
    return len(first) if article.title and first.strip() == article.title.strip() else 0


def mentions_from_doc(article: Article, doc: Doc, published: date | None = None) -> list[Mention]:
    when = published or article.published or date.today()
    frames = find_frames(doc, title_end=_title_end(article))
    return frames_to_mentions(frames, build_context(doc, article, when))


def extract_mentions(article: Article, published: date | None = None) -> list[Mention]:
    return mentions_from_doc(article, parse(article.text), published)


def extract_events(article: Article, published: date | None = None) -> list[Event]:
    """One article -> its events, mentions of the same event merged."""
    return merge_mentions(extract_mentions(article, published))


def extract_many(articles: Iterable[Article], batch_size: int = 16) -> Iterator[tuple[Article, list[Event] | Exception]]:
    """Stream articles through nlp.pipe in batches; events per article, in order.

    An article that a stage fails on yields its exception in place of events,
    and the others go on: one bad page must not stop a corpus.
    """
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) == batch_size:
            yield from _run_batch(batch)
            batch = []
    if batch:
        yield from _run_batch(batch)


def _run_batch(batch: list[Article]) -> Iterator[tuple[Article, list[Event] | Exception]]:
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
            yield article, merge_mentions(mentions_from_doc(article, doc))
        except Exception as exc:
            yield article, exc
