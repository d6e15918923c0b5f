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

from .extract.classifier import ACLED_TYPES, NOT_EVENT, get_classifier, get_screen, rule_label
from .extract.combine import (article_context, demote_accidents, demote_arrests_for_negligence, demote_private_violence,
                             demote_told_at_a_trial, drop_elaborations, fold_anaphora, review_mentions, unknown_hands,
                             wants_sentence_event)
from .extract.frames import a_measure, find_frames, routine_force_movement, sentence_frame, what_was_going_on
from .merge import merge_mentions, set_aside_country_level
from .nlp import parse, parse_many
from .records import Article, Event, Mention, content_hash
from .resolve.event_location import get_locator
from .resolve.mentions import build_context, frames_to_mentions, set_aside_captions
from .resolve.tolls import drop_background
from .snippets import SnippetCoding, decide


# A sentence shorter than this (in words) is a byline, a caption or a menu item: not read for events.
MIN_SENTENCE_WORDS = 4


def _title_end(article: Article) -> int:
    """Where the headline ends in the text: a paragraph of its own, or the text's opening words."""
    title = article.title.strip()
    if not title:
        return 0
    first = article.text.split("\n\n", 1)[0]
    if first.strip() == title:
        return len(first)
    start = len(article.text) - len(article.text.lstrip())
    return start + len(title) if article.text[start:].startswith(title) else 0


def mentions_from_doc(article: Article, doc: Doc, published: date | None = None, review: bool = True) -> list[Mention]:
    """The coder's mentions of one parsed article.

    The rules read every trigger word; unless `review` is off, the trained
    classifier then reads every sentence that holds a trigger or that the
    screen lets through: it weighs the rule mentions of each and finds the
    events that no trigger word covers (extract.combine).
    """
    when = published or article.published or date.today()
    title_end = _title_end(article)
    frames = find_frames(doc, title_end=title_end)
    ctx = build_context(doc, article, when, get_locator() if review else None)
    mentions = frames_to_mentions(frames, ctx)
    if not review:
        return mentions
    sentences = [s for s in ctx.sentences if sum(t.is_alpha for t in s) >= MIN_SENTENCE_WORDS]
    covered = {(f.sentence.start_char, f.sentence.end_char) for f in frames}
    # The encoder reads each sentence the rules found a trigger in, and any other only when the screen
    # (extract/screen.py) lets it through: most sentences of an article tell no event, and the encoder
    # costs several parses.
    others = [s for s in sentences if (s.start_char, s.end_char) not in covered]
    held_back = {s.start_char for s, ok in zip(others, get_screen().passes([s.text for s in others])) if not ok}
    sentences = [s for s in sentences if s.start_char not in held_back]
    by_sentence: dict[tuple[int, int], list[str]] = {}
    for m in mentions:
        by_sentence.setdefault((m.sentence.start, m.sentence.end), []).append(m.sub_event_type)
    keys = [(s.start_char, s.end_char) for s in sentences]
    predicted = get_classifier().predict([s.text for s in sentences], [rule_label(by_sentence.get(k, [])) for k in keys])
    verdicts = dict(zip(keys, predicted))
    # (a body line with no verb — "Fighting fund", a page's donation box — tells no deed the classifier may find)
    alone = [sentence_frame(s, v.sub_event_type, s.start_char < title_end)
             for s, k, v in zip(sentences, keys, predicted) if k not in covered and wants_sentence_event(v)
             and (s.start_char < title_end or any(t.pos_ in ("VERB", "AUX") for t in s))]
    alone = [f for f in alone if not routine_force_movement(f) and not a_measure(f) and not what_was_going_on(f)]
    if alone:
        mentions = frames_to_mentions(sorted(frames + alone, key=lambda f: f.trigger.i), ctx)
    context = article_context(doc)  # the article's political and crime cues, read once for both steps
    reviewed = demote_private_violence(review_mentions(drop_background(mentions, when), verdicts, context), context)
    reviewed = unknown_hands(demote_told_at_a_trial(demote_accidents(reviewed, context), doc), doc)
    reviewed = demote_arrests_for_negligence(reviewed, doc)
    reviewed = set_aside_captions(reviewed, ctx)
    return fold_anaphora(drop_elaborations(reviewed))


def extract_mentions(article: Article, published: date | None = None) -> list[Mention]:
    """One article -> its reviewed mentions, not yet merged."""
    return mentions_from_doc(article, parse(article.text), published)


def extract_events(article: Article, published: date | None = None) -> list[Event]:
    """One article -> its events, mentions of the same event merged."""
    return set_aside_country_level(merge_mentions(extract_mentions(article, published)))


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
            events = merge_mentions(mentions_from_doc(article, doc, review=review))
            yield article, set_aside_country_level(events) if review else events
        except Exception as exc:
            yield article, exc


# ------------------------------------------------------------------ snippets

# A snippet (a lead, a headline, a CASE 2021 text) is dated to a fixed day: the
# coder's decision must not depend on the day it runs.
SNIPPET_DAY = date(2020, 1, 1)
# A snippet (CASE 2021 task 2) reports an event or one of these kinds of non-event; it is never
# "a plan", "a running total" or "other news", which the coder rejects only in whole articles.
SNIPPET_CLASSES = set(ACLED_TYPES) | {f"{NOT_EVENT}/{kind}" for kind in (
    "crime", "natural disaster", "man-made disaster", "diplomacy", "claim or blame")}


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
    verdicts = [v.within(SNIPPET_CLASSES) for v in get_classifier().predict(texts, labels)]
    return [decide(content_hash(t), t, events, verdict) for t, events, verdict in zip(texts, rule_events, verdicts)]
