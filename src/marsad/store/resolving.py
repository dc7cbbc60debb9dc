"""Resolution inside the store: where new mentions go, re-resolving a database, reconciling events.

Pure decisions come from ``marsad.dedup``; this module reads the mentions they need, writes the
outcome (``mentions.event_id``, reconciled ``events`` rows) and records each change in the history.
Every function runs inside the caller's transaction, so a document is stored with its resolution or
not at all, and a manual merge or split either happens whole or not.
"""

from __future__ import annotations

import hashlib
import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, RowMapping, and_, func, insert, select, update

from marsad.dedup import FAMILY, Linker, MentionRecord, reconcile, resolve_sorted
from marsad.dedup import grade as grade_claim
from marsad.dedup import mention_record as to_record
from marsad.dedup.minhash import band_keys, is_near_duplicate, signature
from marsad.model.event import SUB_EVENT_TYPES, interaction_code
from marsad.store.history import has_history, record_change
from marsad.store.keys import event_key
from marsad.store.records import IN_CHUNK, records_by_id
from marsad.store.tables import doc_bands, documents, events, mentions

CODING = ("event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
          "inter2", "evidence", "claim")
PLACE = ("location", "latitude", "longitude", "geo_precision", "country", "country_code", "iso3", "admin1",
         "admin2", "gazetteer_id")
HORIZON_DAYS = 41  # the widest date interval (a month) plus slack: how far back candidates are read


def family_types(family: str) -> list[str]:
    return sorted(t for t, f in FAMILY.items() if f == family)


def _mention_query() -> Any:
    return select(
        mentions,
        mentions.c.id.label("mention_id"),
        documents.c.published,
        documents.c.source,
        documents.c.dup_of,
        documents.c.content_hash,
    ).select_from(mentions.join(documents, mentions.c.document_id == documents.c.id))


def _record(row: RowMapping) -> MentionRecord:
    pin = row["event_id"] if row["pinned"] else None
    return to_record(row, group=row["dup_of"] or row["document_id"], pin=pin)


def load(conn: Connection, where: ColumnElement[bool]) -> list[RowMapping]:
    return list(conn.execute(_mention_query().where(where).order_by(mentions.c.id)).mappings())


# -- near-duplicate documents -----------------------------------------------------------------------


def mark_near_duplicates(conn: Connection, doc_pk: int, text: str) -> int | None:
    """Store the document's MinHash and LSH bands; return the earliest stored document it copies."""
    sig = signature(text)
    keys = band_keys(sig)
    found: int | None = None
    cands = sorted(set(conn.execute(select(doc_bands.c.document_id).where(doc_bands.c.band.in_(keys))).scalars()))
    if cands:
        rows = conn.execute(
            select(documents.c.id, documents.c.minhash, documents.c.dup_of).where(documents.c.id.in_(cands[:200]))
        ).all()
        for pk, other, dup_of in sorted(rows):
            if other and is_near_duplicate(sig, list(other)):
                found = dup_of or pk
                break
    conn.execute(update(documents).where(documents.c.id == doc_pk).values(minhash=sig, dup_of=found))
    conn.execute(insert(doc_bands), [{"band": k, "document_id": doc_pk} for k in keys])
    return found


# -- events ------------------------------------------------------------------------------------------


def _fresh_key(conn: Connection, content_hash: str, idx: int) -> tuple[str, int | None]:
    """The public id for an event first seen as mention ``idx`` of a document: the content-derived
    ``event_key`` when free, else a numbered variant. Returns (key, id of a merged-away row to reuse)."""

    n = 0
    while True:
        key = event_key(content_hash, idx) if n == 0 else "MRS-" + hashlib.sha256(
            f"{content_hash}:{idx}:{n}".encode()).hexdigest()[:12].upper()
        row = conn.execute(select(events.c.id, events.c.merged_into).where(events.c.event_key == key)).first()
        if row is None:
            return key, None
        if row[1] is not None and not conn.execute(
            select(mentions.c.id).where(mentions.c.event_id == row[0]).limit(1)
        ).first():
            return key, int(row[0])
        n += 1


def new_event(conn: Connection, row: RowMapping, now: datetime) -> int:
    """An event for the mention ``row`` (coded as it; ``refresh`` reconciles it afterwards)."""
    key, reuse = _fresh_key(conn, row["content_hash"], row["idx"])
    values = {c: row[c] for c in (*CODING, *PLACE, "event_date", "time_precision", "fatalities", "injuries",
                                  "arrests", "confidence", "interaction")}
    if reuse is not None:
        conn.execute(update(events).where(events.c.id == reuse).values(**values, merged_into=None, last_modified=now))
        return reuse
    return int(
        conn.execute(
            insert(events)
            .values(event_key=key, **values, created_at=now, last_modified=now, fatalities_low=0,
                    fatalities_best=0, fatalities_high=0, n_sources=1)
            .returning(events.c.id)
        ).scalar_one()
    )


