"""Places for events: each mention gets the most specific place its text supports, with ACLED's
geo_precision (1 the town itself, 2 near a town or a part of an area, 3 a region's centroid).

A mention's ``place_hints`` are tried in order, first against the document's resolved toponyms (so an
event's "Saadiya" is the one geoparse settled in context), then in the gazetteer with the document's
country and province. When nothing specific resolves the event goes to the most specific area the
document is about (province, then country) at precision 3. An event is never dropped, and never put on
an invented point: with no gazetteer it keeps the place name without coordinates.
"""

from __future__ import annotations

import re
from dataclasses import replace

from marsad.gazetteer.names import name_key, strip_generic
from marsad.geocode.anchors import site_town
from marsad.model import GazetteerService, Mention, Place, Toponym
from marsad.pipeline import Analysis, stage
from marsad.resources import Resources
from marsad.toponyms.stage import QUALIFIERS, acceptable
from marsad.toponyms.stage import admin_key as _admin_key

# Qualifiers that put an event beside, not in, the named place.
NEAR = ("near", "outskirts", "around", "outside", "vicinity", "countryside", "close to", " of", "rural", "nearby")
PART = ("northern", "southern", "eastern", "western", "central", "north", "south", "east", "west")


def precision_for(place: Place, qualifier: str | None, generic_mismatch: bool = False) -> int:
    """ACLED geo_precision for a resolved place and the qualifier written before it."""
    if place.level in {"admin2", "admin3"}:
        return 2  # a district's or sub-district's centroid: "a part of a region" in ACLED's terms
    if place.feature_class == "A" or place.level in {"continent", "feature"}:
        return 3  # a province, a country, a world region or a sea: its centroid
    base = 2 if place.feature_class in {"H", "T", "L"} or generic_mismatch else 1
    q = (qualifier or "").lower()
    if q and (any(w in q for w in NEAR) or any(q.startswith(w) for w in PART)):
        return max(base, 2)
    return base


def split_qualifier(hint: str) -> tuple[str, str | None]:
    """ "northern Diyala" -> ("Diyala", "northern"); "outskirts of Baqubah" -> ("Baqubah", "outskirts of")."""
    for q in QUALIFIERS:  # lowercase as written: "North Waziristan" is a name, not a qualifier
        q = q.strip()
        if hint.startswith(q + " ") and len(hint) > len(q) + 1:
            rest = hint[len(q) + 1 :].strip()
            if rest.lower().startswith("the "):
                rest = rest[4:]
            return rest, q
    return hint, None


def _level(place: Place) -> int:
    """How specific a place is: 0 a point, 1 a district, 2 a province, 3 a country, 4 a continent."""
    if place.level == "continent":
        return 4
    if place.level == "country":
        return 3
    if place.feature_class == "A":
        return 2 if place.admin1 and name_key(place.admin1) == name_key(place.name) else 1
    return 0


def _generic_mismatch(text: str, place: Place) -> bool:
    _, generic = strip_generic(text)
    return generic is not None and generic != place.feature_class and generic != "P"


_NOT_A_PLACE = Toponym("", 0, 0, None, None, "demonym")
_UNRESOLVED = Toponym("", 0, 0, None, None, "name")


def _from_toponyms(hint: str, mention: Mention, toponyms: list[Toponym]) -> tuple[Toponym | None, bool]:
    """The document's resolved toponym for a hint, preferring an occurrence inside the event's text;
    and whether it is inside (only then does its qualifier, "near X", speak for this event)."""
    key = name_key(strip_generic(hint)[0])
    # A site is placed only at the town named with it: the event's own hints say where it was.
    named = [t for t in toponyms if t.kind != "site" and name_key(strip_generic(t.text)[0]) == key]
    matches = [t for t in named if t.place is not None]
    if not matches:
        # Geoparse read the name in context and rejected its only readings as lying outside the area
        # written around it: a lookup would only bring them back. Other unresolved names still get
        # a lookup of the hint as the extractor wrote it ("Tuz Khormato" for "Tuz Khormato district").
        if not named:
            return None, False
        inside = any(any(e.start <= t.start < e.end for e in mention.evidence) for t in named)
        return (_UNRESOLVED, inside) if all(t.kind == "outside" for t in named) else (None, inside)
    if all(t.kind != "name" for t in matches):
        # "Turkish forces", "the US dollar": an actor's or a currency's country, not the event's place.
        return _NOT_A_PLACE, False
    matches = [t for t in matches if t.kind == "name"]
    for t in matches:
        if any(e.start <= t.start < e.end for e in mention.evidence):
            return t, True
    return matches[0], False


