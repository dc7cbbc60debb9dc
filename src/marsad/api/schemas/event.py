"""Event schemas: the store's event dicts, typed for the API.

The fields are those of ``marsad.exports.records.mention_record`` (minus ``doc_id``: an event may come
from several documents, listed in ``sources``) plus ``event_id`` and ``last_modified``. Unknown keys a
newer store may add are dropped, so the API's contract changes only here.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator


def _blank_to_none(value: Any) -> Any:
    """Stores write "" for a missing optional value; the API says null."""
    return None if value == "" else value


class SourceOut(BaseModel):
    """A document that reports the event."""

    model_config = ConfigDict(extra="ignore")

    doc_id: str
    source: str | None = None
    url: str | None = None
    published: date | None = None

    _blank = field_validator("source", "url", "published", mode="before")(_blank_to_none)


class EvidenceOut(BaseModel):
    """A sentence the event was read from, with character offsets into its document."""

    text: str
    start: int
    end: int


class MentionOut(BaseModel):
    """One report of the event, with the figures that source gave."""

    model_config = ConfigDict(extra="ignore")

    mention_id: int
    doc_id: str
    source: str | None = None
    published: date | None = None
    event_date: date
    event_type: str
    sub_event_type: str
    actor1: str = ""
    actor2: str = ""
    location: str = ""
    fatalities: int = 0
    injuries: int = 0
    arrests: int = 0
    claim: str = ""


class EventOut(BaseModel):
    """One coded event, ACLED's columns first (same names), then marsad's own."""

    model_config = ConfigDict(extra="ignore")

    event_id: str
    event_date: date
    time_precision: int = 1
    event_type: str
    sub_event_type: str
    actor1: str = ""
    assoc_actor_1: str = ""
    inter1: int | str | None = ""
    actor2: str = ""
    assoc_actor_2: str = ""
    inter2: int | str | None = ""
    interaction: int | str | None = ""
    country: str = ""
    admin1: str = ""
    admin2: str = ""
    location: str = ""
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    fatalities: int = 0
    iso3: str = ""
    injuries: int = 0
    arrests: int = 0
    source: str = ""
    url: str = ""
    confidence: float = 0.0
    evidence: list[EvidenceOut] = Field(default_factory=list)
    claim: str = ""
    fatalities_low: int = 0
    fatalities_best: int = 0
    fatalities_high: int = 0
    independent_sources: int = 1
    claim_grade: str = "weak"
    claim_reason: str = ""
    sources: list[SourceOut] = Field(default_factory=list)
    mentions: list[MentionOut] = Field(default_factory=list)
    last_modified: datetime | None = None

    @field_validator(
        "actor1",
        "assoc_actor_1",
        "actor2",
        "assoc_actor_2",
        "country",
        "admin1",
        "admin2",
        "location",
        "iso3",
        "source",
        "url",
        "claim",
        mode="before",
    )
    @classmethod
    def _none_to_blank(cls, value: Any) -> Any:
        """Text columns are "" when empty, as in the CSV export, so clients need one check only."""
        return "" if value is None else value

    @field_validator("latitude", "longitude", "geo_precision", "last_modified", mode="before")
    @classmethod
    def _blank(cls, value: Any) -> Any:
        return _blank_to_none(value)

    @field_validator("fatalities", "injuries", "arrests", mode="before")
    @classmethod
    def _count(cls, value: Any) -> Any:
        return 0 if value is None or value == "" else value


class EventPage(BaseModel):
    """One page of a filtered event list: ``total`` counts all matches, not just this page."""

    total: int
    limit: int
    offset: int
    events: list[EventOut]
