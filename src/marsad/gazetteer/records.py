"""The output record of ``marsad geoparse``: one toponym as a flat dict (a stable contract)."""

from __future__ import annotations

from typing import Any

from marsad.model import Toponym

TOPONYM_FIELDS: tuple[str, ...] = (
    "text",
    "start",
    "end",
    "name",
    "feature_class",
    "country",
    "admin1",
    "admin2",
    "latitude",
    "longitude",
    "gazetteer_id",
    "score",
)


def toponym_record(t: Toponym) -> dict[str, Any]:
    """A toponym with what it resolved to; unresolved toponyms have empty place fields."""
    p = t.place
    return {
        "text": t.text,
        "start": t.start,
        "end": t.end,
        "name": (p.name if p else None) or "",
        "feature_class": (p.feature_class if p else None) or "",
        "country": (p.country if p else None) or "",
        "admin1": (p.admin1 if p else None) or "",
        "admin2": (p.admin2 if p else None) or "",
        "latitude": p.latitude if p else None,
        "longitude": p.longitude if p else None,
        "gazetteer_id": (p.gazetteer_id if p else None) or "",
        "score": round(p.score, 3) if p else 0.0,
    }
