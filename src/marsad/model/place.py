"""Places: toponyms found in text and the gazetteer entries they resolve to."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

# What kind of gazetteer entry a place is, set by the gazetteer when it makes the Place (stages test
# this, never the shape of ``gazetteer_id``): "continent"; "country"; "admin1" a province, state or
# governorate; "admin2" a district or county and "admin3" a sub-district (the gazetteer's own admin
# hierarchy and imported boundaries); "feature" a curated world region, sea, gulf or mountain range
# ("the Middle East", "the Red Sea"); "town" a populated place; "site" an airport, base, camp or dam;
# "natural" a river, lake, mountain or valley from an imported dump; "area" another imported
# administrative area (a Who's On First county, a GeoNames ADM2 record). None: not from the gazetteer
# (a place read back from the store, or known by name only).
PlaceLevel = Literal["continent", "country", "admin1", "admin2", "admin3", "feature", "town", "site", "natural",
                     "area"]


@dataclass(frozen=True)
class Place:
    """A resolved place.

    ``geo_precision`` follows ACLED: 1 the named town or village itself, 2 near a named place or a
    part of a region, 3 a larger region (its centroid).
    """

    name: str
    latitude: float | None
    longitude: float | None
    country: str | None = None  # ISO 3166-1 alpha-2
    iso3: str | None = None
    country_name: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    feature_class: str | None = None  # GeoNames feature class: P populated, A admin, H water, T terrain...
    gazetteer_id: str | None = None
    population: int = 0
    geo_precision: int = 1
    score: float = 0.0
    level: PlaceLevel | None = None


@dataclass(frozen=True)
class Toponym:
    """A place name as written in a document, with character offsets, and what it resolved to."""

    text: str
    start: int
    end: int
    place: Place | None = None
    qualifier: str | None = None  # "northern", "near", "outskirts of" ...: lowers precision
    # "name" a place named as such; "demonym" a people's or an actor's adjective ("Turkish forces");
    # "modifier" a country's name used as a modifier ("the US dollar"); "actor" a country's name as
    # the subject of a clause ("Turkey and Russia conducted a patrol in ..."); "outside" a name whose
    # readings all lie outside the area the text writes around it (left unresolved); "site" a street,
    # building or venue the gazetteer lacks, placed at the town the text names with it. Only names
    # locate events.
    kind: str = "name"


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))
