"""Request dependencies: the store and settings the app was built with, and the shared event filter.

Routers take services through ``Depends`` rather than module globals, so one process can serve several
apps (tests build one per store) and nothing is opened at import time.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request

from marsad.model import EVENT_TYPES, SUB_EVENT_TYPES
from marsad.settings import Settings
from marsad.store import EventFilter, Store

MAX_LIMIT = 1000


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _text(value: str | None) -> str | None:
    """An empty or blank query value means "no filter" (what an empty form field sends)."""
    if value is None:
        return None
    value = value.strip()
    return value or None


_KNOWN_TYPES: dict[str, str] = {
    t.lower(): t for t in (*EVENT_TYPES, *(sub for subs in SUB_EVENT_TYPES.values() for sub in subs))
}


def canonical_event_type(value: str) -> str:
    """ACLED's spelling of an event or sub-event type (as the CLI takes), matched case-insensitively.

    An unknown type is a 422 naming the valid ones, rather than an empty result that looks like "no
    events": a typo should not pass for a fact.
    """
    known = _KNOWN_TYPES.get(value.lower())
    if known is None:
        raise HTTPException(
            status_code=422,
            detail=f"unknown event type {value!r}; use an ACLED event type ({', '.join(EVENT_TYPES)})"
            " or sub-event type",
        )
    return known


def event_filter(
    since: Annotated[date | None, Query(description="first event date, YYYY-MM-DD (inclusive)")] = None,
    until: Annotated[date | None, Query(description="last event date, YYYY-MM-DD (inclusive)")] = None,
    country: Annotated[str | None, Query(max_length=200, description="country name or ISO code")] = None,
    admin1: Annotated[str | None, Query(max_length=200, description="first-level region")] = None,
    type: Annotated[
        str | None, Query(max_length=100, description="ACLED event type or sub-event type")
    ] = None,
    actor: Annotated[str | None, Query(max_length=200, description="actor name (either side)")] = None,
) -> EventFilter:
    """The CLI's filters, from the query string, as a store ``EventFilter``."""
    if since is not None and until is not None and since > until:
        raise HTTPException(status_code=422, detail=f"since ({since}) is after until ({until})")
    event_type = _text(type)
    return EventFilter(
        since=since,
        until=until,
        country=_text(country),
        admin1=_text(admin1),
        event_type=canonical_event_type(event_type) if event_type else None,
        actor=_text(actor),
    )


class Page:
    """``limit`` (default: settings.page_size, at most 1000) and ``offset`` from the query string."""

    def __init__(
        self,
        settings: Annotated[Settings, Depends(get_settings)],
        limit: Annotated[int | None, Query(ge=1, le=MAX_LIMIT, description="page size")] = None,
        offset: Annotated[int, Query(ge=0, description="events to skip")] = 0,
    ) -> None:
        self.limit = limit if limit is not None else max(1, min(settings.page_size, MAX_LIMIT))
        self.offset = offset
