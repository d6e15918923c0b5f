"""Event location: for an event's trigger, which of the sentence's places is where it happened.

A sentence names many places: the dateline ("NAIROBI (AP) —"), the speaker's
capital ("Kyiv says ..."), the victims' home town, the province around the
town. Which one is the event's is a matter of the parse: the preposition that
governs the name, whether it lies in the trigger's clause or in the subject of
a reporting verb, how far it is from the trigger, what noun it qualifies.

Candidates are the runs of proper nouns of a sentence (and the named places
the entity recogniser finds), so that a village no gazetteer knows is still a
candidate. Each (trigger, candidate) pair is described by features of the
parse and a gradient-boosted classifier, trained on the event-location
sentences shipped in data/event_location/ (Halterman 2019, MIT), says how
likely the candidate is the event's place. The model is trained on first use
(about a minute on two cores: the parse of 7,878 sentences) and cached in
$SITROOM_HOME, keyed by a digest of the data and the feature version.
"""
from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span as SpacySpan, Token

from ..gazetteer import default_gazetteer
from ..knowledge import BUNDLED, data_dir, load_yaml
from ..knowledge.lexicon import lexicon

TRAINING_DATA = BUNDLED / "event_location" / "train.jsonl"
FEATURE_VERSION = 7
THRESHOLD = 0.5  # replaced by the cross-validated one stored with the model
SECOND_THRESHOLD = 1.01  # a second place for one event: likewise (above 1: never)
_PLACE_ENTS = {"GPE", "LOC", "FAC"}
_REPORT_VERBS = {"say", "tell", "report", "claim", "accuse", "announce", "state", "add", "confirm", "allege", "deny",
                 "blame", "warn", "condemn", "urge", "call", "quote", "according"}


@dataclass(frozen=True)
class Candidate:
    """A name in a sentence that may be where its event happened (token and character offsets)."""

    start: int
    end: int
    start_char: int
    end_char: int
    text: str


@lru_cache(maxsize=1)
def _place_words() -> dict[str, frozenset[str]]:
    data = load_yaml("place_words.yaml")
    return {k: frozenset(str(w).lower() for w in v) for k, v in data.items()}


def _is_name_token(tok: Token) -> bool:
    return tok.pos_ == "PROPN" or tok.tag_ in ("NNP", "NNPS")


def candidates(sent: SpacySpan) -> list[Candidate]:
    """Runs of proper nouns (joined by "al-", "de", hyphens) and the entity recogniser's places, merged."""
    joiners = _place_words()["name_joiners"]
    spans: list[tuple[int, int]] = []
    i, end = sent.start, sent.end
    doc = sent.doc
    while i < end:
        if _is_name_token(doc[i]) and not doc[i].is_punct:
            j = i + 1
            while j < end and (_is_name_token(doc[j]) or (
                    (doc[j].lower_ in joiners or doc[j].text == "-") and j + 1 < end and _is_name_token(doc[j + 1]))):
                j += 1
            spans.append((i, j))
            i = j
        else:
            i += 1
    for ent in sent.ents:
        if ent.label_ in _PLACE_ENTS and not any(s < ent.end and ent.start < e for s, e in spans):
            spans.append((ent.start, ent.end))
    out = []
    for s, e in sorted(spans):
        while e > s and doc[e - 1].is_punct:
            e -= 1
        while s < e and (doc[s].is_punct or doc[s].lower_ in ("the",)):
            s += 1
        if s < e:
            out.append(Candidate(s, e, doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text), doc[s:e].text))
    return out


# ------------------------------------------------------------------ features


def _ancestors(tok: Token) -> list[Token]:
    chain = []
    while tok.head.i != tok.i and len(chain) < 40:  # (spaCy makes a new Token object per access: compare .i)
        tok = tok.head
        chain.append(tok)
    return chain


def _root_of(doc: Doc, cand: Candidate) -> Token:
    span = doc[cand.start:cand.end]
    return span.root