def _consistent(point: Place, area: Place) -> bool:
    """Whether a town lies in an area the same text names ("Campinas, Sao Paulo")."""
    if point.country != area.country:
        return False
    keys = {_admin_key(area.name), _admin_key(area.admin1) if _level(area) == 2 else ""} - {""}
    return bool(keys & {_admin_key(point.admin1), _admin_key(point.admin2)})


def _as_provinces(resolved: list[tuple[Place, int, bool]]) -> list[tuple[Place, int, bool]]:
    """A town named as another named town's province is written as the province ("in Ourinhos, Sao
    Paulo", "in Ciudad Juarez, Chihuahua"): it is no more specific than the province."""
    provinces = {_admin_key(p.admin1) for p, lvl, _ in resolved if lvl == 0 and p.admin1}
    out = []
    for p, lvl, inside in resolved:
        if lvl == 0 and _admin_key(p.name) in provinces and any(
            q is not p and q.country == p.country and _admin_key(q.admin1) == _admin_key(p.name)
            and _admin_key(q.name) != _admin_key(p.name) for q, lq, _ in resolved if lq == 0
        ):
            lvl = 2
        out.append((p, lvl, inside))
    return out


def _choose(found: list[tuple[Place | None, int, bool]], country: str | None,
            admin1: str | None = None) -> Place | None:
    """The most specific place the event's own text supports: the first town named.

    When the first name is unknown and the text names its area right after it ("in X of the Gomel
    region", "in X (District, Province)"), the event is in that area: a later town outside it is
    another place the text mentions ("... in solidarity with Brest"), and the area is the best point.
    """
    resolved = [(p, lvl, inside) for p, lvl, inside in found if p is not None]
    if country is not None:
        # A place abroad is a place the text mentions ("Russian drones", "the Mumbai-Agra highway"
        # in a Madhya Pradesh note), not where the event is: the document's own area is better.
        resolved = [f for f in resolved if f[0].country == country]
    resolved = _as_provinces(resolved)
    if admin1 and resolved:
        # The first town lies outside the document's province while another place the event names
        # lies in it (an area of a town, then the town and its district; a highway through another
        # province, then the village on it where the event was): the first is a namesake or a place
        # passed by.
        key = _admin_key(admin1)
        first = next((f for f in resolved if f[1] == 0), None)
        if first is not None and _admin_key(first[0].admin1) != key:
            rest = [f for f in resolved if f is not first and f[1] == 0 and _admin_key(f[0].admin1) == key]
            if rest:
                resolved = rest
    if found and found[0][0] is None and len(resolved) > 0:
        area, lvl, inside = resolved[0]
        if lvl in (1, 2) and inside and (country is None or area.country == country):
            for place, lvl2, _ in resolved[1:]:
                if lvl2 == 0 and _consistent(place, area):
                    return place
            return area
    if found and resolved and found[0][0] is resolved[0][0] and resolved[0][1] == 1 and resolved[0][2]:
        # "in Hawijah district, Kirkuk", "in Al-Rashad sub-district, Kirkuk": the district the event's
        # text names first is where it is; a later town is where it is only when inside that district.
        area = resolved[0][0]
        return next((p for p, lvl2, _ in resolved[1:] if lvl2 == 0 and _consistent(p, area)), area)
    for place, lvl, _ in resolved:
        if lvl == 0:
            return place
    return min(resolved, key=lambda f: f[1])[0] if resolved else None


_AROUND_GAP = re.compile(r"[^()]{0,30}?[(,]\s*")


