"""Does ONNX Runtime read the coder's encoder (all-mpnet-base-v2) faster than the torch int8 reader, as well?

Issue #20: the encoder pass is most of ingest time. On the sentences of benchmarks/encoder_quantisation.py (half
written coder examples, half shipped event-location sentences, seed 0) this compares, in one process, on one
thread each (torch.set_num_threads(1); ORT intra_op_num_threads=1, sequential), with `embed.encode`'s batches of
32 sorted by length:

- torch fp32 (the reference) and the coder's torch int8 reader (`embed.load(path, int8=True)`);
- ONNX Runtime on the model exported once by torch.onnx.export (mean pooling and normalisation in the graph):
  fp32, and dynamic int8 by `onnxruntime.quantization.quantize_dynamic` (per-tensor and per-channel weights,
  7-bit weights (`reduce_range`), uint8 weights), and the same on a graph whose outlier input channels
  (embed.quantise's split) are masked out of each quantised product and multiplied in fp32 beside it.

Each variant first encodes all sentences once (its cosine to torch fp32: mean and least); then every variant
encodes `--timed` of them (an even spread by length), `--rounds` times, in a rotating order, so that a load from
other jobs falls on all of them alike. Printed per variant: median sentences per second (wall) and per CPU
second, and the medians of the per-round ratios to torch fp32 and to the torch int8 reader. The result (README,
"The int8 encoder"): no variant that keeps fp32's embeddings is markedly faster than the torch int8 reader.

    python benchmarks/encoder_onnx.py [--sentences 500] [--timed 160] [--rounds 5] [--variant NAME ...] [--work DIR]

onnx and onnxruntime are not sitroom's dependencies (it does not use them); install them into the project's
environment first, at the versions of the README's table: `.venv/bin/pip install onnx==1.23.2 onnxruntime==1.31.1`.

The exported and quantised graphs are written to --work (a temporary folder by default; give one to keep them).
"""
from __future__ import annotations

import argparse
import copy
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import numpy as np  # noqa: E402
from encoder_quantisation import sentences  # noqa: E402

from sitroom.extract import embed  # noqa: E402


class Pooled:
    """The transformer, mean pooling and L2 normalisation as one module: what torch.onnx.export traces."""

    def __new__(cls, transformer):
        import torch

        class _Pooled(torch.nn.Module):
            def __init__(self, transformer):
                super().__init__()
                self.transformer = transformer

            def forward(self, input_ids, attention_mask):
                hidden = self.transformer(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
                mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
                mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                return torch.nn.functional.normalize(mean, dim=-1)

        return _Pooled(transformer)


def masked_split(model, factor: float = embed.OUTLIER_FACTOR):
    """`model` with embed.quantise's outlier channels taken out of each linear layer, in fp32 and as plain matrix
    products (x*keep @ W' + b, plus x[:, channels] @ W_outliers): the masked product is the one to quantise."""
    import torch

    class MaskedLinear(torch.nn.Module):
        def __init__(self, linear, channels):
            super().__init__()
            keep = torch.ones(linear.in_features)
            keep[channels] = 0.0
            self.register_buffer("keep", keep)
            self.register_buffer("channels", channels)
            self.outlier = torch.nn.Parameter(linear.weight.data[:, channels].T.clone(), requires_grad=False)
            weight = linear.weight.data.clone()
            weight[:, channels] = 0.0
            self.weight = torch.nn.Parameter(weight.T.contiguous(), requires_grad=False)
            self.bias = torch.nn.Parameter(linear.bias.data.clone(), requires_grad=False)

        def forward(self, x):
            return torch.matmul(x * self.keep, self.weight) + self.bias + torch.matmul(
                x.index_select(-1, self.channels), self.outlier)

    transformer = model[0].auto_model
    for name, seen in embed.input_maxima(model, embed.CALIBRATION).items():
        channels = torch.nonzero(seen > factor * seen.median()).flatten()
        if len(channels):
            parent, _, child = name.rpartition(".")
            owner = transformer.get_submodule(parent)
            setattr(owner, child, MaskedLinear(getattr(owner, child), channels))
    return model


def export(model, path: Path) -> Path:
    import torch

    tokens = model.tokenizer(["A first sentence.", "A second, somewhat longer sentence for the trace."],
                             padding=True, return_tensors="pt")
    with torch.inference_mode(False), torch.no_grad():
        torch.onnx.export(Pooled(model[0].auto_model).eval(), (tokens["input_ids"], tokens["attention_mask"]),
                          str(path), dynamo=False, opset_version=17, input_names=["input_ids", "attention_mask"],
                          output_names=["embedding"], do_constant_folding=True,
                          dynamic_axes={"input_ids": {0: "batch", 1: "tokens"},
                                        "attention_mask": {0: "batch", 1: "tokens"}, "embedding": {0: "batch"}})
    return path


def outlier_matmuls(path: Path) -> list[str]:
    """The MatMul nodes of a masked_split graph that multiply the outlier channels (fp32, never quantised)."""
    import onnx

    graph = onnx.load(str(path), load_external_data=False).graph
    gathers = {n.output[0] for n in graph.node if n.op_type == "Gather"}
    return [n.name for n in graph.node if n.op_type == "MatMul" and n.input[0] in gathers]


def quantised(source: Path, target: Path, exclude: list[str] | None = None, **options) -> Path:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    weight_type = QuantType.QUInt8 if options.pop("uint8", False) else QuantType.QInt8
    quantize_dynamic(str(source), str(target), weight_type=weight_type, op_types_to_quantize=["MatMul"],
                     nodes_to_exclude=exclude or [], **options)
    return target


class OrtReader:
    def __init__(self, path: Path, tokenizer, threads: int = 1):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.tokenizer = tokenizer

    def encode(self, texts: list[str]) -> np.ndarray:
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), 768), dtype=np.float32)
        for start in range(0, len(order), embed.BATCH):
            chunk = order[start:start + embed.BATCH]
            batch = self.tokenizer([texts[i] for i in chunk], padding=True, truncation=True,
                                   max_length=embed.MAX_TOKENS, return_tensors="np")
            out[chunk] = self.session.run(None, {"input_ids": batch["input_ids"].astype(np.int64),
                                                 "attention_mask": batch["attention_mask"].astype(np.int64)})[0]
        return out


