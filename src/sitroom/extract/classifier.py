"""classifier: the trained half of the event coder.

The rule coder (extract + coding) finds triggers, roles and modality, and is
good at what a word decides ("grenade", "suicide bomber") and at evidence; it
misses events told without a verb it knows, and a cue word alone cannot tell
a riot from a march. This classifier reads the whole sentence: a sentence
encoder of embed.py (all-mpnet-base-v2, frozen), then a logistic regression over [embedding, the rule coder's label], trained
on examples the sitroom authors wrote (data/coder_examples/, one file per
class, news style, none taken from any evaluation data) and on labelled real
sentences of the shipped event-location data, that decides among the 25 ACLED sub-event types and the kinds
of text that are not ACLED events (crime, disasters, diplomacy, claims and
blame, plans and denials, other news).

The trained model is built once and cached beside the gazetteer index, keyed
by a digest of the examples, the settings and the base model: editing an
example, a setting or a rule retrains it. Training needs the rule coder's label
of every example, which the caller computes (`service.ensure_models`): this
module never runs the pipeline it is a part of.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..knowledge import BUNDLED, data_dir
from ..taxonomy import SUB_EVENT_TYPES

EXAMPLES_DIR = BUNDLED / "coder_examples"
REAL_SENTENCES = "real_sentences*.tsv"  # labels of real news sentences, by line of SENTENCES (every file matching)
SENTENCES = BUNDLED / "event_location" / "train.jsonl"
NOT_EVENT = "none"  # prefix of the non-event classes: "none/crime", "none/diplomacy" ...
ACLED_TYPES = [s for s, _, _ in SUB_EVENT_TYPES]
RULE_LABELS = ACLED_TYPES + [NOT_EVENT]

# Training settings. RULE_WEIGHT scales the rule coder's one-hot label against
# the unit-length embedding (chosen on the CASE dev half by an earlier session).
# The heads weigh each class by the inverse of its share of the examples: the
# labelled real sentences are mostly clashes, attacks and protests, and their
# share is not the share of the texts the coder meets. That weighting and C
# were chosen by 5-fold cross-validation of the head on the training examples
# (MiniLM: macro-F1 over the ACLED types 0.733 unweighted at C=4, 0.750
# balanced at C=4, 0.755 at C=8); the rest are the usual fine-tuning defaults.
# The encoder and its readers were chosen by benchmarks/encoder_compare.py:
# frozen all-mpnet-base-v2 with one head beat MiniLM fine-tuned and averaged
# with its base (what shipped before) on 5-fold cross-validation and on the
# CASE dev file, in one encoder pass. `int8`: the coder reads with the
# encoder quantised by embed.quantise (1.3 times as fast on one thread; torch's
# plain dynamic int8 lost 0.07 macro-F1 to a few outlier channels, this keeps
# them in fp32 and scored as fp32 on the folds and the dev file:
# benchmarks/encoder_quantisation.py, encoder_compare.py). The head is still
# fitted on the fp32 embeddings of the examples (the shipped file): within
# 0.99 cosine of the int8 ones, and the same scores. "tuned" in readers would
# fine-tune the encoder first (as the MiniLM coder did; too slow for MPNet on
# two cores).
SETTINGS = {"epochs": 2, "learning_rate": 6e-5, "batch": 16, "logit_scale": 20.0, "seed": 0, "frozen_layers": 3,
            "rule_weight": 0.3, "C": 8.0, "class_weight": "balanced",
            "encoder": "all-mpnet-base-v2", "int8": True, "readers": ["base"], "version": 6}


@dataclass
class Example:
    text: str
    label: str  # an ACLED sub-event type or "none/<kind>"
    source: str  # file:line, for messages


@dataclass
class Verdict:
    """What the classifier says of one text."""

    kind: str  # the winning class: an ACLED sub-event type or "none/<kind>"
    probability: float
    event_probability: float  # summed over the 25 ACLED types
    ranked: list[tuple[str, float]]  # every class, likeliest first

    @property
    def sub_event_type(self) -> str | None:
        return None if self.kind.startswith(NOT_EVENT) else self.kind

    def probability_of(self, kind: str) -> float:
        return dict(self.ranked).get(kind, 0.0)

    def reason(self) -> str:
        top = ", ".join(f"{k} {p:.2f}" for k, p in self.ranked[:3])
        return f"classifier: {top}"

    def within(self, allowed: set[str]) -> "Verdict":
        """The verdict over a closed label set, its probabilities renormalised over it.

        A task whose texts are all either events or a few kinds of non-event
        (CASE 2021: crime, disasters, diplomacy, claims) has no answer "a plan"
        or "a running total": there the likeliest allowed class is the answer.
        """
        kept = [(k, p) for k, p in self.ranked if k in allowed]
        total = sum(p for _, p in kept) or 1.0
        ranked = [(k, round(p / total, 3)) for k, p in kept]
        event = sum(p for k, p in ranked if not k.startswith(NOT_EVENT))
        return Verdict(ranked[0][0], ranked[0][1], round(event, 3), ranked)


def read_examples(folder: Path = EXAMPLES_DIR) -> list[Example]:
    """Every example: the written ones (*.txt), then the labelled real sentences (real_sentences*.tsv).

    A .txt file starts with '# label: <class>'; '#' lines are comments. Each TSV
    names lines of the shipped event-location sentences and their classes; the
    files are read in name order, and a line labelled twice (in one file or in
    two) is refused: two labels of one sentence are a mistake to settle, not
    a vote.
    """
    examples: list[Example] = []
    for path in sorted(folder.glob("*.txt")):
        label = ""
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = line.strip()
            if line.startswith("# label:"):
                label = _checked(line.split(":", 1)[1].strip(), path.name, number)
            elif line and not line.startswith("#"):
                if not label:
                    raise ValueError(f"{path.name}:{number}: example before any '# label:' line")
                examples.append(Example(line, label, f"{path.name}:{number}"))
    labelled_files = sorted(folder.glob(REAL_SENTENCES))
    if labelled_files:
        sentences = SENTENCES.read_text(encoding="utf-8").splitlines()
        first_seen: dict[int, str] = {}  # sentence line -> "file:line" that labelled it
        for labelled in labelled_files:
            for number, line in enumerate(labelled.read_text(encoding="utf-8").splitlines(), 1):
                if not line.strip() or line.startswith("#"):
                    continue
                where = f"{labelled.name}:{number}"
                index, label = line.split("\t")
                index = int(index)
                if index in first_seen:
                    raise ValueError(f"{where}: sentence line {index} is already labelled at {first_seen[index]}; "
                                     "keep one label per sentence")
                first_seen[index] = where
                text = " ".join(json.loads(sentences[index])["text"].split())
                examples.append(Example(text, _checked(label.strip(), labelled.name, number), where))
    return examples


def _checked(label: str, name: str, number: int) -> str:
    if label not in ACLED_TYPES and not label.startswith(NOT_EVENT + "/"):
        raise ValueError(f"{name}:{number}: unknown class {label!r}")
    return label


def digest(examples: list[Example]) -> str:
    from .embed import encoder_id

    h = hashlib.sha256(json.dumps(SETTINGS, sort_keys=True).encode())
    h.update(encoder_id(SETTINGS["encoder"]).encode())
    # The heads are trained on the rule coder's labels of the examples too: a change to the rules
    # (their code or their word lists) makes another model, as it would on a fresh install.
    package = Path(__file__).resolve().parents[1]
    for path in sorted([*package.glob("data/*.yaml"), *package.glob("extract/*.py"), *package.glob("resolve/*.py"),
                        package / "pipeline.py", package / "nlp.py"]):
        h.update(path.name.encode() + hashlib.sha256(path.read_bytes()).digest())
    for e in examples:
        h.update(f"{e.label}\t{e.text}\n".encode())
    return h.hexdigest()[:16]


def model_dir(examples: list[Example] | None = None) -> Path:
    return data_dir() / f"coder-{digest(examples or read_examples())}"


def screen_file(examples: list[Example] | None = None) -> Path:
    """Where the screen (screen.py) of these examples is cached: it learns event / not from the same examples."""
    from .screen import digest as screen_digest, screen_path

    examples = examples or read_examples()
    return screen_path(screen_digest(*_screen_data(examples)))


def _screen_data(examples: list[Example]) -> tuple[list[str], list[bool]]:
    return [e.text for e in examples], [not e.label.startswith(NOT_EVENT) for e in examples]


def train_screen(examples: list[Example], announce: Callable[[str], None] = lambda _: None) -> Path:
    from .screen import train as fit_screen

    return fit_screen(*_screen_data(examples), announce)


@lru_cache(maxsize=1)
def get_screen():
    """The trained screen of the current examples; `sitroom classifier train` builds it."""
    from .screen import SentenceScreen

    path = screen_file()
    if not path.exists():
        raise FileNotFoundError(f"the sentence screen is not trained (expected at {path}); "
                                "run `sitroom classifier train`")
    return SentenceScreen.load(path)


def rule_label(sub_event_types: list[str]) -> str:
    """The rule coder's answer for a text: its first type by ACLED precedence, or none."""
    return min(sub_event_types, key=ACLED_TYPES.index) if sub_event_types else NOT_EVENT


