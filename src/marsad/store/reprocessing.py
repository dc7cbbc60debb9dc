"""Re-processing a stored document: its mentions replaced by what the current pipeline extracts.

Runs inside the caller's transaction, so a document is re-processed whole (mentions, events, history
and its pipeline version) or not at all. What a person decided is kept where it still applies:

- a new mention is matched to the old one it re-reads (overlapping evidence in the same text, then
  the same sub-event type, then the same position), and the matched row is updated in place, so
  mention ids stay stable;
- a matched mention that a person placed (pinned by a merge or split) or whose event a person edited
  stays in that event; the event is reconciled from its new mentions and the edited fields still win;
- any other mention is resolved again as at ingest (``resolving.link``): it joins the stored event it
  reports, or goes back to its old event (same id) when no report read by the current pipeline holds
  it (the others are due to be re-read: an event of two reports keeps its id as both are re-run), or
  starts one;
- an event left without reports is marked as merged into the event that took its report (its id
  keeps answering), or, when the report is gone, removed with a ``source_removed`` history row
  (``after`` empty), so ``--as-of`` still shows it as it was.

A decision that can no longer apply (a pinned report that is no longer extracted, an edited event
whose only report is gone) becomes one notice line; the decision itself stays in the history.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, and_, delete, insert, or_, select, update

from marsad.store.history import record_change
from marsad.store.records import IN_CHUNK, records_by_id
from marsad.store.resolving import link, load, new_event, refresh
from marsad.store.tables import documents, events, mentions


@dataclass
class Outcome:
    """What re-processing one document changed."""

    mentions_before: int = 0
    mentions_after: int = 0
    created: int = 0  # new events
    removed: int = 0  # events left without any report (removed or merged into another)
    changed: int = 0  # events whose record changed (history rows written)
    notices: list[str] = field(default_factory=list)


def _spans(evidence: Any) -> list[tuple[int, int]]:
    return [(int(e["start"]), int(e["end"])) for e in (evidence or []) if e.get("end", 0) > e.get("start", 0)]


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def match(old: list[RowMapping], new: list[dict[str, Any]]) -> dict[int, RowMapping]:
    """Old mention rows by the index of the new mention that re-reads them: the same text read again,
    so overlapping evidence is the signal (then the same sub-event type, then the same position).
    Mentions without evidence match only by position and type. Greedy on the best pairs, one-to-one."""
    pairs: list[tuple[tuple[int, bool, bool], int, int]] = []
    for i, n in enumerate(new):
        ns = _spans(n["evidence"])
        for j, o in enumerate(old):
            ov = _overlap(ns, _spans(o["evidence"]))
            same_type = n["sub_event_type"] == o["sub_event_type"]
            same_idx = n["idx"] == o["idx"]
            if ov > 0 or (not ns and not o["evidence"] and same_idx and same_type):
                pairs.append(((ov, same_type, same_idx), i, j))
    pairs.sort(key=lambda p: (p[0], -p[1], -p[2]), reverse=True)
    out: dict[int, RowMapping] = {}
    used: set[int] = set()
    for _, i, j in pairs:
        if i in out or j in used:
            continue
        out[i] = old[j]
        used.add(j)
    return out


def _has_mentions(conn: Connection, event_id: int) -> bool:
    return conn.execute(select(mentions.c.id).where(mentions.c.event_id == event_id).limit(1)).first() is not None


def _held(conn: Connection, event_id: int, doc_pk: int, version: str) -> bool:
    """Whether the event holds a report of this document or of one the pipeline ``version`` read."""
    q = (select(mentions.c.id).select_from(mentions.join(documents, mentions.c.document_id == documents.c.id))
         .where(and_(mentions.c.event_id == event_id,
                     or_(documents.c.id == doc_pk, documents.c.pipeline_version == version))).limit(1))
    return conn.execute(q).first() is not None


def replace_mentions(
    conn: Connection,
    doc_pk: int,
    doc_key: str,
    new_rows: list[dict[str, Any]],
    version: str,
    now: datetime,
    why: str,
    run_id: str | None = None,
) -> Outcome:
    """Replace the mentions of document ``doc_pk`` by ``new_rows`` (mention columns without
    ``document_id``, ``event_id`` and ``pinned``; what the pipeline ``version`` extracts), re-resolve
    the events they touch and record it. The caller sets the document's version afterwards."""
    out = Outcome(mentions_after=len(new_rows))
    old = load(conn, mentions.c.document_id == doc_pk)
    out.mentions_before = len(old)
    old_events = sorted({int(r["event_id"]) for r in old if r["event_id"] is not None})
    info = {int(r[0]): (str(r[1]), dict(r[2] or {})) for r in conn.execute(
        select(events.c.id, events.c.event_key, events.c.locked).where(events.c.id.in_(old_events)))}
    before: dict[int, dict[str, Any] | None] = dict(records_by_id(conn, old_events))
    pairs = match(old, new_rows)

    # Old rows step out of the (document, idx) unique key, so matched rows can take any new position.
    conn.execute(update(mentions).where(mentions.c.document_id == doc_pk).values(idx=-mentions.c.id))
    matched = {int(o["mention_id"]) for o in pairs.values()}
    gone = [r for r in old if int(r["mention_id"]) not in matched]
    for start in range(0, len(gone), IN_CHUNK):
        ids = [int(r["mention_id"]) for r in gone[start : start + IN_CHUNK]]
        conn.execute(delete(mentions).where(mentions.c.id.in_(ids)))
    for r in gone:
        if r["pinned"] and r["event_id"] is not None:
            key = info[int(r["event_id"])][0]
            out.notices.append(f"{doc_key}: mention {r['mention_id']}, placed in {key} by a manual merge or split, "
                               "is no longer extracted; the decision stays in the event's history")

    prev: dict[int, int] = {}  # mention id -> the event its old reading was in
    for i, row in enumerate(new_rows):
        o = pairs.get(i)
        if o is None:
            conn.execute(insert(mentions).values(document_id=doc_pk, **row, event_id=None, pinned=False))
            continue
        mid, eid = int(o["mention_id"]), o["event_id"]
        keep = eid is not None and (bool(o["pinned"]) or bool(info[int(eid)][1]))
        if eid is not None:
            prev[mid] = int(eid)
        conn.execute(update(mentions).where(mentions.c.id == mid).values(
            **row, event_id=eid if keep else None, pinned=bool(o["pinned"]) and keep))

    # Everything a person did not place is resolved again, as at ingest.
    loose = load(conn, and_(mentions.c.document_id == doc_pk, mentions.c.event_id.is_(None)))
    target = link(conn, loose) if loose else {}
    joined = sorted(set(target.values()) - set(before))
    before.update(records_by_id(conn, joined))
    actions: dict[int, str] = {e: "source_added" for e in joined}
    for mid, eid in target.items():
        conn.execute(update(mentions).where(mentions.c.id == mid).values(event_id=eid))
    # A report that joins nothing goes back to its old event (a stable id) when no report read by this
    # pipeline holds it: the other reports there are due to be re-read, and will leave if they differ.
    for r in loose:
        mid = int(r["mention_id"])
        eid = prev.get(mid)
        if mid in target or eid is None or eid in actions or _held(conn, eid, doc_pk, version):
            continue
        target[mid] = eid
        actions[eid] = "updated"
        conn.execute(update(mentions).where(mentions.c.id == mid).values(event_id=eid))

    for eid in old_events:
        if eid in actions:
            continue
        key, locked = info[eid]
        if _has_mentions(conn, eid):
            mine = conn.execute(select(mentions.c.id).where(
                and_(mentions.c.event_id == eid, mentions.c.document_id == doc_pk)).limit(1)).first()
            actions[eid] = "updated" if mine else "source_removed"
            continue
        out.removed += 1
        moved = Counter(target[m] for m, e in prev.items() if e == eid and m in target)
        if moved:  # its report now belongs to another event: the id keeps answering with that one
            dest = min(moved.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            dkey = str(conn.execute(select(events.c.event_key).where(events.c.id == dest)).scalar_one())
            conn.execute(update(events).where(events.c.id == eid).values(merged_into=dkey, last_modified=now))
            conn.execute(update(events).where(events.c.merged_into == key).values(merged_into=dkey))
            record_change(conn, key, "merged_away", f"{why}: merged into {dkey}", now, before.get(eid), None, run_id)
            continue
        record_change(conn, key, "source_removed", f"{why}: no longer reported", now, before.get(eid), None, run_id)
        conn.execute(delete(events).where(events.c.id == eid))
        if locked:
            out.notices.append(f"{key}: hand edits ({', '.join(sorted(locked))}) no longer apply: {doc_key}, its only "
                               "report, no longer reports the event; they stay in the event's history")

    for r in load(conn, and_(mentions.c.document_id == doc_pk, mentions.c.event_id.is_(None))):
        eid = new_event(conn, r, now)
        conn.execute(update(mentions).where(mentions.c.id == r["mention_id"]).values(event_id=eid))
        before[eid] = None
        actions[eid] = "created"
        out.created += 1
    out.changed = len(refresh(conn, actions, before, now, why, actions, run_id))
    return out


__all__ = ["Outcome", "match", "replace_mentions"]