class TorchReader:
    def __init__(self, model):
        self.model = model

    def encode(self, texts: list[str]) -> np.ndarray:
        return embed.encode(self.model, texts)


# name -> (what it is, which exported graph, quantize_dynamic's options or None for the graph as exported)
ORT_VARIANTS = {
    "ort-fp32": ("ONNX Runtime, fp32", "plain", None),
    "ort-int8": ("ORT dynamic int8, per-tensor int8 weights (quantize_dynamic's defaults)", "plain", {}),
    "ort-int8-per-channel": ("ORT dynamic int8, per-channel weights", "plain", {"per_channel": True}),
    "ort-int8-per-channel-reduce": ("ORT dynamic int8, per-channel 7-bit weights (reduce_range)", "plain",
                                    {"per_channel": True, "reduce_range": True}),
    "ort-uint8-per-channel": ("ORT dynamic int8, per-channel uint8 weights (the U8U8 kernel)", "plain",
                              {"per_channel": True, "uint8": True}),
    "ort-fp32-split": ("ONNX Runtime, fp32, outlier channels as separate products", "split", None),
    "ort-int8-outliers": ("ORT dynamic int8, per-channel, outlier channels in fp32", "split", {"per_channel": True}),
    "ort-int8-outliers-reduce": ("ORT dynamic int8, per-channel 7-bit weights, outlier channels in fp32", "split",
                                 {"per_channel": True, "reduce_range": True}),
    "ort-uint8-outliers": ("ORT dynamic int8, per-channel uint8 weights, outlier channels in fp32", "split",
                           {"per_channel": True, "uint8": True}),
}
TORCH_VARIANTS = {"torch-fp32": "torch fp32 (the reference)",
                  "torch-int8": "torch int8, outlier channels in fp32 (the coder's reader, embed.quantise)"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5, help="timed passes of every variant, interleaved")
    parser.add_argument("--timed", type=int, default=160,
                        help="sentences of each timed pass: an even spread of the whole by length (0: all)")
    parser.add_argument("--variant", action="append", choices=list(ORT_VARIANTS),
                        help="(repeatable; default: all; torch fp32 and int8 always run)")
    parser.add_argument("--work", type=Path, help="keep the ONNX files here")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    try:
        import onnx  # noqa: F401
        import onnxruntime
    except ImportError:
        sys.exit("this benchmark needs onnx and onnxruntime, which sitroom does not depend on: "
                 ".venv/bin/pip install onnx==1.23.2 onnxruntime==1.31.1")
    import torch

    texts = sentences(args.sentences)
    base = embed.load(str(embed.encoder_dir(embed.MPNET)), False)
    torch.set_num_threads(1)
    work = args.work or Path(tempfile.mkdtemp(prefix="encoder-onnx-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"{len(texts)} sentences (mean {np.mean([len(t) for t in texts]):.0f} characters), one thread, batch "
          f"{embed.BATCH}; torch {torch.__version__}, onnxruntime {onnxruntime.__version__}; graphs in {work}",
          flush=True)
    chosen = args.variant or list(ORT_VARIANTS)
    graphs = {}
    for kind in sorted({ORT_VARIANTS[v][1] for v in chosen}):
        path = work / f"{kind}.onnx"
        if not path.exists():
            started = time.perf_counter()
            export(masked_split(copy.deepcopy(base)) if kind == "split" else base, path)
            print(f"exported {path.name} in {time.perf_counter() - started:.1f} s", flush=True)
        graphs[kind] = path
    readers = {"torch-fp32": (TORCH_VARIANTS["torch-fp32"], TorchReader(base)),
               "torch-int8": (TORCH_VARIANTS["torch-int8"], TorchReader(embed.quantise(copy.deepcopy(base))))}
    torch.set_num_threads(1)
    for name in chosen:
        what, kind, options = ORT_VARIANTS[name]
        path = graphs[kind]
        if options is not None:
            path = work / f"{name}.onnx"
            if not path.exists():
                started = time.perf_counter()
                quantised(graphs[kind], path, outlier_matmuls(graphs[kind]) if kind == "split" else None,
                          **dict(options))
                print(f"quantised {path.name} in {time.perf_counter() - started:.1f} s", flush=True)
        readers[name] = (what, OrtReader(path, base.tokenizer))
    names = list(readers)
    for name in names:
        readers[name][1].encode(texts[:8])  # warm-up: first-call allocations and kernel selection
    by_length = sorted(texts, key=len)
    step = len(texts) / args.timed if 0 < args.timed < len(texts) else 1
    timed = [by_length[int(i * step)] for i in range(int(len(texts) / step))]
    vectors, walls, cpus = {}, {n: [] for n in names}, {n: [] for n in names}
    for round_ in range(args.rounds + 1):  # round 0: the cosines on all sentences (untimed)
        order = names[round_ % len(names):] + names[:round_ % len(names)]
        for name in order:
            wall, cpu = time.perf_counter(), time.process_time()
            out = readers[name][1].encode(texts if round_ == 0 else timed)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            if round_ == 0:
                vectors[name] = out
                continue
            walls[name].append(wall)
            cpus[name].append(cpu)
        if round_:
            print(f"round {round_}: " + ", ".join(f"{n} {len(timed) / walls[n][-1]:.1f}/s" for n in names), flush=True)
    reference = vectors["torch-fp32"]
    rows = {}
    for name in names:
        cosine = (vectors[name] * reference).sum(1) / np.linalg.norm(vectors[name], axis=1)
        rows[name] = {
            "what": readers[name][0], "cosine_mean": round(float(cosine.mean()), 4),
            "cosine_min": round(float(cosine.min()), 4),
            "per_second": round(len(timed) / statistics.median(walls[name]), 2),
            "per_cpu_second": round(len(timed) / statistics.median(cpus[name]), 2),
            "vs_fp32": round(statistics.median(f / w for f, w in zip(walls["torch-fp32"], walls[name])), 2),
            "vs_int8": round(statistics.median(i / w for i, w in zip(walls["torch-int8"], walls[name])), 2),
            "mb": round(graphs_size(work, name) / 1e6) if name.startswith("ort") else None,
        }
    print(f"\n| variant | cosine to fp32, mean | least | sentences/s | per CPU s | vs torch fp32 | vs torch int8 |\n"
          f"|---|---|---|---|---|---|---|")
    for name, r in rows.items():
        print(f"| {name}: {r['what']} | {r['cosine_mean']:.4f} | {r['cosine_min']:.4f} | {r['per_second']:.2f} | "
              f"{r['per_cpu_second']:.2f} | {r['vs_fp32']:.2f}x | {r['vs_int8']:.2f}x |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


def graphs_size(work: Path, name: str) -> int:
    kind = ORT_VARIANTS[name][1]
    path = work / (f"{kind}.onnx" if ORT_VARIANTS[name][2] is None else f"{name}.onnx")
    return path.stat().st_size


if __name__ == "__main__":
    main()
