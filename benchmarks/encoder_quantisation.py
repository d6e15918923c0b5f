"""How close and how fast each way of running the coder's encoder (all-mpnet-base-v2) is, against fp32.

Issue #20: the encoder is most of ingest time, and torch's plain dynamic int8 quantisation lost 0.07 macro-F1.
For each variant this prints, on the same sentences, the mean and least cosine between its embedding and fp32's,
and its sentences per second of wall time and per CPU second, on one torch thread (as each ingest worker runs)
with `embed.encode`'s batches of 32:

    python benchmarks/encoder_quantisation.py [--sentences 500] [--variant NAME ...] [--threads 1]

The sentences: half drawn from the written coder examples (data/coder_examples/*.txt), half from the shipped
event-location sentences (data/event_location/train.jsonl), seed 0. Scores of a variant's reader (cross-
validation on the training examples, the CASE dev file): `benchmarks/encoder_compare.py --encoder NAME=FOLDER:int8`.
The machine may be shared: CPU seconds move less than wall time when other processes compete.
"""
from __future__ import annotations

import argparse
import copy
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import numpy as np  # noqa: E402

from sitroom.extract import embed  # noqa: E402
from sitroom.extract.classifier import SENTENCES, read_examples  # noqa: E402


def sentences(count: int, seed: int = 0) -> list[str]:
    written = list(dict.fromkeys(e.text for e in read_examples() if not e.source.startswith("real_sentences")))
    shipped = [json.loads(line)["text"] for line in SENTENCES.read_text(encoding="utf-8").splitlines()]
    rng = random.Random(seed)
    return rng.sample(written, count // 2) + rng.sample(shipped, count - count // 2)


def _fp16(model):
    import torch

    torch.ao.quantization.quantize_dynamic(model[0].auto_model, {torch.nn.Linear}, dtype=torch.float16, inplace=True)
    return model


def _bf16(model):
    import torch

    return model.to(torch.bfloat16)


# name -> (what it is, how to make it from a fresh fp32 copy, keyword arguments of embed.encode's stand-in)
VARIANTS = {
    "fp32": ("as published", lambda m: m, {}),
    "int8-plain": ("torch quantize_dynamic as shipped before: per-tensor weights, 7-bit activations",
                   lambda m: embed.quantise(m, per_channel=False, full_range=False, outlier_factor=None), {}),
    "int8-per-channel": ("per-channel weights, 7-bit activations",
                         lambda m: embed.quantise(m, per_channel=True, full_range=False, outlier_factor=None), {}),
    "int8-per-channel-full": ("per-channel weights, 8-bit activations",
                              lambda m: embed.quantise(m, per_channel=True, full_range=True, outlier_factor=None), {}),
    "int8-outliers-7bit": ("per-channel, outlier channels fp32, 7-bit activations",
                           lambda m: embed.quantise(m, full_range=False), {}),
    "int8-outliers": ("per-channel, outlier channels fp32, 8-bit activations (embed.quantise's defaults)",
                      embed.quantise, {}),
    "fp16-weights": ("torch dynamic fp16 (weights in half precision, fp32 arithmetic)", _fp16, {}),
    "bf16": ("the whole model in bfloat16", _bf16, {}),
    "fp32-64-tokens": ("fp32, sentences cut at 64 word pieces instead of 128", lambda m: m, {"max_tokens": 64}),
    "fp32-unsorted": ("fp32, batches in the given order (encode sorts by length)", lambda m: m, {"sort": False}),
}
DEFAULT = ["fp32", "int8-plain", "int8-per-channel", "int8-per-channel-full", "int8-outliers-7bit", "int8-outliers",
           "fp16-weights", "fp32-64-tokens", "fp32-unsorted"]


def encode(model, texts: list[str], max_tokens: int = embed.MAX_TOKENS, sort: bool = True) -> np.ndarray:
    """embed.encode, with its token limit and its sorting by length as knobs."""
    import torch

    saved = embed.MAX_TOKENS
    embed.MAX_TOKENS = max_tokens
    order = sorted(range(len(texts)), key=lambda i: len(texts[i])) if sort else list(range(len(texts)))
    out = np.zeros((len(texts), model.get_embedding_dimension()), dtype=np.float32)
    try:
        with torch.inference_mode():
            for start in range(0, len(order), embed.BATCH):
                chunk = order[start:start + embed.BATCH]
                out[chunk] = embed.pooled(model, [texts[i] for i in chunk]).float().numpy()
    finally:
        embed.MAX_TOKENS = saved
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=500)
    parser.add_argument("--variant", action="append", choices=list(VARIANTS), help="(repeatable; default: all but bf16)")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    import torch

    texts = sentences(args.sentences)
    base = embed.load(str(embed.encoder_dir(embed.MPNET)), False)
    torch.set_num_threads(args.threads)
    print(f"{len(texts)} sentences (mean {np.mean([len(t) for t in texts]):.0f} characters), "
          f"{args.threads} torch thread(s), batch {embed.BATCH}", flush=True)
    reference = None
    rows = {}
    for name in ["fp32"] + [v for v in (args.variant or DEFAULT) if v != "fp32"]:
        what, make, knobs = VARIANTS[name]
        model = make(copy.deepcopy(base))
        torch.set_num_threads(args.threads)
        encode(model, texts[:8], **knobs)  # warm-up: first-call allocations and kernel selection
        wall, cpu = time.perf_counter(), time.process_time()
        vectors = encode(model, texts, **knobs)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if reference is None:
            reference = vectors
        cosine = (vectors * reference).sum(1) / np.linalg.norm(vectors, axis=1)
        rows[name] = {"what": what, "cosine_mean": round(float(cosine.mean()), 4),
                      "cosine_min": round(float(cosine.min()), 4),
                      "per_second": round(len(texts) / wall, 2), "per_cpu_second": round(len(texts) / cpu, 2)}
        print(f"{name:<22} cos mean {rows[name]['cosine_mean']:.4f} min {rows[name]['cosine_min']:.4f}  "
              f"{rows[name]['per_second']:6.2f}/s  {rows[name]['per_cpu_second']:6.2f}/CPU s   {what}", flush=True)
    fp32 = rows["fp32"]["per_cpu_second"]
    print(f"\n| variant | cosine to fp32, mean | least | sentences/s | per CPU s | speed-up (CPU) |\n|---|---|---|---|---|---|")
    for name, r in rows.items():
        print(f"| {name} | {r['cosine_mean']:.4f} | {r['cosine_min']:.4f} | {r['per_second']:.2f} | "
              f"{r['per_cpu_second']:.2f} | {r['per_cpu_second'] / fp32:.2f}x |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