class EventClassifier:
    """The trained readers (an encoder and its head each), their probabilities averaged.

    Today one reader, the frozen encoder ("base"): one encoder pass per
    sentence. A fine-tuned reader ("tuned") knows the examples best, the base
    one keeps what it learnt from a billion sentence pairs; the MiniLM coder
    needed both, averaged, to be steady on unseen text.
    """

    def __init__(self, folder: Path):
        import numpy as np

        from .embed import encoder_dir, load

        head = np.load(folder / "head.npz", allow_pickle=False)
        self.readers: list[str] = [str(r) for r in head["readers"]]
        encoders = {"base": str(encoder_dir(str(head["encoder"]))), "tuned": str(folder / "encoder")}
        self.encoders = [load(encoders[r], bool(head["int8"])) for r in self.readers]
        self.classes: list[str] = [str(c) for c in head["classes"]]
        self.heads = [(head[f"coef_{r}"], head[f"intercept_{r}"]) for r in self.readers]
        self.rule_weight = float(head["rule_weight"])
        self._acled = np.array([not c.startswith(NOT_EVENT) for c in self.classes])

    def probabilities(self, texts: list[str], rule_labels: list[str]):
        import numpy as np

        from .embed import encode

        rules = rule_features(rule_labels, self.rule_weight)
        total = np.zeros((len(texts), len(self.classes)))
        for encoder, (coef, intercept) in zip(self.encoders, self.heads):
            scores = np.hstack([encode(encoder, texts), rules]) @ coef.T + intercept
            scores -= scores.max(axis=1, keepdims=True)
            probs = np.exp(scores)
            total += probs / probs.sum(axis=1, keepdims=True)
        return total / len(self.encoders)

    def predict(self, texts: list[str], rule_labels: list[str]) -> list[Verdict]:
        import numpy as np

        if not texts:
            return []
        verdicts = []
        for row in self.probabilities(texts, rule_labels):
            order = np.argsort(-row)
            ranked = [(self.classes[i], round(float(row[i]), 3)) for i in order]
            verdicts.append(Verdict(ranked[0][0], ranked[0][1], round(float(row[self._acled].sum()), 3), ranked))
        return verdicts