def _lemma_class(trigger: Token) -> str:
    """The trigger's lemma if the lexicon knows it as an event word or a reporting verb, else its part of speech.

    A closed set, so that the model's columns stay few (and its training fast).
    """
    lemma = trigger.lemma_.lower()
    lex = lexicon()
    if lemma in _REPORT_VERBS or lemma in lex["verbs"] or lemma in lex["nouns"]:
        return lemma
    return trigger.pos_


def _noun_kind(noun: Token, words: dict[str, frozenset[str]]) -> str:
    """What a noun next to a candidate says of it: "the town of X" (place), "near X", "the road to X" (route)."""
    lemma = noun.lemma_.lower()
    return ("place" if lemma in words["place_nouns"] else "near" if lemma in words["near_words"] else
            "route" if lemma in words["route_nouns"] else "other")


def _bucket(n: int) -> str:
    return str(n) if n < 4 else "4-6" if n < 7 else "7-12" if n < 13 else "13+"


def features(trigger: Token, cand: Candidate, cands: list[Candidate]) -> dict[str, float | str]:
    """What the parse says of one candidate as the place of the trigger's event."""
    doc = trigger.doc
    words = _place_words()
    root = _root_of(doc, cand)
    span = doc[cand.start:cand.end]
    f: dict[str, float | str] = {}
    f["dep"] = root.dep_
    head = root.head
    f["head_pos"] = head.pos_
    prep = head if root.dep_ == "pobj" else None
    f["prep"] = (prep.lower_ if prep.pos_ == "ADP" else prep.pos_) if prep is not None else "-"
    noun_of = prep.head if prep is not None and prep.lower_ == "of" else None
    if noun_of is not None:
        f["of_noun"] = _noun_kind(noun_of, words)
        f["of_prep"] = noun_of.head.lower_ if noun_of.dep_ == "pobj" else "-"
    else:
        f["of_noun"] = "-"
        f["of_prep"] = "-"
    if root.dep_ in ("compound", "amod", "nmod", "poss"):
        f["qualifies"] = _noun_kind(head, words)
        f["qualifies_prep"] = head.head.lower_ if head.dep_ == "pobj" else "-"
    else:
        f["qualifies"] = "-"
        f["qualifies_prep"] = "-"
    ent = next((e.label_ for e in doc.ents if e.start < cand.end and cand.start < e.end), "-")
    f["ent"] = ent
    # Counties are left out: the model learnt what a name's towns, provinces and countries say.
    gaz = [c for c in default_gazetteer().candidates(cand.text, loose=False) if c.kind != "admin2"]
    f["gazetteer"] = max((c.kind for c in gaz), key=("continent country admin1 region city".split()).index,
                         default="-") if gaz else "-"
    f["population"] = max((c.population for c in gaz), default=0) ** 0.25
    f["in_actor"] = float(any(s.start < cand.end and cand.start < s.end for s in doc.spans.get("actors", [])))
    f["n_tokens"] = float(len(span))
    f["possessive"] = float(cand.end < len(doc) and doc[cand.end].tag_ == "POS")
    f["all_caps"] = float(cand.text.isupper() and len(cand.text) > 3)
    sent = trigger.sent
    f["sentence_start"] = float(cand.start == sent.start)
    after = doc[cand.end].text if cand.end < len(doc) else ""
    f["followed_by"] = after if after in ("(", "—", "-", "–", ",", ":", ".", "'s", "and") else "other"
    before = doc[cand.start - 1] if cand.start > sent.start else None
    f["before"] = "^" if before is None else before.lower_ if before.pos_ in ("ADP", "DET", "PUNCT", "CCONJ") else before.pos_
    # Where the candidate sits relative to the trigger in the tree and in the sentence.
    trig_chain = [trigger] + _ancestors(trigger)
    cand_chain = [root] + _ancestors(root)
    common = next((t for t in cand_chain if t in trig_chain), None)
    up_from_cand = cand_chain.index(common) if common is not None else 20
    up_from_trig = trig_chain.index(common) if common is not None else 20
    f["tree_distance"] = _bucket(up_from_cand + up_from_trig)
    f["up_from_trigger"] = _bucket(up_from_trig)
    f["in_trigger_subtree"] = float(common is not None and common.i == trigger.i)
    f["trigger_below_candidate"] = float(common is not None and common.i == root.i)
    between = cand_chain[1:up_from_cand] if common is not None else cand_chain[1:]
    f["via_report_verb"] = float(any(t.lemma_.lower() in _REPORT_VERBS for t in between + trig_chain[1:up_from_trig]))
    f["in_subject"] = float(any(t.dep_ in ("nsubj", "nsubjpass") for t in [root] + between))
    f["in_report_subject"] = float(any(t.dep_ == "nsubj" and t.head.lemma_.lower() in _REPORT_VERBS
                                       for t in [root] + between))
    distance = cand.start - trigger.i
    f["side"] = "after" if distance > 0 else "before"
    f["token_distance"] = _bucket(abs(distance))
    order = sorted(cands, key=lambda c: abs(c.start - trigger.i))
    f["rank"] = _bucket(order.index(cand)) if cand in order else "-"
    f["n_candidates"] = _bucket(len(cands))
    f["trigger_pos"] = trigger.pos_
    f["trigger_lemma"] = _lemma_class(trigger)
    f["trigger_lemma_is_say"] = float(trigger.lemma_.lower() in _REPORT_VERBS)
    # In a list of places ("in A, B and C") a name is what the first of the list is.
    first_of_list = root
    while first_of_list.dep_ == "conj" and first_of_list.head.i != first_of_list.i:
        first_of_list = first_of_list.head
    f["in_list"] = float(first_of_list.i != root.i)
    if first_of_list.i != root.i:
        head_of_list = first_of_list.head
        f["list_head_prep"] = (head_of_list.lower_ if head_of_list.pos_ == "ADP" else "other") \
            if first_of_list.dep_ == "pobj" else first_of_list.dep_
    quotes = sum(1 for t in doc[sent.start:cand.start] if t.text in ('"', "“", "”", "‘", "’", "''", "``"))
    f["in_quotes"] = float(quotes % 2 == 1)
    f["verbs_between"] = _bucket(sum(1 for t in doc[min(trigger.i, cand.start):max(trigger.i, cand.start)]
                                     if t.pos_ == "VERB" and t.i != trigger.i))
    others = [c for c in cands if c is not cand]
    f["other_in_subtree"] = float(any(trigger.i <= c.start <= trigger.right_edge.i and
                                      _root_of(doc, c) in trigger.subtree for c in others))
    # Pairs that matter together.
    f["prep_x_subtree"] = f"{f['prep']}|{f['in_trigger_subtree']:.0f}"
    f["ent_x_prep"] = f"{ent}|{f['prep']}"
    return f


