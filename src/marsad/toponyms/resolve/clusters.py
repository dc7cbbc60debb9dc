"""Names that lie together: the readings of a text's ambiguous town names that fall in one small area.

A local story names its town and the towns around it: "Milford, Derby and Shelton", "south of
Springfield near Chatham and Riverton". Each name alone has namesakes in many states or countries,
and its most populous reading may be anywhere; but of all the readings, only those of one area lie
within a few tens of kilometres of each other. When three or more of the names have a reading in one
such area, that area is what the story is about, as a reader who knows the region sees at once.
Chance clusters are rare for three names that are each a place's own name (not an alternate one).
The distance tests the resolver shares (``near``, ``far_from``) live here too.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import replace

from marsad.gazetteer.names import name_key, strip_generic
from marsad.model import GazetteerService, Place, distance_km
from marsad.toponyms.candidate import Candidate
from marsad.toponyms.resolve.name_forms import whole_name
from marsad.toponyms.resolve.weights import WEIGHTS

__all__ = ["RADIUS_KM", "cluster_readings", "local_cluster", "settle_cluster"]

# How close the readings of different names must lie to count as one area: a county's towns and its
# seat are within it; two towns that happen to share names with a story's in another state rarely are.
RADIUS_KM = WEIGHTS.cluster_km
_CELL = 1.0  # degrees per grid cell (111 km of latitude, more than the radius)


def cluster_readings(readings: dict[str, list[Place]], provinces: frozenset[tuple[str | None, str]] = frozenset(),
                     min_names: int = WEIGHTS.cluster_names, radius_km: float = RADIUS_KM) -> dict[str, Place]:
    """The reading of each name in the best-supported small area: ``readings`` maps each distinct name
    to the places it may be (its own name, with a point). Returns, for the names in the best area,
    the reading there, when at least ``min_names`` names have one; otherwise nothing. Of two areas
    with as many names, the one whose readings are bigger places wins (the local story is about the
    better-known towns). ``provinces``: the (country, province) pairs the text names as areas; an
    area in a country some of whose provinces the text names must lie in one of them ("Cleveland,
    Columbus, Dayton" in a story that names Ohio are no villages of those names in New Jersey)."""
    named = {cc for cc, _ in provinces}
    points: list[tuple[str, Place]] = [(k, p) for k, ps in readings.items() for p in ps
                                       if p.latitude is not None and p.longitude is not None]
    if len({k for k, _ in points}) < min_names:
        return {}
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, (_, p) in enumerate(points):
        grid[_cell(p)].append(i)
    best: tuple[int, float] | None = None
    chosen: dict[str, Place] = {}
    for k, p in points:
        around: dict[str, tuple[float, Place]] = {k: (0.0, p)}
        cy, cx = _cell(p)
        # A degree of longitude narrows toward the poles: look as many cells east and west as the radius spans.
        span = math.ceil(radius_km / (111.0 * max(0.05, math.cos(math.radians(min(89.0, abs(p.latitude or 0.0) + 1.0))))))
        for dy in (-1, 0, 1):
            for dx in range(-span, span + 1):
                for j in grid.get((cy + dy, cx + dx), ()):
                    other, q = points[j]
                    if other == k:
                        continue
                    d = distance_km(p.latitude, p.longitude, q.latitude, q.longitude)  # type: ignore[arg-type]
                    if d <= radius_km and (other not in around or d < around[other][0]):
                        around[other] = (d, q)
        if len(around) < min_names:
            continue
        if p.country in named and not any((q.country, name_key(q.admin1 or "")) in provinces for _, q in around.values()):
            continue
        weight = sum(math.log10(q.population + 10) for _, q in around.values())
        rank = (len(around), weight)
        if best is None or rank > best:
            best = rank
            chosen = {name: q for name, (_, q) in around.items()}
    return chosen


def _cell(p: Place) -> tuple[int, int]:
    return int(math.floor((p.latitude or 0.0) / _CELL)), int(math.floor((p.longitude or 0.0) / _CELL))


def local_cluster(cands: list[Candidate], gazetteer: GazetteerService, skip: frozenset[int] = frozenset()) -> dict[str, Place]:
    """The readings of the text's town and county names that lie in one small area (``cluster_readings``),
    by ``name_key`` of the name as written. Only names written as names count: not spelling variants,
    modifiers ("the US dollar"), facilities, actors (``skip``), nor names whose best reading is a
    country, a province or a world region (their readings are no points in a town's area)."""
    readings: dict[str, list[Place]] = {}
    provinces = frozenset((c.first_pass[0].country, name_key(c.first_pass[0].name)) for c in cands
                          if c.first_pass and c.first_pass[0].level == "admin1"
                          and c.source != "demonym" and not c.fuzzy)
    for c in cands:
        if (c.source not in {"ner", "pattern", "gazetteer"} or c.fuzzy or c.modifier or c.facility or id(c) in skip
                or not c.first_pass):
            continue
        top = c.first_pass[0]
        if top.feature_class not in {"P", "A"} or top.level in _NOT_LOCAL:
            continue
        key = name_key(c.text)
        if not key or key in readings:
            continue
        bare, generic = strip_generic(c.text)
        looked = gazetteer.lookup(c.text, limit=60, exact=True)
        if whole_name(c.text, looked):
            bare, generic = c.text, None  # "Falls Village" is a village's name, not a village called Falls
        plain = name_key(bare)
        # "Douglas County" is the county; a bare "Douglas" the town.
        readings[key] = [p for p in looked if name_key(p.name) == plain and (
            (p.feature_class == "P" and generic in {None, "P"})
            or (generic == "A" and p.level == "admin2"))]
    return cluster_readings({k: v for k, v in readings.items() if v}, provinces)


_NOT_LOCAL = frozenset({"country", "continent", "feature", "admin1"})
_WIDE = frozenset({"country", "continent", "feature"})


def settle_cluster(resolved: list[tuple[Candidate, Place | None]],
                   cluster: dict[str, Place]) -> list[tuple[Candidate, Place | None]]:
    """Read each name of the cluster as its reading there, unless the text writes it inside an area or
    a country of its own ("Salisbury, England"), or it already reads as a place in that area."""
    if not cluster:
        return resolved
    out = []
    for c, p in resolved:
        q = cluster.get(name_key(c.text))
        if (q is not None and c.source != "demonym" and not c.within and c.country in {None, q.country}
                and (p is None or p.level not in _WIDE)
                and (p is None or p.latitude is None or p.longitude is None
                     or distance_km(p.latitude, p.longitude, q.latitude, q.longitude) > RADIUS_KM)):  # type: ignore[arg-type]
            p = replace(q, score=WEIGHTS.cluster_score)
        out.append((c, p))
    return out


def near(p: Place, anchors: list[tuple[float, float]] | None, limit: float) -> bool:
    return bool(anchors) and p.latitude is not None and p.longitude is not None and any(
        distance_km(p.latitude, p.longitude, la, lo) <= limit for la, lo in anchors or ())



def far_from(place: Place, areas: list[Place], gazetteer: GazetteerService | None = None) -> bool:
    """Whether a point lies out of reach of every area written around it: 30 km of a town's point
    ("Allawi area of Baghdad city" is no village 100 km south); 25 km outside a province's or
    district's boundary where the gazetteer has it (imported polygons: a border town written in the
    neighbouring province stays, a namesake two provinces away does not), else 150 km of its point."""
    if place.latitude is None or place.longitude is None:
        return True
    towns = [a for a in areas if a.feature_class == "P"]
    for a in towns or areas:
        if a.latitude is None or a.longitude is None:
            continue
        out = gazetteer.outside_km(place, a) if gazetteer is not None and not towns else None
        if out is not None:
            if out <= WEIGHTS.boundary_reach_km:
                return False
        elif distance_km(place.latitude, place.longitude, a.latitude, a.longitude) <= (WEIGHTS.town_reach_km if a.feature_class == "P" else WEIGHTS.area_reach_km):
            return False
    return True


def reported_province(place: Place, areas: list[Place]) -> Place:
    """A border town the text writes in the neighbouring province ("Tarmiyah, Saladin governorate",
    kept by ``far_from``) is reported in that province: a town's point is approximate, and at a
    boundary the report's own attachment is the better evidence of which province it belongs to.
    The point stays; the district, which lay on the other side, is dropped."""
    provinces = [a for a in areas if a.level == "admin1" and a.country == place.country]
    if not provinces:
        return place
    return replace(place, admin1=provinces[0].admin1 or provinces[0].name, admin2=None)

