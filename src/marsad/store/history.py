"""The event history: every change with when, what and why, and the dataset as it stood at a time.

Each row holds the event's full record before and after the change (``None`` before creation and
after a merge-away), so ``as_of`` needs no replay: the latest snapshot of each event at or before the
time is what the dataset said then.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select

from marsad.store.filters import EventFilter, iso3_for
from marsad.store.tables import event_history

ACTIONS = ("created", "source_added", "source_removed", "updated", "edited", "merged", "merged_away", "split",
           "restored")


def _plain(value: Any) -> Any:
    """JSON-safe copy (dates as ISO strings), so snapshots read back equal on every backend."""
    return json.loads(json.dumps(value, default=lambda v: v.isoformat() if isinstance(v, date | datetime) else str(v)))


def record_change(
    conn: Connection,
    event_key: str,
    action: str,
    why: str,
    at: datetime,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    run_id: str | None = None,
) -> None:
    conn.execute(
        insert(event_history).values(
            event_key=event_key, at=at, action=action, why=why, run_id=run_id,
            before=_plain(before) if before is not None else None,
            after=_plain(after) if after is not None else None,
        )
    )


def history(conn: Connection, event_key: str) -> list[dict[str, Any]]:
    """The changes to one event, oldest first: ``{at, action, why, run_id, changed, before, after}``.

    ``changed`` lists the fields whose values differ between before and after (a quick "what").
    """
    q = select(event_history).where(event_history.c.event_key == event_key).order_by(event_history.c.id)
    out = []
    for row in conn.execute(q).mappings():
        before, after = row["before"] or {}, row["after"] or {}
        changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k) and k != "last_modified")
        at = row["at"]
        out.append(
            {
                "event_id": row["event_key"],
                "at": (at if at.tzinfo else at.replace(tzinfo=None)).isoformat(timespec="microseconds"),
                "action": row["action"],
                "why": row["why"],
                "run_id": row["run_id"],
                "changed": changed,
                "before": row["before"],
                "after": row["after"],
            }
        )
    return out


def has_history(conn: Connection, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), 1000):
        q = select(event_history.c.event_key).where(event_history.c.event_key.in_(keys[start : start + 1000]))
        found.update(conn.execute(q.distinct()).scalars())
    return found


def matches(rec: dict[str, Any], f: EventFilter) -> bool:
    """``EventFilter`` applied to a record (the SQL ``where_clause``'s twin, for snapshots)."""
    d = str(rec.get("event_date") or "")
    if f.since is not None and d < f.since.isoformat():
        return False
    if f.until is not None and d > f.until.isoformat():
        return False
    if f.country and f.country.strip():
        v = f.country.strip()
        iso3 = iso3_for(v) or (v.upper() if len(v) == 3 else None)
        if not (str(rec.get("country") or "").lower() == v.lower() or (iso3 and rec.get("iso3") == iso3)):
            return False
    if f.admin1 and f.admin1.strip() and str(rec.get("admin1") or "").lower() != f.admin1.strip().lower():
        return False
    if f.event_type and f.event_type.strip():
        v = f.event_type.strip().lower()
        if v not in (str(rec.get("event_type")).lower(), str(rec.get("sub_event_type")).lower()):
            return False
    if f.actor and f.actor.strip():
        v = f.actor.strip().lower()
        cols = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")
        if not any(v in str(rec.get(c) or "").lower() for c in cols):
            return False
    return True


def as_of(conn: Connection, when: datetime, f: EventFilter | None = None) -> Iterator[dict[str, Any]]:
    """The events as they stood at ``when`` (the latest snapshot of each at or before it), newest
    first then by id, like ``Store.query_events``."""
    latest = (
        select(func.max(event_history.c.id).label("id"))
        .where(event_history.c.at <= when)
        .group_by(event_history.c.event_key)
        .subquery()
    )
    q = select(event_history.c.after).join(latest, latest.c.id == event_history.c.id)
    snaps = [r for r in conn.execute(q).scalars() if r is not None]
    flt = f or EventFilter()
    kept = [s for s in snaps if matches(s, flt)]
    kept.sort(key=lambda r: r["event_id"])
    kept.sort(key=lambda r: r["event_date"], reverse=True)
    yield from kept