# ------------------------------------------------------------------ the model


class FeatureTable:
    """Feature dicts -> a numeric matrix: one column per feature, words as category numbers.

    Gradient boosting reads a category column natively, so a feature with
    forty values is one column, not forty (training stays a matter of seconds).
    Values seen fewer than MIN_COUNT times in training share one category.
    """

    MIN_COUNT = 5
    MAX_CATEGORIES = 250  # the booster's limit is 255 bins

    def __init__(self, rows: list[dict[str, float | str]]):
        from collections import Counter

        self.columns = sorted({k for r in rows for k in r})
        counts = {k: Counter(r[k] for r in rows if k in r and isinstance(r[k], str)) for k in self.columns}
        self.categories = {k: {v: i for i, (v, n) in enumerate(c.most_common(self.MAX_CATEGORIES))
                               if n >= self.MIN_COUNT} for k, c in counts.items() if c}

    def is_categorical(self) -> list[bool]:
        return [k in self.categories for k in self.columns]

    def matrix(self, rows: list[dict[str, float | str]]):
        import numpy as np

        out = np.full((len(rows), len(self.columns)), np.nan)
        for i, row in enumerate(rows):
            for j, k in enumerate(self.columns):
                if k not in row:
                    continue
                value = row[k]
                if k in self.categories:
                    out[i, j] = self.categories[k].get(value, len(self.categories[k]))  # unseen/rare: one more
                else:
                    out[i, j] = float(value)
        return out