def _length_batches(order: list[int], lengths: list[int], size: int, generator) -> list[list[int]]:
    """Batches of texts of like length, in random order: padding a short sentence to a long one's length is
    most of a batch's cost on a CPU. Each run of 8 batches (in the shuffled order) is sorted by length and cut."""
    import torch

    batches = []
    for start in range(0, len(order), size * 8):
        chunk = sorted(order[start:start + size * 8], key=lambda i: lengths[i])
        batches += [chunk[k:k + size] for k in range(0, len(chunk), size)]
    return [batches[i] for i in torch.randperm(len(batches), generator=generator).tolist()]


def rule_features(labels: list[str], weight: float):
    import numpy as np

    out = np.zeros((len(labels), len(RULE_LABELS)), dtype=np.float32)
    for i, label in enumerate(labels):
        out[i, RULE_LABELS.index(label)] = weight
    return out


def is_trained(folder: Path) -> bool:
    return (folder / "head.npz").exists()


@lru_cache(maxsize=1)
def get_classifier() -> EventClassifier:
    """The trained classifier of the current examples; `sitroom classifier train` builds it."""
    folder = model_dir()
    if not is_trained(folder):
        raise FileNotFoundError(f"the event classifier is not trained (expected at {folder}); "
                                "run `sitroom classifier train`")
    return EventClassifier(folder)


