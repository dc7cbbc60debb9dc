"""Response schemas, one module per entity (pydantic v2): the REST API's public contract."""

from marsad.api.schemas.event import EventOut, EventPage, EvidenceOut, SourceOut
from marsad.api.schemas.meta import Health, Version

__all__ = ["EventOut", "EventPage", "EvidenceOut", "Health", "SourceOut", "Version"]
