"""The events resource: filtered, paginated lists as JSON or GeoJSON, and one event by id."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from marsad.api.deps import Page, event_filter, get_store
from marsad.api.schemas import EventOut, EventPage
from marsad.errors import MarsadError
from marsad.exports import geojson_feature
from marsad.store import EventFilter, Store

router = APIRouter(prefix="/api", tags=["events"])

Filter = Annotated[EventFilter, Depends(event_filter)]
StoreDep = Annotated[Store, Depends(get_store)]


@router.get("/events", response_model=EventPage, summary="Events matching the filters, one page")
def list_events(
    f: Filter,
    page: Annotated[Page, Depends()],
    store: StoreDep,
) -> EventPage:
    total = store.count_events(f)
    rows = store.query_events(f, limit=page.limit, offset=page.offset) if page.offset < total else []
    return EventPage(
        total=total,
        limit=page.limit,
        offset=page.offset,
        events=[EventOut.model_validate(row) for row in rows],
    )


@router.get(
    "/events.geojson",
    summary="Events matching the filters as a GeoJSON FeatureCollection, one page",
    response_class=JSONResponse,
    responses={200: {"content": {"application/geo+json": {}}}},
)
def events_geojson(f: Filter, page: Annotated[Page, Depends()], store: StoreDep) -> JSONResponse:
    """Features shaped as ``marsad events --format geojson`` writes them (``marsad.exports``): an event
    without coordinates is a feature with ``geometry: null`` (RFC 7946 allows it), not dropped, so the
    counts agree with the JSON list.
    """
    total = store.count_events(f)
    rows = store.query_events(f, limit=page.limit, offset=page.offset) if page.offset < total else []
    collection = {
        "type": "FeatureCollection",
        "features": [geojson_feature(EventOut.model_validate(row).model_dump(mode="json")) for row in rows],
        # Foreign members (RFC 7946 section 6.1): how this page relates to the whole result.
        "total": total,
        "limit": page.limit,
        "offset": page.offset,
    }
    return JSONResponse(collection, media_type="application/geo+json")


@router.get(
    "/events/{event_id}",
    response_model=EventOut,
    summary="One event with its sources",
    responses={404: {"description": "no such event"}},
)
def get_event(event_id: str, store: StoreDep) -> EventOut:
    row = store.get_event(event_id)
    if row is None:
        raise MarsadError("E032", event_id=event_id)
    return EventOut.model_validate(row)