def train(folder: Path, examples: list[Example], rule_labels: list[str],
          announce: Callable[[str], None] = lambda _: None, readers: tuple[str, ...] | None = None) -> Path:
    """Fit a head per reader (and fine-tune the encoder first if a reader is "tuned"); written atomically to
    `folder`.

    `rule_labels` holds the rule coder's answer for each example (`rule_label`),
    computed by the full rule pipeline with the gazetteer built: without it every
    example would read "no event" and the model would train silently worse.
    """
    import numpy as np
    import torch
    from sklearn.linear_model import LogisticRegression

    from .embed import encode, encoder_dir

    texts = [e.text for e in examples]
    classes = sorted({e.label for e in examples})
    rules = rule_features(rule_labels, SETTINGS["rule_weight"])
    labels = [e.label for e in examples]

    def fit_head(embeddings):
        return LogisticRegression(C=SETTINGS["C"], class_weight=SETTINGS["class_weight"],
                                  max_iter=5000).fit(np.hstack([embeddings, rules]), labels)

    readers = tuple(readers or SETTINGS["readers"])
    base = str(encoder_dir(SETTINGS["encoder"]))
    heads = {"base": fit_head(example_embeddings(texts, announce))} if "base" in readers else {}
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    if "tuned" in readers:
        target = torch.tensor([classes.index(e.label) for e in examples])
        heads["tuned"] = fit_head(encode(_fine_tuned(base, texts, classes, target, partial / "encoder", announce),
                                         texts))
    assert all(list(h.classes_) == classes for h in heads.values())
    arrays = {f"{kind}_{r}": getattr(heads[r], f"{kind}_") for r in readers for kind in ("coef", "intercept")}
    partial.mkdir(parents=True, exist_ok=True)
    np.savez(partial / "head.npz", classes=np.array(classes, dtype=str), readers=np.array(readers, dtype=str),
             encoder=np.array(SETTINGS["encoder"]), int8=np.bool_(SETTINGS["int8"]),
             rule_weight=np.float64(SETTINGS["rule_weight"]), **arrays)
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    for stale in folder.parent.glob("coder-*"):  # models of earlier examples
        if stale != folder:
            shutil.rmtree(stale, ignore_errors=True)
    return folder


# ------------------------------------------------------------ the examples' embeddings, shipped

# The frozen fp32 encoder's embedding of every example (also with `int8`: the head fitted on fp32 embeddings scores
# as one fitted on the int8 ones, and the file needs no rewrite), shipped beside the examples so that a fresh install (and CI)
# fits the head in seconds instead of encoding three thousand sentences first (minutes on two cores). Rows are
# found by a hash of the text: an example added or edited since the file was written is encoded at training,
# and `sitroom classifier cache-embeddings` rewrites the file. Half precision: the head's scores move in the
# fourth decimal, and the file is half the size.
EMBEDDINGS = EXAMPLES_DIR / "embeddings.npz"


def _text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:24]  # (hex: numpy drops a bytes key's trailing zeros)


def _cache_id() -> str:
    from .embed import encoder_id

    return f"{encoder_id(SETTINGS['encoder'])} int8=False"


def _cached_rows(path: Path = EMBEDDINGS) -> dict[str, "object"]:
    """Text key -> its embedding, from the shipped file if it was written by the encoder in use."""
    import numpy as np

    if not path.exists():
        return {}
    data = np.load(path, allow_pickle=False)
    if str(data["encoder"]) != _cache_id():
        return {}
    return dict(zip((str(k) for k in data["keys"]), data["vectors"]))