def _convert_locked(name: str, value: Any) -> Any:
    if name == "event_date" and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def reconciled_values(rows: list[RowMapping], locked: dict[str, Any] | None) -> dict[str, Any]:
    """The event columns its mention rows give, with hand-edited fields winning."""
    recs = [_record(r) for r in rows]
    by_id = {r["mention_id"]: r for r in rows}
    rec = reconcile(recs)
    coding, when = by_id[rec.coding_from], by_id[rec.date_from]
    place = by_id[rec.place_from] if rec.place_from is not None else None
    values: dict[str, Any] = {c: coding[c] for c in CODING}
    values.update({c: (place[c] if place is not None else None) for c in PLACE})
    values.update(
        event_date=when["event_date"], time_precision=when["time_precision"], fatalities=rec.fatalities,
        fatalities_low=rec.fatalities_low, fatalities_best=rec.fatalities_best,
        fatalities_high=rec.fatalities_high, injuries=rec.injuries, arrests=rec.arrests,
        confidence=rec.confidence, n_sources=rec.independent_sources, claim_grade=rec.claim_grade,
        claim_reason=rec.claim_reason,
    )
    for name, value in (locked or {}).items():
        values[name] = _convert_locked(name, value)
    if locked and "actor1" in locked and "claim_grade" not in locked:
        values["claim_grade"], values["claim_reason"] = grade_claim(recs, values["actor1"])
    if locked and "fatalities" in locked:
        f = int(values["fatalities"])
        values.update(fatalities_low=min(values["fatalities_low"] or f, f), fatalities_high=max(values["fatalities_high"], f))
        if "fatalities_best" not in locked:
            values["fatalities_best"] = f
    values["interaction"] = interaction_code(values["inter1"], values["inter2"])
    return values