class EventLocator:
    """Scores a sentence's candidates as the place of one trigger's event.

    An event mostly has one place: the likeliest candidate is its place when
    its probability reaches `threshold`, and another candidate only when it is
    itself near certain (`second_threshold`): "rebels captured Rasai I and
    Rasai II". Scoring each candidate alone against one threshold named two
    places for one event wherever the town and its province both scored
    middling (the province and the town are one place for the coder).
    """

    def __init__(self, table: FeatureTable, model, threshold: float, second_threshold: float = SECOND_THRESHOLD):
        self.table = table
        self.model = model
        self.threshold = threshold
        self.second_threshold = second_threshold

    def probabilities(self, trigger: Token, cands: list[Candidate]) -> list[float]:
        if not cands:
            return []
        rows = self.table.matrix([features(trigger, c, cands) for c in cands])
        # One OpenMP thread: the booster hands every tree of a few rows to a thread team, and waking the
        # team costs more than the tree (20 times the whole prediction on two busy cores).
        with _openmp().limit(limits=1, user_api="openmp"):
            return [float(p) for p in self.model.predict_proba(rows)[:, 1]]

    def locate(self, trigger: Token, cands: list[Candidate] | None = None) -> list[tuple[Candidate, float]]:
        """The event's places, likeliest first: the top candidate at or above the threshold, and any other
        candidate at or above the second threshold."""
        cands = candidates(trigger.sent) if cands is None else cands
        scored = sorted(zip(cands, self.probabilities(trigger, cands)), key=lambda x: -x[1])
        if not scored or scored[0][1] < self.threshold:
            return []
        return scored[:1] + [(c, p) for c, p in scored[1:] if p >= self.second_threshold]


@lru_cache(maxsize=1)
def _openmp():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()  # finds the loaded thread pools once, not at every prediction


@dataclass
class LabelledSentence:
    id: str
    text: str
    verb: tuple[int, int]  # character offsets
    locations: list[tuple[int, int]]


def read_sentences(path: Path) -> list[LabelledSentence]:
    """Event-location JSONL; empty LOCATION spans (a few in the source data) are no location."""
    out = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            verb = next(s for s in row["spans"] if s["label"] == "VERB")
            locations = [(s["start"], s["end"]) for s in row["spans"]
                         if s["label"] == "LOCATION" and s["end"] > s["start"] and row["text"][s["start"]:s["end"]].strip()]
            out.append(LabelledSentence(str(row.get("id", "")), row["text"], (verb["start"], verb["end"]), locations))
    return out


def trigger_of(doc: Doc, verb: tuple[int, int]) -> Token:
    span = doc.char_span(verb[0], verb[1], alignment_mode="expand")
    return span.root if span is not None else doc[0]


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def training_rows(docs: Iterable[Doc], sentences: list[LabelledSentence]):
    """(features, label, sentence index) per candidate of each labelled sentence."""
    rows, labels, groups = [], [], []
    for k, (doc, s) in enumerate(zip(docs, sentences)):
        trigger = trigger_of(doc, s.verb)
        cands = candidates(trigger.sent)
        for c in cands:
            rows.append(features(trigger, c, cands))
            labels.append(int(any(overlaps((c.start_char, c.end_char), g) for g in s.locations)))
            groups.append(k)
    return rows, labels, groups


def _new_model(categorical: list[bool]):
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(max_iter=300, learning_rate=0.08, max_leaf_nodes=31, l2_regularization=1.0,
                                          categorical_features=categorical, random_state=0)


