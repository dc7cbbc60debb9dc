"""The output record of ``marsad extract``: a stable contract (score.py and users depend on it).

ACLED's columns, in ACLED's order, for the columns ACLED has; then marsad's own.
"""

from __future__ import annotations

from typing import Any

from marsad.model import Document, Mention

ACLED_FIELDS: tuple[str, ...] = (
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "iso3",
)
MARSAD_FIELDS: tuple[str, ...] = (
    "injuries",
    "arrests",
    "source",
    "url",
    "confidence",
    "evidence",
    "claim",
)
EXTRACT_FIELDS: tuple[str, ...] = ("doc_id",) + ACLED_FIELDS + MARSAD_FIELDS


def mention_record(mention: Mention, document: Document | None = None) -> dict[str, Any]:
    """One extracted event as a flat record (``evidence`` is a list of {text, start, end})."""
    p = mention.place
    return {
        "doc_id": mention.doc_id,
        "event_date": mention.event_date.isoformat(),
        "time_precision": mention.time_precision,
        "event_type": mention.event_type,
        "sub_event_type": mention.sub_event_type,
        "actor1": mention.actor1 or "",
        "assoc_actor_1": mention.assoc_actor_1 or "",
        "inter1": mention.inter1 or "",
        "actor2": mention.actor2 or "",
        "assoc_actor_2": mention.assoc_actor_2 or "",
        "inter2": mention.inter2 or "",
        "interaction": mention.interaction or "",
        "country": (p.country_name if p else None) or "",
        "admin1": (p.admin1 if p else None) or "",
        "admin2": (p.admin2 if p else None) or "",
        "location": (p.name if p else None) or "",
        "latitude": p.latitude if p and p.latitude is not None else None,
        "longitude": p.longitude if p and p.longitude is not None else None,
        "geo_precision": p.geo_precision if p and p.latitude is not None else None,
        "fatalities": mention.fatalities,
        "iso3": (p.iso3 if p else None) or "",
        "injuries": mention.injuries,
        "arrests": mention.arrests,
        "source": (document.source if document else None) or "",
        "url": (document.url if document else None) or "",
        "confidence": round(mention.confidence, 3),
        "evidence": [{"text": e.text, "start": e.start, "end": e.end} for e in mention.evidence],
        "claim": mention.claim or "",
    }