def _written_around(name: str, area: str, mention: Mention) -> bool:
    """Whether the event's text writes an area right after a name as the area it lies in ("Rampur
    sector area (Kupwara district", "Dariyal town, Rampur district")."""
    if not name or not area:
        return False
    for ev in mention.evidence:
        at = ev.text.find(name)
        while at != -1:
            gap = _AROUND_GAP.match(ev.text, at + len(name))
            if gap is not None and ev.text.startswith(area, gap.end()):
                return True
            at = ev.text.find(name, at + 1)
    return False


def locate(mention: Mention, analysis: Analysis, gazetteer: GazetteerService | None) -> Place | None:
    """The place of one mention (see the module doc)."""
    found: list[tuple[Place | None, int, bool]] = []
    hints: dict[int, str] = {}
    for hint in mention.place_hints:
        if not hint or not hint.strip():
            continue
        hint, written = split_qualifier(hint.strip())
        top, inside = _from_toponyms(hint, mention, analysis.toponyms)
        if top is _NOT_A_PLACE:
            continue
        place: Place | None = top.place if top else None
        qualifier = mention.place_qualifier or written or (top.qualifier if top and inside else None)
        if place is None and gazetteer is not None and top is not _UNRESOLVED:
            cands = gazetteer.lookup(hint, country=analysis.country, admin1=analysis.admin1, limit=1)
            if cands and acceptable(cands[0], analysis.country):
                place = cands[0]
        if place is None:
            found.append((None, -1, inside))
            continue
        place = replace(place, geo_precision=precision_for(place, qualifier, _generic_mismatch(hint, place)))
        hints[id(place)] = hint
        found.append((place, _level(place), inside or not mention.evidence))
    chosen = _choose(found, analysis.country, analysis.admin1)
    if chosen is not None:
        if found[0][0] is None and found[0][2] and chosen.geo_precision == 1:
            # The event's own place is unknown ("in an unknown area of a known town"): the town named
            # after it is where it is near, not where it is.
            chosen = replace(chosen, geo_precision=2)
        if _level(chosen) >= 2 and chosen.latitude is not None:
            # Only an area: a town a site or road of the event is named after ("Donetsk Airport"),
            # if it lies in that area, is nearer ("near a town" beats "somewhere in a province").
            near = site_town(mention, gazetteer, chosen.country, chosen)
            if near is not None:
                return near
        if id(chosen) in hints and _level(chosen) == 0:
            hint = hints[id(chosen)]
            district = next((p for p, lvl, inside in found if p is not None and lvl == 1 and inside
                             and _written_around(hint, hints.get(id(p), ""), mention)), None)
            if (district is not None and name_key(chosen.name) != name_key(strip_generic(hint)[0])
                    and not _consistent(chosen, district)):
                # A town read by a loose spelling ("Kirni" as Keran) outside the district the event's
                # text names ("Kirni sector (Poonch district, J&K)"): the district is the surer place.
                return district
        return chosen
    if gazetteer is not None:
        area: Place | None = None
        if analysis.admin1:
            area = gazetteer.admin1(analysis.admin1, analysis.country)
        if area is None and analysis.country:
            area = gazetteer.country(analysis.country)
        near = site_town(mention, gazetteer, analysis.country, area)
        if near is not None:
            return near
        if area is not None:
            return replace(area, geo_precision=3, score=0.0)
    first = next((h for h in mention.place_hints
                  if h and h.strip() and _from_toponyms(split_qualifier(h.strip())[0], mention,
                                                        analysis.toponyms)[0] is not _NOT_A_PLACE), None)
    if first or analysis.country or analysis.admin1:
        # Known by name only: no coordinates rather than made-up ones.
        return Place(
            name=first or analysis.admin1 or analysis.country or "",
            latitude=None,
            longitude=None,
            country=analysis.country,
            admin1=analysis.admin1,
            geo_precision=3,
        )
    return None


@stage("geocode", requires=("mentions", "toponyms", "country", "admin1"), produces=("mentions",), version="3")
def geocode(analysis: Analysis, resources: Resources) -> Analysis:
    """Set ``mention.place`` for every mention."""
    for mention in analysis.mentions:
        mention.place = locate(mention, analysis, resources.gazetteer)
    return analysis