def fit(rows, labels, groups, announce: Callable[[str], None] = lambda _: None) -> EventLocator:
    """Fit the classifier; the thresholds are the pair that makes most sentences exactly right in 5-fold CV."""
    import numpy as np
    from sklearn.model_selection import GroupKFold

    table = FeatureTable(rows)
    x = table.matrix(rows)
    categorical = table.is_categorical()
    y = np.array(labels)
    g = np.array(groups)
    out_of_fold = np.zeros(len(y))
    for fold, (train, test) in enumerate(GroupKFold(n_splits=5).split(x, y, g)):
        out_of_fold[test] = _new_model(categorical).fit(x[train], y[train]).predict_proba(x[test])[:, 1]
        announce(f"  event location: fold {fold + 1}/5")
    best, best_score = (THRESHOLD, SECOND_THRESHOLD), -1.0
    for first in np.arange(0.2, 0.61, 0.025):
        for second in (0.5, 0.6, 0.7, 0.8, 0.9, SECOND_THRESHOLD):
            score = _exact_share(_chosen(out_of_fold, g, float(first), second), y, g)
            if score > best_score:
                best, best_score = (float(first), second), score
    announce(f"  event location: thresholds {best[0]:.3f}, {best[1]:.2f} "
             f"(cross-validated exact-set share {best_score:.3f})")
    return EventLocator(table, _new_model(categorical).fit(x, y), *best)


def _chosen(probabilities, groups, first: float, second: float):
    """What `EventLocator.locate` keeps, for every candidate of many sentences at once."""
    keep = probabilities >= second
    top: dict[int, int] = {}
    for k, group in enumerate(groups):
        if group not in top or probabilities[k] > probabilities[top[group]]:
            top[group] = k
    for k in top.values():
        keep[k] = probabilities[k] >= first
    return keep


def _exact_share(predicted, labels, groups) -> float:
    """Share of sentences whose predicted candidate set equals the gold one (by candidate)."""
    right: dict[int, bool] = {}
    for p, y, g in zip(predicted, labels, groups):
        right[g] = right.get(g, True) and bool(p) == bool(y)
    return sum(right.values()) / len(right) if right else 0.0


def digest() -> str:
    h = hashlib.sha256(f"features {FEATURE_VERSION}".encode())
    h.update(TRAINING_DATA.read_bytes())
    h.update(json.dumps(load_yaml("place_words.yaml"), sort_keys=True).encode())
    # (the features read the trigger lexicon and this module's code too: a change to either is a new model, or a
    # model trained before it is read with features it never saw)
    h.update(json.dumps(load_yaml("triggers.yaml"), sort_keys=True).encode())
    h.update(Path(__file__).read_bytes())
    return h.hexdigest()[:16]


def model_path() -> Path:
    return data_dir() / f"event-location-{digest()}.pickle"


def train(parse_many: Callable[[list[str]], Iterable[Doc]], announce: Callable[[str], None] = lambda _: None) -> Path:
    """Train on the shipped sentences and cache the model (written beside, then renamed).

    `parse_many` is the pipeline's parser (nlp.parse_many): this stage does not load spaCy itself.
    """
    sentences = read_sentences(TRAINING_DATA)
    rows, labels, groups = training_rows(parse_many([s.text for s in sentences]), sentences)
    locator = fit(rows, labels, groups, announce)
    path = model_path()
    partial = path.with_suffix(".partial")
    with partial.open("wb") as handle:
        pickle.dump(locator, handle)
    partial.rename(path)
    for stale in path.parent.glob("event-location-*.pickle"):
        if stale != path:
            stale.unlink(missing_ok=True)
    return path


def is_trained() -> bool:
    return model_path().exists()


@lru_cache(maxsize=1)
def get_locator() -> EventLocator:
    """The trained locator (`sitroom` trains it on first use through service.ensure_models)."""
    path = model_path()
    if not path.exists():
        raise FileNotFoundError(f"the event-location model is not trained (expected at {path}); "
                                "run `sitroom classifier train`")
    with path.open("rb") as handle:
        return pickle.load(handle)
