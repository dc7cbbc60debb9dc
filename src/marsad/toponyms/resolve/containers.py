"""The areas a text writes around a name ("Tarmiyah, Saladin governorate", "near Orikhove, Luhansk"):
keys to compare admin areas' names, and the checks that a name's reading lies in (or near) the area
written around it, or is a spelling the gazetteer lacks of a place there."""

from __future__ import annotations

from functools import lru_cache

from marsad.gazetteer.names import clean_admin_name, name_key, skeleton, strip_generic
from marsad.model import GazetteerService, Place
from marsad.toponyms.candidate import Candidate
from marsad.toponyms.resolve.clusters import far_from, reported_province
from marsad.toponyms.resolve.weights import WEIGHTS


@lru_cache(maxsize=65_536)
def admin_key(name: str | None) -> str:
    """A comparable key of an admin area's name ("Idleb" and "Idlib" alike: the consonant skeleton)."""
    if not name:
        return ""
    key = name_key(clean_admin_name(strip_generic(name)[0]))
    return skeleton(key) if len(key) >= 4 else key


def _text_key(c: Candidate) -> str:
    return admin_key(c.text)


def _name_key(c: Candidate) -> str:
    """The key of a name as a name: "Orikhove village" is "Orikhove", but "Kansas City" (a town's whole
    name, generic word and all) is not "Kansas"."""
    if strip_generic(c.text)[1] and any(name_key(p.name) == name_key(c.text) for p in c.first_pass[:5]):
        return "=" + name_key(c.text)
    return _text_key(c)


def inside_containers(
    resolved: list[tuple[Candidate, Place | None]], country: str | None, gazetteer: GazetteerService | None = None
) -> tuple[list[tuple[Candidate, Place | None]], set[int]]:
    """Respect the areas the text writes around a name: a village resolved outside every province or
    district written around it ("near Orikhove, Luhansk" read as the Orikhove in Crimea) is another
    place of the same name. It stays unresolved, so that the event falls back to the written area
    instead of a wrong point. A country written around it ("Split, Croatia") only sets the country;
    a city, or a town within reach of the written area (a border town written in the neighbouring
    province, "Tarmiyah, Saladin"), is kept: a writer's slip is likelier than a namesake there.
    Every other occurrence of the name then takes the reading settled where the area was written."""
    by_key: dict[str, list[Place]] = {}
    by_cand: list[Candidate] = []
    for c, p in resolved:
        # Only areas read with confidence: a province or district, or the town that gives its name to
        # one ("Luhansk"); a container read as some village by an alternate name imposes nothing.
        if (c.container and p is not None and p.level not in {"country", "continent"}
                and (p.feature_class == "A" or _text_key(c) in {admin_key(p.admin1), admin_key(p.admin2)})):
            by_key.setdefault(_text_key(c), []).append(p)
            by_cand.append(c)
    # Areas written as provinces ("Saladin governorate", "Diyala province").
    provinces = {_text_key(c) for c in by_cand if strip_generic(c.text)[1] == "A"}
    final: list[tuple[Candidate, Place | None]] = []
    outside: set[int] = set()
    for c, p in resolved:
        if (p is not None and c.within and p.feature_class != "A" and p.country == country
                and p.population < WEIGHTS.container_city_people):
            areas = [a for k in c.within for a in by_key.get(k, []) if a.country == p.country]
            allowed = {admin_key(a.admin1) for a in areas} | {admin_key(a.admin2) for a in areas if a.admin2}
            allowed |= {admin_key(a.name) for a in areas if a.feature_class == "A"}
            allowed.discard("")
            if areas and not allowed & {admin_key(p.admin1), admin_key(p.admin2)} and far_from(p, areas, gazetteer):
                # The namesake in the written area, if the gazetteer knows one by this very name
                # ("Kansas City, Kan." in a Missouri story); otherwise no place.
                here = [q for q in (gazetteer.lookup(c.text, country=p.country, limit=25, exact=True) if gazetteer else [])
                        if q.feature_class == "P" and name_key(q.name) == name_key(c.text)
                        and allowed & {admin_key(q.admin1), admin_key(q.admin2)}]
                p = max(here, key=lambda q: q.population) if here else None
                if p is None:
                    outside.add(id(c))
            elif areas and not allowed & {admin_key(p.admin1), admin_key(p.admin2)}:
                p = reported_province(p, areas)
        elif (p is not None and c.within and country and p.country != country
              and any(a.country == country for k in c.within & provinces for a in by_key.get(k, []))):
            # "Yathrib town, Saladin governorate" is no town abroad (Yathrib for Medina); but a list
            # ("Saipan, Guam, Alaska") may read as one name inside the next.
            p = None
            outside.add(id(c))
        elif (p is not None and c.within and c.part and p.level == "admin1"
              and (strip_generic(c.text)[1] or "P") == "P"):
            # "Al-Qadisiyah area, Tikrit city, Saladin": a name written as a small place inside others
            # is no province; it is some place there that the gazetteer does not know.
            p = None
            outside.add(id(c))
        final.append((c, p))
    # One place per name per document: a later bare "Orikhove" is the one written as in Luhansk.
    settled = {_name_key(c): p for c, p in final if c.within and c.source != "demonym"}
    out_keys = {_name_key(c) for c, _ in final if id(c) in outside}
    same: list[tuple[Candidate, Place | None]] = []
    for c, p in final:
        key = _name_key(c)
        if not c.within and c.source != "demonym" and key in settled:
            p = settled[key]
            if key in out_keys:
                outside.add(id(c))
        same.append((c, p))
    return same, outside


