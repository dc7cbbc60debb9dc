"""Typed records that flow through Marsad. No I/O here."""

from marsad.model.document import Document, content_hash
from marsad.model.event import (
    EVENT_TYPES,
    SUB_EVENT_TYPES,
    Event,
    Evidence,
    Mention,
    interaction_code,
)
from marsad.model.place import Place, PlaceLevel, Toponym, distance_km
from marsad.model.services import GazetteerService

__all__ = [
    "EVENT_TYPES",
    "SUB_EVENT_TYPES",
    "Document",
    "Event",
    "Evidence",
    "GazetteerService",
    "Mention",
    "Place",
    "PlaceLevel",
    "Toponym",
    "content_hash",
    "distance_km",
    "interaction_code",
]
