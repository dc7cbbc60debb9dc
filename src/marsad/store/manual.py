"""Manual control of events: merge, split and edit, each recorded with why.

A merge or split pins the mentions involved (``mentions.pinned``): ``marsad resolve`` keeps pinned
mentions with the event a person put them in and never joins two events a person kept apart. An edit
stores the field in ``events.locked``, which wins over what sources say on every later reconciliation.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from marsad.errors import MarsadError
from marsad.store.history import record_change
from marsad.store.records import records_by_id
from marsad.store.resolving import check_edit, load, new_event, refresh, resolve_types
from marsad.store.tables import events, mentions


def _event(conn: Connection, key: str) -> tuple[int, str]:
    """(row id, key) of the active event ``key``; a merged-away id names its survivor in the error."""
    row = conn.execute(
        select(events.c.id, events.c.event_key, events.c.merged_into).where(events.c.event_key == key.strip().upper())
    ).first()
    if row is None:
        raise MarsadError("E032", event_id=key)
    if row[2] is not None:
        raise MarsadError("E050", name="event id", reason=f"{row[1]} was merged into {row[2]}; use that id")
    return int(row[0]), str(row[1])


def _why(why: str) -> str:
    if not why or not why.strip():
        raise MarsadError("E050", name="--why", reason="say why: the history keeps the reason with the change")
    return why.strip()


def merge(conn: Connection, keys: list[str], why: str, now: datetime) -> str:
    """Merge the events ``keys`` into the first one; returns the surviving id."""
    why = _why(why)
    found = [_event(conn, k) for k in keys]
    ids = list(dict.fromkeys(i for i, _ in found))
    if len(ids) < 2:
        raise MarsadError("E050", name="event ids", reason="give at least two different events to merge")
    survivor, skey = found[0]
    before: dict[int, dict[str, Any] | None] = dict(records_by_id(conn, ids))
    conn.execute(update(mentions).where(mentions.c.event_id.in_(ids)).values(event_id=survivor, pinned=True))
    for eid, key in found[1:]:
        if eid == survivor:
            continue
        conn.execute(update(events).where(events.c.id == eid).values(merged_into=skey, last_modified=now))
        conn.execute(update(events).where(events.c.merged_into == key).values(merged_into=skey))
        record_change(conn, key, "merged_away", f"{why} (merged into {skey})", now, before[eid], None, "manual")
    refresh(conn, [survivor], before, now, why, "merged", "manual", force=[survivor])
    return skey


def split(conn: Connection, key: str, mention_ids: list[int], why: str, now: datetime) -> str:
    """Move the mentions ``mention_ids`` of event ``key`` into a new event; returns its id."""
    why = _why(why)
    eid, key = _event(conn, key)
    rows = load(conn, mentions.c.event_id == eid)
    mine = {r["mention_id"] for r in rows}
    wanted = sorted(set(mention_ids))
    missing = [m for m in wanted if m not in mine]
    if missing:
        raise MarsadError("E050", name="--mention", reason=f"{key} has no mention {missing[0]} (it has {sorted(mine)})")
    if len(wanted) == len(mine):
        raise MarsadError("E050", name="--mention", reason="cannot split off every mention of an event")
    before: dict[int, dict[str, Any] | None] = dict(records_by_id(conn, [eid]))
    first = next(r for r in rows if r["mention_id"] == wanted[0])
    new = new_event(conn, first, now)
    before[new] = None
    conn.execute(update(mentions).where(mentions.c.id.in_(wanted)).values(event_id=new, pinned=True))
    conn.execute(update(mentions).where(mentions.c.event_id == eid).values(pinned=True))
    refresh(conn, [eid, new], before, now, why, "split", "manual", force=[eid, new])
    return str(conn.execute(select(events.c.event_key).where(events.c.id == new)).scalar_one())


def edit(conn: Connection, key: str, changes: dict[str, Any], why: str, now: datetime) -> dict[str, Any]:
    """Set fields of event ``key`` by hand; returns the new record."""
    why = _why(why)
    if not changes:
        raise MarsadError("E050", name="fields", reason="give at least one field to change")
    eid, key = _event(conn, key)
    row = conn.execute(select(events.c.locked, events.c.event_type, events.c.sub_event_type).where(events.c.id == eid)).one()
    changes = dict(changes)
    problem = check_edit(changes) or resolve_types(changes, (row[1], row[2]))
    if problem:
        raise MarsadError("E050", name="event edit", reason=problem)
    stored = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in changes.items()}
    before: dict[int, dict[str, Any] | None] = dict(records_by_id(conn, [eid]))
    conn.execute(update(events).where(events.c.id == eid).values(locked={**(row[0] or {}), **stored}))
    refresh(conn, [eid], before, now, why, "edited", "manual", force=[eid])
    return records_by_id(conn, [eid])[eid]


__all__ = ["edit", "merge", "new_event", "split"]
