"""The events resource: filtered, paginated lists as JSON or GeoJSON, and one event by id."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

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


class MergeIn(BaseModel):
    event_ids: list[str] = Field(min_length=2)
    why: str = Field(min_length=1)


class SplitIn(BaseModel):
    mention_ids: list[int] = Field(min_length=1)
    why: str = Field(min_length=1)


class EditIn(BaseModel):
    fields: dict[str, Any] = Field(min_length=1)
    why: str = Field(min_length=1)


@router.get("/events/{event_id}/history", summary="Every change to one event: when, what, why")
def event_history(event_id: str, store: StoreDep) -> list[dict[str, Any]]:
    rows = store.history(event_id)
    if not rows:
        raise MarsadError("E032", event_id=event_id)
    return rows


@router.post("/events/merge", response_model=EventOut, summary="Merge events into the first id given")
def merge_events(body: MergeIn, store: StoreDep) -> EventOut:
    survivor = store.merge_events(body.event_ids, body.why)
    return EventOut.model_validate(store.get_event(survivor))


@router.post("/events/{event_id}/split", response_model=EventOut, summary="Move mentions into a new event")
def split_event(event_id: str, body: SplitIn, store: StoreDep) -> EventOut:
    new = store.split_event(event_id, body.mention_ids, body.why)
    return EventOut.model_validate(store.get_event(new))


@router.patch("/events/{event_id}", response_model=EventOut, summary="Set fields of an event by hand")
def edit_event(event_id: str, body: EditIn, store: StoreDep) -> EventOut:
    fields = dict(body.fields)
    if isinstance(fields.get("event_date"), str):
        from datetime import date

        try:
            fields["event_date"] = date.fromisoformat(fields["event_date"])
        except ValueError:
            raise MarsadError("E050", name="event_date", reason="use YYYY-MM-DD") from None
    return EventOut.model_validate(store.edit_event(event_id, fields, body.why))
