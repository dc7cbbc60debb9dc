"""Clustering mentions into events: one greedy, deterministic pass over sorted blocking keys.

Mentions are sorted by (event-type family, country, first possible day, document, mention id) and
swept once. A mention is compared only with the mentions still "active" in its block (those whose
dates can overlap its own) and, within the block, only with those of the same first-level area or an
unknown one: the work is the sort (n log n) plus a window per mention, and memory holds one window.

Each mention joins the best-scoring open cluster it is compatible with, or starts one:

- never a cluster holding another mention of its own document (a document lists distinct events);
- never when any active member vetoes it (complete-link veto: no chaining a clash in one town to a
  clash in the next through a vague report between them);
- only when the best pair scores ``threshold`` and the mean over the active members is not far below;
- a mention pinned to an event by a manual merge or split goes with the others pinned there, and
  two clusters pinned to different events never meet.

The same ``Linker`` runs incrementally at ingest (clusters seeded from stored events near the new
document) and over a whole database (``marsad resolve``), so both give the same kind of answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from marsad.dedup.features import MentionRecord
from marsad.dedup.scoring import SLACK_DAYS, THRESHOLD, score

MEAN_MARGIN = 1.2  # how far the mean score over a cluster's active members may sit below the threshold


@dataclass
class Cluster:
    key: int  # the caller's id: an event id (incremental) or a running number (batch)
    pin: int | None = None
    members: list[MentionRecord] = field(default_factory=list)  # all, in arrival order
    docs: set[int] = field(default_factory=set)
    live: int = 0  # members still in the active window

    @property
    def mention_ids(self) -> list[int]:
        return [m.mention_id for m in self.members]


class Linker:
    """Open clusters of one block, bucketed by first-level area (``""`` for unknown)."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self.buckets: dict[str, list[MentionRecord]] = {}
        self.owner: dict[int, Cluster] = {}  # mention id -> cluster
        self.clusters: dict[int, Cluster] = {}
        self._next = -1

    def _candidates(self, rec: MentionRecord) -> Iterator[MentionRecord]:
        if rec.admin1:
            yield from self.buckets.get(rec.admin1, ())
            yield from self.buckets.get("", ())
        else:
            for bucket in self.buckets.values():
                yield from bucket

    def add(self, rec: MentionRecord, cluster: Cluster) -> None:
        cluster.members.append(rec)
        cluster.docs.add(rec.doc)
        cluster.live += 1
        if rec.pin is not None:
            cluster.pin = rec.pin
        self.owner[rec.mention_id] = cluster
        self.buckets.setdefault(rec.admin1, []).append(rec)

    def seed(self, key: int, members: Iterable[MentionRecord], pin: int | None = None) -> Cluster:
        """An existing event (incremental resolution): its stored mentions near the new ones."""
        cluster = self.clusters.setdefault(key, Cluster(key, pin))
        for m in members:
            self.add(m, cluster)
        return cluster

    def expire(self, before: int) -> list[Cluster]:
        """Drop members that no mention starting on day ``before`` or later can match; return the
        clusters left without active members (finished)."""
        done: list[Cluster] = []
        for name in list(self.buckets):
            keep: list[MentionRecord] = []
            for m in self.buckets[name]:
                if m.end + SLACK_DAYS >= before:
                    keep.append(m)
                    continue
                c = self.owner.pop(m.mention_id)
                c.live -= 1
                if c.live == 0:
                    done.append(self.clusters.pop(c.key))
            if keep:
                self.buckets[name] = keep
            else:
                del self.buckets[name]
        return done

    def best(self, rec: MentionRecord) -> Cluster | None:
        """The open cluster ``rec`` belongs to, or None."""
        by_cluster: dict[int, list[float | None]] = {}
        for m in self._candidates(rec):
            c = self.owner[m.mention_id]
            if rec.pin is not None and c.pin == rec.pin:
                return c
            by_cluster.setdefault(c.key, []).append(score(rec, m))
        best: tuple[float, int] | None = None
        chosen: Cluster | None = None
        for key, scores in by_cluster.items():
            c = self.clusters[key]
            if rec.doc in c.docs or any(s is None for s in scores):
                continue
            if rec.pin is not None and c.pin is not None:
                continue
            values = [s for s in scores if s is not None]
            top, mean = max(values), sum(values) / len(values)
            if top < self.threshold or mean < self.threshold - MEAN_MARGIN:
                continue
            # Deterministic: the higher score, then the cluster whose first mention came first.
            cand = (top, -c.members[0].mention_id)
            if best is None or cand > best:
                best, chosen = cand, c
        return chosen

    def link(self, rec: MentionRecord) -> Cluster:
        """Put ``rec`` in its best cluster or a new one; returns the cluster."""
        cluster = self.best(rec)
        if cluster is None:
            cluster = Cluster(self._next, rec.pin)
            self.clusters[cluster.key] = cluster
            self._next -= 1
        self.add(rec, cluster)
        return cluster


def resolve_sorted(records: Iterable[MentionRecord], threshold: float = THRESHOLD) -> Iterator[list[int]]:
    """Cluster ``records`` (sorted by ``MentionRecord.sort_key``); yields each cluster's mention ids
    as soon as it is finished, so memory holds one window of one block."""
    linker: Linker | None = None
    block: tuple[str, str] | None = None
    last: tuple[str, str, int, int, int] | None = None
    day = -1
    for rec in records:
        key = rec.sort_key
        if last is not None and key < last:
            raise ValueError("records must be sorted by MentionRecord.sort_key")
        last = key
        if rec.block != block or linker is None:
            if linker is not None:
                yield from (c.mention_ids for c in linker.clusters.values())
            linker, block, day = Linker(threshold), rec.block, -1
        if rec.start != day:  # the window moves once per day, not once per mention
            day = rec.start
            for c in linker.expire(day):
                yield c.mention_ids
        linker.link(rec)
    if linker is not None:
        yield from (c.mention_ids for c in linker.clusters.values())


def resolve(records: Iterable[MentionRecord], threshold: float = THRESHOLD) -> list[list[int]]:
    """Cluster records in any order (sorts them first): clusters of mention ids, each sorted."""
    ordered = sorted(records, key=lambda r: r.sort_key)
    return sorted(sorted(c) for c in resolve_sorted(ordered, threshold))