def _same(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    if a is None or b is None:
        return False
    return {k: v for k, v in a.items() if k != "last_modified"} == {k: v for k, v in b.items() if k != "last_modified"}


def refresh(
    conn: Connection,
    event_ids: Iterable[int],
    before: dict[int, dict[str, Any] | None],
    now: datetime,
    why: str,
    action: str | dict[int, str],
    run_id: str | None = None,
    force: Iterable[int] = (),
) -> list[int]:
    """Reconcile events from their mentions and record what changed. Returns the changed event ids.

    An event whose record did not change keeps its ``last_modified`` and gets no history row, unless
    listed in ``force`` (an event that has no history yet).
    """
    ids = sorted(set(event_ids))
    forced = set(force)
    by_event: dict[int, list[RowMapping]] = defaultdict(list)
    for start in range(0, len(ids), IN_CHUNK):
        for r in load(conn, mentions.c.event_id.in_(ids[start : start + IN_CHUNK])):
            by_event[r["event_id"]].append(r)
    locks = {}
    for start in range(0, len(ids), IN_CHUNK):
        q = select(events.c.id, events.c.locked, events.c.last_modified).where(events.c.id.in_(ids[start : start + IN_CHUNK]))
        locks.update({r[0]: (r[1], r[2]) for r in conn.execute(q)})
    for eid in ids:
        if by_event.get(eid):
            conn.execute(update(events).where(events.c.id == eid).values(
                **reconciled_values(by_event[eid], locks[eid][0]), last_modified=now))
    after = records_by_id(conn, [e for e in ids if by_event.get(e)])
    changed: list[int] = []
    for eid, rec in after.items():
        old = before.get(eid)
        if _same(old, rec) and eid not in forced:
            conn.execute(update(events).where(events.c.id == eid).values(last_modified=locks[eid][1]))
            continue
        act = action if isinstance(action, str) else action.get(eid, "updated")
        record_change(conn, rec["event_id"], act, why, now, old, rec, run_id)
        changed.append(eid)
    return changed


# -- incremental resolution (ingest) ------------------------------------------------------------------


def link(conn: Connection, rows: list[RowMapping]) -> dict[int, int]:
    """The stored event each of ``rows`` (mentions without an event yet) reports, by mention id;
    mentions that report no stored event are left out. Candidates are the placed mentions near them
    (same family and country, overlapping dates), seeded into a ``Linker`` per block, so a mention
    never joins an event that already holds a report from its own document."""
    recs = {r["mention_id"]: _record(r) for r in rows}
    target: dict[int, int] = {}
    linker = Linker()
    blocks: dict[tuple[str, str], list[MentionRecord]] = defaultdict(list)
    for rec in recs.values():
        blocks[rec.block].append(rec)
    for (fam, country), members in sorted(blocks.items()):
        lo = date.fromordinal(min(m.start for m in members) - HORIZON_DAYS)
        hi = date.fromordinal(max(m.end for m in members) + HORIZON_DAYS)
        cc = mentions.c.country_code == country if country else mentions.c.country_code.is_(None)
        cand = load(conn, and_(cc, mentions.c.event_date.between(lo, hi), mentions.c.event_id.is_not(None),
                               mentions.c.event_type.in_(family_types(fam))))
        per_event: dict[int, list[MentionRecord]] = defaultdict(list)
        for r in cand:
            per_event[r["event_id"]].append(_record(r))
        for eid, ms in sorted(per_event.items()):
            pin = eid if any(m.pin is not None for m in ms) else None
            linker.seed(eid, ms, pin)
    for rec in sorted(recs.values(), key=lambda r: r.sort_key):
        c = linker.link(rec)
        if c.key > 0:
            target[rec.mention_id] = c.key
    return target


def place_document(
    conn: Connection, doc_pk: int, resolve: bool, now: datetime, why: str, run_id: str | None = None
) -> None:
    """Give each mention of a newly stored document an event: an existing one it reports (when
    ``resolve``) or a new one; reconcile the events touched and record the changes."""
    rows = load(conn, mentions.c.document_id == doc_pk)
    if not rows:
        return
    target: dict[int, int] = link(conn, rows) if resolve else {}
    existing = sorted(set(target.values()))
    before: dict[int, dict[str, Any] | None] = dict(records_by_id(conn, existing))
    actions: dict[int, str] = {e: "source_added" for e in existing}
    for r in rows:
        if r["mention_id"] not in target:
            eid = new_event(conn, r, now)
            target[r["mention_id"]] = eid
            before[eid] = None
            actions[eid] = "created"
    for mid, eid in target.items():
        conn.execute(update(mentions).where(mentions.c.id == mid).values(event_id=eid))
    refresh(conn, actions, before, now, why, actions, run_id)


# -- whole-database resolution ------------------------------------------------------------------------


@dataclass
class ResolveReport:
    mentions: int = 0
    events_before: int = 0
    events_after: int = 0
    created: int = 0
    merged_away: int = 0
    changed: int = 0
    run_id: str = ""
    clusters: list[list[int]] = field(default_factory=list, repr=False)


def _sorted_records(rows: Iterable[RowMapping]) -> Iterator[MentionRecord]:
    """Rows ordered by (country, event_date) re-ordered by ``MentionRecord.sort_key`` with a bounded
    buffer: a record's first possible day is at most a month before its date."""
    heap: list[tuple[tuple[str, str, int, int, int], MentionRecord]] = []
    block: tuple[str, str] | None = None
    for row in rows:
        rec = _record(row)
        if rec.block != block:
            while heap:
                yield heapq.heappop(heap)[1]
            block = rec.block
        while heap and heap[0][1].start < rec.day.toordinal() - 32:
            yield heapq.heappop(heap)[1]
        heapq.heappush(heap, (rec.sort_key, rec))
    while heap:
        yield heapq.heappop(heap)[1]


def cluster_all(conn: Connection, threshold: float | None = None) -> tuple[list[list[int]], dict[int, int | None]]:
    """Every mention clustered afresh; and each mention's current event id."""
    from marsad.dedup.scoring import THRESHOLD

    current: dict[int, int | None] = {}
    clusters: list[list[int]] = []
    for fam in sorted(set(FAMILY.values())):
        q = (
            _mention_query()
            .where(mentions.c.event_type.in_(family_types(fam)))
            .order_by(func.coalesce(mentions.c.country_code, ""), mentions.c.event_date, mentions.c.document_id,
                      mentions.c.id)
        )

        def rows(query: Any = q) -> Iterator[RowMapping]:
            for row in conn.execute(query).mappings():
                current[row["mention_id"]] = row["event_id"]
                yield row

        clusters.extend(resolve_sorted(_sorted_records(rows()), threshold if threshold is not None else THRESHOLD))
    return clusters, current


def resolve_all(conn: Connection, now: datetime, why: str, run_id: str, threshold: float | None = None) -> ResolveReport:
    """Re-resolve the whole database: cluster every mention, keep event ids where the events survive
    (the id holding most of a cluster's mentions), mark emptied events as merged into the one that
    took their mentions, reconcile what changed, and record it all under ``run_id``."""
    report = ResolveReport(run_id=run_id)
    report.events_before = int(conn.execute(
        select(func.count()).select_from(events).where(events.c.merged_into.is_(None))).scalar_one())
    clusters, current = cluster_all(conn, threshold)
    clusters = sorted(sorted(c) for c in clusters)
    report.mentions, report.clusters = len(current), clusters
    claimed: set[int] = set()
    plan: list[tuple[int | None, list[int]]] = []  # (surviving event or None for new, mention ids)
    for cluster in clusters:
        counts = Counter(current[m] for m in cluster if current[m] is not None)
        survivor = next((e for e, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if e not in claimed), None)
        if survivor is not None:
            claimed.add(survivor)
        plan.append((survivor, cluster))
    touched = {s for s, c in plan if s is not None and any(current[m] != s for m in c)}
    losers = {current[m] for s, c in plan for m in c if current[m] is not None and current[m] != s}
    before: dict[int, dict[str, Any] | None] = dict(records_by_id(conn, sorted(touched | {x for x in losers if x})))
    dest: dict[int, Counter[int]] = defaultdict(Counter)
    actions: dict[int, str] = {}
    for survivor, cluster in plan:
        if survivor is None:
            first = load(conn, mentions.c.id == cluster[0])[0]
            survivor = new_event(conn, first, now)
            report.created += 1
            before[survivor] = None
            actions[survivor] = "created"
            touched.add(survivor)
        moved = [m for m in cluster if current[m] != survivor]
        for m in moved:
            if current[m] is not None:
                dest[current[m]][survivor] += 1  # type: ignore[index]
        for start in range(0, len(moved), IN_CHUNK):
            conn.execute(update(mentions).where(mentions.c.id.in_(moved[start : start + IN_CHUNK])).values(event_id=survivor))
    keys = dict(conn.execute(select(events.c.id, events.c.event_key)).all())
    for loser in sorted(x for x in losers if x is not None and x not in claimed):
        target = min(dest[loser].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        conn.execute(update(events).where(events.c.id == loser).values(merged_into=keys[target], last_modified=now))
        conn.execute(update(events).where(events.c.merged_into == keys[loser]).values(merged_into=keys[target]))
        record_change(conn, keys[loser], "merged_away", f"{why}: merged into {keys[target]}", now, before.get(loser),
                      None, run_id)
        report.merged_away += 1
    active = [int(e) for e in conn.execute(select(events.c.id).where(events.c.merged_into.is_(None))).scalars()]
    known = has_history(conn, [keys[e] for e in active])
    unrecorded = [e for e in active if keys[e] not in known]
    for e in unrecorded:
        actions.setdefault(e, "created")
    report.changed = len(refresh(conn, touched | set(unrecorded), before, now, why, actions, run_id, force=unrecorded))
    report.events_after = len(active)
    return report


# -- manual control -------------------------------------------------------------------------------------

EDITABLE: dict[str, type] = {
    "event_date": date, "time_precision": int, "event_type": str, "sub_event_type": str, "actor1": str,
    "assoc_actor_1": str, "inter1": int, "actor2": str, "assoc_actor_2": str, "inter2": int, "fatalities": int,
    "fatalities_best": int, "injuries": int, "arrests": int, "location": str, "admin1": str, "admin2": str,
    "country": str, "country_code": str, "iso3": str, "latitude": float, "longitude": float,
    "geo_precision": int, "claim_grade": str, "claim_reason": str,
}


def check_edit(changes: dict[str, Any]) -> str | None:
    """Why these field values cannot be set, or None."""
    from marsad.dedup import GRADES

    for name, value in changes.items():
        if name not in EDITABLE:
            return f"{name} is not an editable field (editable: {', '.join(EDITABLE)})"
        if value is None:
            continue
        if name in ("time_precision", "geo_precision") and value not in (1, 2, 3):
            return f"{name} must be 1, 2 or 3"
        if name in ("inter1", "inter2") and not 1 <= int(value) <= 8:
            return f"{name} must be an ACLED inter code, 1 to 8"
        if name in ("fatalities", "fatalities_best", "injuries", "arrests") and int(value) < 0:
            return f"{name} cannot be negative"
        if name == "claim_grade" and value not in GRADES:
            return f"claim_grade must be one of {', '.join(GRADES)}"
        if name == "latitude" and not -90 <= float(value) <= 90 or name == "longitude" and not -180 <= float(value) <= 180:
            return f"{name} is out of range"
    return None


def resolve_types(changes: dict[str, Any], current: tuple[str, str]) -> str | None:
    """Fill in the event type for a new sub-event type (and check the pair); a reason when invalid."""
    et = changes.get("event_type", current[0])
    sub = changes.get("sub_event_type")
    if sub is not None:
        owner = next((t for t, subs in SUB_EVENT_TYPES.items() if sub in subs), None)
        if owner is None:
            return f"unknown sub-event type {sub!r}"
        if "event_type" in changes and changes["event_type"] != owner:
            return f"{sub!r} is not a sub-event type of {changes['event_type']!r}"
        changes["event_type"] = owner
    elif "event_type" in changes:
        if et not in SUB_EVENT_TYPES:
            return f"unknown event type {et!r}"
        if current[1] not in SUB_EVENT_TYPES[et]:
            return f"give --sub_event_type too: {current[1]!r} is not a sub-event type of {et!r}"
    return None
