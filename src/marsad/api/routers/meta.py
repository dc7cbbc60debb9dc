"""Service endpoints: health (for probes), stats (for the page header) and version."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

import marsad
from marsad.api.deps import get_store
from marsad.api.schemas import Health, Version
from marsad.model import EVENT_TYPES, SUB_EVENT_TYPES
from marsad.store import EventFilter, Store

router = APIRouter(prefix="/api", tags=["meta"])
log = logging.getLogger(__name__)

API_VERSION = "1"


@router.get("/health", response_model=Health, responses={503: {"model": Health}})
def health(request: Request, store: Annotated[Store, Depends(get_store)]) -> Any:
    """200 when the store answers a count; 503 (same body, status "error") when it does not."""
    assets = bool(request.app.state.map_assets)
    try:
        count = int(store.count_events(EventFilter()))
    except Exception as exc:  # a probe reports any database failure instead of raising
        log.warning("health check failed: %s", exc)
        body = Health(status="error", database=type(exc).__name__, events=0, map_assets=assets)
        return JSONResponse(body.model_dump(), status_code=503)
    return Health(status="ok", database="ok", events=count, map_assets=assets)


@router.get("/stats")
def stats(store: Annotated[Store, Depends(get_store)]) -> dict[str, Any]:
    """The store's summary (counts by type, country, date range...), as the store reports it."""
    return dict(store.stats())


@router.get("/version", response_model=Version)
def version() -> Version:
    return Version(name="marsad", version=marsad.__version__, api=API_VERSION)


@router.get("/vocabulary")
def vocabulary() -> dict[str, Any]:
    """ACLED's event and sub-event types, so clients (the page's type filter) need not hard-code them."""
    return {
        "event_types": list(EVENT_TYPES),
        "sub_event_types": {k: list(v) for k, v in SUB_EVENT_TYPES.items()},
    }
