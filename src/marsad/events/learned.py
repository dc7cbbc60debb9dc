"""A sub-event-type model a user trains on their own coded data (``marsad train``).

The built-in engine is rules only (``classify.score_types``). Coders who have a few hundred events
coded their way can train this model and have the extractor lean on it: the rules still decide
*which* sentences report an event; the model re-weighs *what type* it is (``SubEventModel.blend``).

The model is a multinomial logistic regression over lowercased word unigrams and bigrams plus crude
stems (a suffix cut: cheap, and "clashed"/"clashes" share evidence). Feature vectors are binary and
L2-normalised, so a one-sentence segment and a five-sentence note give logits of the same scale:
it is trained on whole notes but applied to sentences. It trains in seconds with numpy alone (full
batch Adam), and is saved as versioned JSON, never pickle: a model file is data a user may get from
someone else, and loading it must not run code.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from marsad.errors import MarsadError
from marsad.model.event import EVENT_TYPE_OF

FORMAT = "marsad-subevent-model"
VERSION = 1
# The model's share in the blend with the rules' scores. Above 0.5 the model can bring in a type the
# rules did not score, when it is sure of it (a margin of (1 - w) / w in probability: 2/3 at 0.6).
# On an 80/20 split of a week of ACLED notes, 0.6 raised sub-event accuracy on the held-out notes
# from 0.80 (rules) to 0.85; 0.5 gave 0.81 and 0.8 gave 0.82 (the rules' view of the sentence matters).
DEFAULT_WEIGHT = 0.6
MIN_BLEND_PROB = 0.05  # a type the rules did not score enters the blend only above this probability

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+")
_SUFFIXES = ("ings", "ing", "ies", "ied", "ed", "es", "s", "ly")


def _stem(word: str) -> str:
    """A suffix cut, not a lemmatiser: enough to let inflections share weight, and no spaCy needed."""
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 3:
            return word[: -len(suf)]
    return word


def features(text: str) -> list[str]:
    """The distinct features of a text: unigrams ``w:``, bigrams ``b:``, stems ``s:``. Numbers are one
    token (``<n>``): "killed 3" and "killed 12" are the same evidence for a type."""
    words = ["<n>" if w[0].isdigit() else w for w in _WORD.findall(text.lower())]
    out = {f"w:{w}" for w in words}
    out.update(f"s:{_stem(w)}" for w in words if len(w) > 4)
    out.update(f"b:{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return sorted(out)


@dataclass
class SubEventModel:
    """Weights per feature and class; ``predict_proba`` gives a probability per sub-event type."""

    classes: tuple[str, ...]
    vocab: dict[str, int]
    weights: np.ndarray  # (n_features, n_classes)
    bias: np.ndarray  # (n_classes,)
    weight: float = DEFAULT_WEIGHT
    meta: dict[str, Any] = field(default_factory=dict)

    def logits(self, text: str) -> np.ndarray:
        idx = [i for f in features(text) if (i := self.vocab.get(f)) is not None]
        z = self.bias.copy()
        if idx:
            z += self.weights[idx].sum(axis=0) / math.sqrt(len(idx))
        return z

    def predict_proba(self, text: str) -> dict[str, float]:
        """Probability of each sub-event type the model was trained on (they sum to 1)."""
        z = self.logits(text)
        p = np.exp(z - z.max())
        p /= p.sum()
        return {c: float(v) for c, v in zip(self.classes, p, strict=True)}

    def predict(self, text: str) -> str:
        return self.classes[int(np.argmax(self.logits(text)))]

    def blend(self, scores: dict[str, float], text: str) -> dict[str, float]:
        """The rules' scores for a segment, re-weighed by the model, on the rules' scale.

        Each rule score is divided by the best one (so it lies in 0..1), mixed with the model's
        probability by ``weight``, and multiplied back by the best rule score: the winner's score,
        which feeds the event's confidence, stays comparable with a rules-only run. With no rule
        scores the segment reports no event and the model is not asked (it types, it does not detect).
        """
        if not scores:
            return scores
        probs = self.predict_proba(text)
        top = max(scores.values())
        w = self.weight
        keys = set(scores) | {k for k, p in probs.items() if p >= MIN_BLEND_PROB}
        out = {k: top * ((1 - w) * scores.get(k, 0.0) / top + w * probs.get(k, 0.0)) for k in keys}
        return {k: v for k, v in out.items() if v > 0}

    def to_json(self) -> dict[str, Any]:
        names = sorted(self.vocab, key=self.vocab.__getitem__)
        return {
            "format": FORMAT,
            "version": VERSION,
            "classes": list(self.classes),
            "weight": self.weight,
            "bias": [round(float(b), 5) for b in self.bias],
            "features": names,
            "weights": [[round(float(v), 5) for v in row] for row in self.weights],
            "meta": self.meta,
        }

    def save(self, path: Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        tmp.replace(path)  # a crash mid-write never leaves a half model where the old one was


def load(path: Path | str) -> SubEventModel:
    """A model saved by ``SubEventModel.save``; anything else raises ``MarsadError("E060")``."""
    path = Path(path)

    def bad(reason: str) -> MarsadError:
        return MarsadError("E060", path=path, reason=reason)

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise bad("no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise bad(str(exc)) from None
    except json.JSONDecodeError as exc:
        raise bad(f"not JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise bad(f"not a marsad model (no \"format\": \"{FORMAT}\")")
    version = data.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise bad(f"model format version {version!r}; this marsad reads up to {VERSION}: upgrade marsad")
    try:
        classes = tuple(str(c) for c in data["classes"])
        names = [str(f) for f in data["features"]]
        weights = np.asarray(data["weights"], dtype=np.float64).reshape(len(names), len(classes))
        bias = np.asarray(data["bias"], dtype=np.float64).reshape(len(classes))
        weight = float(data.get("weight", DEFAULT_WEIGHT))
        meta = dict(data.get("meta") or {})
    except (KeyError, TypeError, ValueError) as exc:
        raise bad(f"malformed model: {exc}") from None
    unknown = [c for c in classes if c not in EVENT_TYPE_OF]
    if unknown:
        raise bad(f"unknown sub-event types {unknown}")
    if not classes or not 0.0 <= weight <= 1.0 or not np.isfinite(weights).all():
        raise bad("malformed model: no classes, a weight outside 0..1, or non-finite weights")
    return SubEventModel(classes, {f: i for i, f in enumerate(names)}, weights, bias, weight, meta)


def train(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    min_count: int = 2,
    max_features: int = 50_000,
    l2: float = 1e-5,
    iterations: int = 60,
    learning_rate: float = 0.2,
    weight: float = DEFAULT_WEIGHT,
    meta: dict[str, Any] | None = None,
) -> SubEventModel:
    """Fit the model on texts coded with ACLED sub-event types.

    Features seen in fewer than ``min_count`` texts are dropped (with fewer than 200 texts every
    feature is kept: small data has few repeats). Full-batch Adam on the mean cross-entropy plus an
    L2 penalty: deterministic, so the same data always gives the same model.
    """
    if len(texts) != len(labels):
        raise ValueError("texts and labels differ in length")
    bad = sorted({lab for lab in labels if lab not in EVENT_TYPE_OF})
    if bad:
        raise ValueError(f"not ACLED sub-event types: {bad}")
    if not texts:
        raise ValueError("no training texts")
    classes = tuple(sorted(set(labels)))
    feats = [features(t) for t in texts]
    df = Counter(f for fs in feats for f in fs)
    floor = min_count if len(texts) >= 200 else 1
    kept = sorted((f for f, n in df.items() if n >= floor), key=lambda f: (-df[f], f))[:max_features]
    vocab = {f: i for i, f in enumerate(sorted(kept))}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for r, fs in enumerate(feats):
        idx = [vocab[f] for f in fs if f in vocab]
        rows.extend([r] * len(idx))
        cols.extend(idx)
        vals.extend([1.0 / math.sqrt(len(idx))] * len(idx) if idx else [])
    n, k, d = len(texts), len(classes), len(vocab)
    y = np.zeros((n, k), dtype=np.float32)
    y[np.arange(n), [classes.index(lab) for lab in labels]] = 1.0
    w, b = _fit(np.asarray(rows), np.asarray(cols), np.asarray(vals, dtype=np.float32), y, d, l2, iterations, learning_rate)
    info = {"trained": datetime.now(UTC).isoformat(timespec="seconds"), "texts": n,
            "counts": dict(Counter(labels)), **(meta or {})}  # fmt: skip
    return SubEventModel(classes, vocab, w, b, weight, info)


def _fit(
    rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, y: np.ndarray, d: int, l2: float, iterations: int, lr: float
) -> tuple[np.ndarray, np.ndarray]:
    """Softmax regression on a sparse design given as (row, col, value) triples (rows ascending), with
    numpy only: X @ W gathers weight rows and sums them per example; X.T @ G sums per feature after
    one sort by column."""
    n, k = y.shape
    w = np.zeros((d, k), dtype=np.float32)
    b = np.log(y.mean(axis=0) + 1e-9).astype(np.float32)  # start from the class priors
    by_col = np.argsort(cols, kind="stable")
    c_rows, c_cols, c_vals = rows[by_col], cols[by_col], vals[by_col]
    c_starts = np.flatnonzero(np.r_[True, c_cols[1:] != c_cols[:-1]]) if len(c_cols) else np.array([], int)
    r_starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]]) if len(rows) else np.array([], int)
    m_w, v_w = np.zeros_like(w), np.zeros_like(w)
    m_b, v_b = np.zeros_like(b), np.zeros_like(b)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for t in range(1, iterations + 1):
        z = np.tile(b, (n, 1))
        if len(rows):
            z[rows[r_starts]] += np.add.reduceat(w[cols] * vals[:, None], r_starts, axis=0)
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - y) / n
        gw = np.zeros_like(w)
        if len(c_cols):
            gw[c_cols[c_starts]] = np.add.reduceat(g[c_rows] * c_vals[:, None], c_starts, axis=0)
        gw += l2 * w
        gb = g.sum(axis=0)
        for param, grad, m, v in ((w, gw, m_w, v_w), (b, gb, m_b, v_b)):
            m *= beta1
            m += (1 - beta1) * grad
            v *= beta2
            v += (1 - beta2) * grad * grad
            param -= lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)
    return w, b