def example_embeddings(texts: list[str], announce: Callable[[str], None] = lambda _: None,
                       path: Path = EMBEDDINGS):
    """The frozen encoder's embeddings of `texts`: read from the shipped file, the rest encoded now."""
    return _embeddings(texts, _cached_rows(path), announce, path.name)


def _embeddings(texts: list[str], cached: dict, announce: Callable[[str], None] = lambda _: None,
                source: str = EMBEDDINGS.name):
    import numpy as np

    from .embed import encode, encoder_dir, load

    missing = [i for i, t in enumerate(texts) if _text_key(t) not in cached]
    announce(f"  embeddings: {len(texts) - len(missing)} of {len(texts)} examples from {source}, "
             f"{len(missing)} to encode")
    encoded = encode(load(str(encoder_dir(SETTINGS["encoder"])), False), [texts[i] for i in missing]) if missing else None
    width = encoded.shape[1] if encoded is not None else len(next(iter(cached.values())))
    out = np.zeros((len(texts), width), dtype=np.float32)
    for i, text in enumerate(texts):
        row = cached.get(_text_key(text))
        if row is not None:
            out[i] = row
    if missing:
        out[missing] = encoded
    return out


def write_example_embeddings(examples: list[Example], path: Path = EMBEDDINGS) -> tuple[int, int]:
    """Rewrite the shipped file for these examples (rows still current are kept): (rows, newly encoded)."""
    import numpy as np

    texts = list(dict.fromkeys(e.text for e in examples))
    cached = _cached_rows(path)
    fresh = sum(_text_key(t) not in cached for t in texts)
    vectors = _embeddings(texts, cached, source=path.name)
    partial = path.with_name(path.name + ".partial.npz")
    np.savez_compressed(partial, encoder=np.array(_cache_id()),
                        keys=np.array([_text_key(t) for t in texts]),
                        vectors=vectors.astype(np.float16))
    partial.rename(path)
    return len(texts), fresh


def _fine_tuned(base: str, texts: list[str], classes: list[str], target, save_to: Path,
                announce: Callable[[str], None]):
    """The base encoder fine-tuned on the examples (upper layers only), saved to `save_to` and loaded back as
    the coder will load it."""
    import torch
    from sentence_transformers import SentenceTransformer

    from .embed import MAX_TOKENS, load, pooled

    torch.manual_seed(SETTINGS["seed"])
    generator = torch.Generator().manual_seed(SETTINGS["seed"])
    # A private copy to fine-tune: the cached base model must stay as it is.
    encoder = SentenceTransformer(base, device="cpu")
    encoder.max_seq_length = MAX_TOKENS
    layer = torch.nn.Linear(encoder.get_embedding_dimension(), len(classes))
    # The lower layers (word pieces, syntax) stay as pre-trained; the upper ones learn the classes. A backward
    # pass through half the network halves the cost of training on two CPU cores.
    transformer = encoder[0].auto_model
    for module in [transformer.embeddings, *transformer.encoder.layer[:SETTINGS["frozen_layers"]]]:
        for parameter in module.parameters():
            parameter.requires_grad = False
    trainable = [q for q in encoder.parameters() if q.requires_grad] + list(layer.parameters())
    optimiser = torch.optim.AdamW(trainable, lr=SETTINGS["learning_rate"])
    encoder.train()
    lengths = [len(t) for t in texts]
    for epoch in range(SETTINGS["epochs"]):
        for idx in _length_batches(torch.randperm(len(texts), generator=generator).tolist(), lengths,
                                   SETTINGS["batch"], generator):
            logits = layer(pooled(encoder, [texts[i] for i in idx])) * SETTINGS["logit_scale"]
            loss = torch.nn.functional.cross_entropy(logits, target[idx])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
        announce(f"  epoch {epoch + 1}/{SETTINGS['epochs']}: loss {loss.item():.3f}")
    encoder.eval()
    encoder.save(str(save_to))
    return load(str(save_to), SETTINGS["int8"])