def variants_in_provinces(
    resolved: list[tuple[Candidate, Place | None]], outside: set[int], gazetteer: GazetteerService, country: str | None
) -> list[tuple[Candidate, Place | None]]:
    """A name written inside a province ("Al Dhuluiyah area, Saladin governorate") that no lookup
    resolves there is most likely a spelling the gazetteer lacks of a place in that province: the
    province's place of the nearest spelling (``Gazetteer.variant_in``), rather than its centroid."""
    # A container read as the city that shares its province's name ("Bashir village, Kirkuk") stands
    # for the province too.
    provinces = {_text_key(c): p for c, p in resolved
                 if c.container and p is not None and p.country == country and country
                 and (p.level == "admin1"
                      or (p.feature_class == "P" and admin_key(p.admin1) == _text_key(c) and not c.town))}
    # Loose spellings only where the text spells the hierarchy out: the name written as a small place
    # ("X village, Kirkuk"), the province as one ("X, Saladin governorate"), or the country after it
    # ("Subayhat, Al Anbar, Iraq"); "near Orikhove, Luhansk" may name a village the gazetteer lacks
    # whose name only looks like another's there (only "Qaryat Orikhove" would be it).
    spelt = {_text_key(c) for c, p in resolved if c.container and (
        strip_generic(c.text)[1] == "A" or (p is not None and p.level == "country"))}
    if not provinces:
        return resolved
    towns = {_text_key(c): p for c, p in resolved if c.container and p is not None and p.feature_class == "P"
             and (admin_key(p.admin1) != _text_key(c) or c.town)}
    out: list[tuple[Candidate, Place | None]] = []
    for c, p in resolved:
        if p is None and c.within and c.source in {"ner", "pattern"} and country:
            around = [towns[k] for k in c.within if k in towns]
            strict = not (c.part or c.within & spelt)
            for k in sorted(c.within & set(provinces)):
                area = provinces[k]
                found = gazetteer.variant_in(c.text, country, area.admin1 or area.name, strict)
                if found is not None and not (around and far_from(found, around)):  # "Jameel area, Tikrit city"
                    p = found
                    outside.discard(id(c))
                    break
        out.append((c, p))
    return out
