"""screen: a cheap first reading that decides which sentences the sentence encoder reads.

The coder's encoder (embed.py) costs several times the parse of a sentence,
and most sentences of a news article report no event: quotes, background,
reactions, the site's furniture. A sentence in which the rules found a trigger
always goes to the classifier (it weighs that mention). Any other sentence goes
only when this screen says it may tell an event the rules missed: a logistic
regression over hashed words and word pairs, trained on the coder's examples
(event or not), whose threshold lets through RECALL of the events in 5-fold
cross-validation. It decides nothing for the snippets path (a CASE snippet or
a headline is always read whole).

The screen is cached beside the coder as `screen-<digest>.npz`, keyed by the
examples and the settings below: it trains in seconds.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..knowledge import data_dir

SETTINGS = {"features": 2 ** 18, "ngrams": [1, 2], "C": 4.0, "recall": 0.995, "folds": 5, "version": 1}


def _vectoriser():
    from sklearn.feature_extraction.text import HashingVectorizer

    # No state to learn or store: the same hashing at training and at coding.
    return HashingVectorizer(n_features=SETTINGS["features"], ngram_range=tuple(SETTINGS["ngrams"]),
                             alternate_sign=False, lowercase=True, norm="l2")


@dataclass
class SentenceScreen:
    """Weights of the hashed features (only those training saw), an intercept and the pass threshold."""

    indices: "object"  # numpy int array
    weights: "object"  # numpy float array
    intercept: float
    threshold: float
    _coef: "object" = field(init=False, repr=False)  # the weights spread over every hashed feature, built once

    def __post_init__(self) -> None:
        import numpy as np

        self._coef = np.zeros(SETTINGS["features"])
        self._coef[self.indices] = self.weights

    def scores(self, texts: list[str]):
        import numpy as np

        if not texts:
            return np.zeros(0)
        return _vectoriser().transform(texts) @ self._coef + self.intercept

    def passes(self, texts: list[str]) -> list[bool]:
        """For each text: may it report an event (so the encoder should read it)?"""
        return [bool(s >= self.threshold) for s in self.scores(texts)]

    def save(self, path: Path) -> None:
        import numpy as np

        partial = path.with_name(path.name + ".partial.npz")
        np.savez(partial, indices=self.indices, weights=self.weights, intercept=np.float64(self.intercept),
                 threshold=np.float64(self.threshold))
        partial.rename(path)

    @classmethod
    def load(cls, path: Path) -> "SentenceScreen":
        import numpy as np

        data = np.load(path, allow_pickle=False)
        return cls(data["indices"], data["weights"], float(data["intercept"]), float(data["threshold"]))


def fit(texts: list[str], is_event: list[bool], announce: Callable[[str], None] = lambda _: None) -> SentenceScreen:
    """Fit on all examples; the threshold is the out-of-fold score that RECALL of the events reach."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    x = _vectoriser().transform(texts)
    y = np.array(is_event, dtype=int)

    def model():
        return LogisticRegression(C=SETTINGS["C"], class_weight="balanced", max_iter=2000)

    out_of_fold = np.zeros(len(y))
    for train, test in StratifiedKFold(SETTINGS["folds"], shuffle=True, random_state=0).split(x, y):
        out_of_fold[test] = model().fit(x[train], y[train]).decision_function(x[test])
    threshold = float(np.quantile(out_of_fold[y == 1], 1 - SETTINGS["recall"]))
    held_back = float(np.mean(out_of_fold[y == 0] < threshold))
    announce(f"  screen: threshold {threshold:.2f}; cross-validated, it passes {SETTINGS['recall']:.1%} of the "
             f"event examples and holds back {held_back:.1%} of the others")
    fitted = model().fit(x, y)
    coef = fitted.coef_[0]
    indices = np.flatnonzero(coef)
    return SentenceScreen(indices.astype(np.int32), coef[indices].astype(np.float32), float(fitted.intercept_[0]),
                          threshold)


def digest(texts: list[str], is_event: list[bool]) -> str:
    h = hashlib.sha256(json.dumps(SETTINGS, sort_keys=True).encode())
    for text, event in zip(texts, is_event):
        h.update(f"{int(event)}\t{text}\n".encode())
    return h.hexdigest()[:16]


def screen_path(digest_: str) -> Path:
    return data_dir() / f"screen-{digest_}.npz"


def train(texts: list[str], is_event: list[bool], announce: Callable[[str], None] = lambda _: None) -> Path:
    path = screen_path(digest(texts, is_event))
    fit(texts, is_event, announce).save(path)
    for stale in path.parent.glob("screen-*.npz"):
        if stale != path:
            stale.unlink(missing_ok=True)
    return path

