"""Service schemas: health and version."""

from __future__ import annotations

from pydantic import BaseModel


class Health(BaseModel):
    """``status`` is "ok" when the store answered a query; ``events`` is its event count."""

    status: str
    database: str
    events: int
    map_assets: bool


class Version(BaseModel):
    name: str
    version: str
    api: str
