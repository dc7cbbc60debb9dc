"""Scores marsad's extraction against coded rows: one document per row, one gold event per document.

The rules are those of the project's scorer (``../shared/tools/score.py acled``), so figures from
``marsad evaluate`` and from the scorer agree on the same file:

- a document's *primary* event is the one a user would see first: highest confidence, then first;
- every field is scored on the primary event only; a document with no event counts as wrong on
  every field (detection is the share of documents with at least one event);
- admin1 matches leniently (accents, "Governorate"/"Province", "al-" and small spelling differences
  are ignored); coordinates count within 25 km and within 161 km (100 miles, GeoNames' habit);
- a gold field that is blank or absent is not scored for that row.

Per-type precision, recall and F1 treat each document's primary type as its prediction (a document
with no event predicts nothing, which costs recall only).
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from marsad.evaluation.coded import CodedRow
from marsad.exports.records import mention_record
from marsad.model import Document, Mention, distance_km

NONE = "(none)"  # the predicted label of a document with no event
FIELDS = ("detected", "event_type", "sub_event_type", "date", "fatalities", "inter1", "actor1", "admin1",
          "within_25km", "within_161km")  # fmt: skip


def primary(mentions: Sequence[Mention]) -> Mention | None:
    """The event a user would see first for a document: highest confidence, then first."""
    if not mentions:
        return None
    return max(enumerate(mentions), key=lambda im: (im[1].confidence, -im[0]))[1]


def _norm_admin(s: str | None) -> str:
    s = unicodedata.normalize("NFKD", s or "").encode("ascii", "ignore").decode().lower()
    s = re.sub(r"\b(governorate|province|state|region|oblast|department|district|muhafazat|wilayat)\b", " ", s)
    s = re.sub(r"\b(al|el|ad|an|as|ar|at)[- ]", "", s)
    return re.sub(r"[^a-z0-9]", "", s)


def same_admin(a: str | None, b: str | None) -> bool:
    """Lenient admin1 match: normalised equality, containment, or a fuzzy ratio of 80 or more."""
    x, y = _norm_admin(a), _norm_admin(b)
    if not x or not y:
        return False
    if x == y or x in y or y in x:
        return True
    from rapidfuzz import fuzz

    return bool(fuzz.ratio(x, y) >= 80)


def same_actor(pred: str | None, gold: str | None) -> bool:
    """Lenient actor match: the names without their date ranges ("(2019-)") and punctuation, equal or
    one inside the other ("Military Forces of Iraq" in "Military Forces of Iraq (2018-) Air Force")."""

    def key(s: str | None) -> str:
        s = re.sub(r"\([^)]*\)", " ", s or "")
        return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()

    x, y = key(pred), key(gold)
    return bool(x and y) and (x == y or f" {x} " in f" {y} " or f" {y} " in f" {x} ")



def _within(limit: float) -> Callable[[CodedRow, dict[str, Any]], bool | None]:
    def check(g: CodedRow, p: dict[str, Any]) -> bool | None:
        if g.latitude is None or g.longitude is None:
            return None
        lat, lon = p.get("latitude"), p.get("longitude")
        return lat is not None and lon is not None and distance_km(g.latitude, g.longitude, lat, lon) <= limit

    return check


def _gold(value: object, test: Callable[[], bool]) -> bool | None:
    return None if value is None else test()


CHECKS: dict[str, Callable[[CodedRow, dict[str, Any]], bool | None]] = {
    "detected": lambda g, p: True,
    "event_type": lambda g, p: _gold(g.event_type, lambda: p["event_type"] == g.event_type),
    "sub_event_type": lambda g, p: _gold(g.sub_event_type, lambda: p["sub_event_type"] == g.sub_event_type),
    "date": lambda g, p: _gold(g.event_date, lambda: p["event_date"][:10] == str(g.event_date)),
    "fatalities": lambda g, p: _gold(g.fatalities, lambda: int(p["fatalities"] or 0) == g.fatalities),
    "inter1": lambda g, p: _gold(g.inter1, lambda: str(p["inter1"]).strip() == g.inter1),
    "actor1": lambda g, p: _gold(g.actor1, lambda: same_actor(p["actor1"], g.actor1)),
    "admin1": lambda g, p: _gold(g.admin1, lambda: same_admin(p["admin1"], g.admin1)),
    "within_25km": _within(25),
    "within_161km": _within(161),
}

_GOLD_OF = {"event_type": "event_type", "sub_event_type": "sub_event_type", "date": "event_date",
            "fatalities": "fatalities", "inter1": "inter1", "actor1": "actor1", "admin1": "admin1",
            "within_25km": "latitude", "within_161km": "latitude"}  # fmt: skip


@dataclass(frozen=True)
class TypeScore:
    label: str
    precision: float
    recall: float
    f1: float
    support: int  # gold rows of this type
    predicted: int  # documents whose primary event has this type


@dataclass
class Evaluation:
    """What ``marsad evaluate`` reports."""

    n: int
    accuracy: dict[str, float]  # field -> share of the rows where it is scored
    counted: dict[str, int]  # field -> rows where it is scored (gold present)
    event_types: list[TypeScore]
    sub_event_types: list[TypeScore]
    weighted_f1: float  # sub-event types, weighted by support
    macro_f1: float  # sub-event types present in gold, unweighted
    confusion: dict[str, dict[str, int]]  # gold sub-event type -> predicted -> documents
    events_per_doc: float
    seconds: float
    reference: str  # how each document's reference date was chosen
    results: list[tuple[CodedRow, dict[str, Any] | None]] = field(default_factory=list, repr=False)

    def to_json(self) -> dict[str, Any]:
        def types(scores: list[TypeScore]) -> list[dict[str, Any]]:
            return [{"label": t.label, "precision": round(t.precision, 4), "recall": round(t.recall, 4),
                     "f1": round(t.f1, 4), "support": t.support, "predicted": t.predicted} for t in scores]  # fmt: skip

        return {
            "n": self.n,
            "accuracy": {k: round(v, 4) for k, v in self.accuracy.items()},
            "counted": self.counted,
            "event_types": types(self.event_types),
            "sub_event_types": types(self.sub_event_types),
            "sub_event_weighted_f1": round(self.weighted_f1, 4),
            "sub_event_macro_f1": round(self.macro_f1, 4),
            "confusion": self.confusion,
            "events_per_doc": round(self.events_per_doc, 4),
            "docs_per_s": round(self.n / self.seconds, 2) if self.seconds > 0 else None,
            "reference_date": self.reference,
        }


def reference_dates(rows: Sequence[CodedRow], published: date | None) -> tuple[list[date | None], str]:
    """Each row's reference date for relative expressions ("on Saturday"), and how it was chosen.

    A row's own ``published`` wins; then ``--published``; then the latest gold event date in the
    file. A coded dataset is published after the period it covers, so its last event date is the
    earliest date at which every report in it could have been written: using "today" instead would
    resolve "on Saturday" to a Saturday years after the events.
    """
    latest = max((r.event_date for r in rows if r.event_date is not None), default=None)
    fallback = published or latest
    how = (f"--published {published}" if published else
           f"the latest gold event_date, {latest}" if latest else "today (no dates in the file)")  # fmt: skip
    if any(r.published for r in rows):
        how = f"each row's 'published', else {how}"
    return [r.published or fallback for r in rows], how


def documents(rows: Sequence[CodedRow], refs: Sequence[date | None]) -> list[Document]:
    return [Document(id=r.id, text=r.text, published=ref, language="en") for r, ref in zip(rows, refs, strict=True)]


def prf(gold: Sequence[str | None], pred: Sequence[str], labels: Iterable[str]) -> list[TypeScore]:
    """Precision, recall and F1 per label over paired gold and predicted labels."""
    out = []
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p == lab)
        n_pred = sum(1 for p in pred if p == lab)
        n_gold = sum(1 for g in gold if g == lab)
        pr = tp / n_pred if n_pred else 0.0
        rc = tp / n_gold if n_gold else 0.0
        f1 = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
        out.append(TypeScore(lab, pr, rc, f1, n_gold, n_pred))
    return sorted(out, key=lambda t: (-t.support, -t.predicted, t.label))


def score(
    rows: Sequence[CodedRow], predicted: Sequence[list[Mention]], docs: Sequence[Document] | None = None,
    seconds: float = 0.0, reference: str = "",
) -> Evaluation:
    """Score each row's primary predicted event against the row (``predicted`` pairs with ``rows``)."""
    results: list[tuple[CodedRow, dict[str, Any] | None]] = []
    tally: Counter[str] = Counter()
    counted: Counter[str] = Counter()
    for i, (row, mentions) in enumerate(zip(rows, predicted, strict=True)):
        ev = primary(mentions)
        rec = mention_record(ev, docs[i] if docs else None) if ev is not None else None
        results.append((row, rec))
        for name, check in CHECKS.items():
            if rec is None:
                gold = _GOLD_OF.get(name)
                ok: bool | None = None if gold and getattr(row, gold) is None else False
            else:
                ok = check(row, rec)
            if ok is None:
                continue
            counted[name] += 1
            tally[name] += bool(ok)
    accuracy = {k: tally[k] / counted[k] for k in FIELDS if counted[k]}
    gold_sub = [r.sub_event_type for r, _ in results]
    pred_sub = [rec["sub_event_type"] if rec else NONE for _, rec in results]
    gold_et = [r.event_type for r, _ in results]
    pred_et = [rec["event_type"] if rec else NONE for _, rec in results]
    scored = [(g, p) for g, p in zip(gold_sub, pred_sub, strict=True) if g is not None]
    sub_labels = sorted({g for g, _ in scored} | {p for _, p in scored if p != NONE})
    subs = prf([g for g, _ in scored], [p for _, p in scored], sub_labels)
    et_pairs = [(g, p) for g, p in zip(gold_et, pred_et, strict=True) if g is not None]
    et_labels = sorted({g for g, _ in et_pairs} | {p for _, p in et_pairs if p != NONE})
    ets = prf([g for g, _ in et_pairs], [p for _, p in et_pairs], et_labels)
    support = sum(t.support for t in subs)
    weighted = sum(t.f1 * t.support for t in subs) / support if support else 0.0
    present = [t for t in subs if t.support]
    macro = sum(t.f1 for t in present) / len(present) if present else 0.0
    confusion: dict[str, dict[str, int]] = {}
    for g, p in scored:
        confusion.setdefault(g, {})
        confusion[g][p] = confusion[g].get(p, 0) + 1
    n_events = sum(len(m) for m in predicted)
    return Evaluation(
        n=len(rows), accuracy=accuracy, counted=dict(counted), event_types=ets, sub_event_types=subs,
        weighted_f1=weighted, macro_f1=macro, confusion=confusion,
        events_per_doc=n_events / max(1, len(rows)), seconds=seconds, reference=reference, results=results,
    )  # fmt: skip


def evaluate(
    rows: Sequence[CodedRow],
    pipeline: Any,
    *,
    published: date | None = None,
    batch_size: int = 64,
    progress: Callable[[int], None] | None = None,
) -> Evaluation:
    """Run ``pipeline`` (``marsad.workflows.make_pipeline``) over the rows' texts and score it."""
    refs, how = reference_dates(rows, published)
    docs = documents(rows, refs)
    predicted: list[list[Mention]] = []
    t0 = time.perf_counter()
    for analysis in pipeline.run(docs, batch_size=batch_size):
        predicted.append(list(analysis.mentions))
        if progress:
            progress(1)
    seconds = time.perf_counter() - t0
    return score(rows, predicted, docs, seconds, how)
