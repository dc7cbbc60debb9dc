"""Towns an event's text names only inside the name of a site or a road: "near Lysychansk Pumping
Station", "targeted Hama Airbase", "blocked the Tyre-Nabatieh road", "the Tulkarm refugee camp".

A coder who cannot find the site itself puts the event at the town the site is named after, or at a
town on the road, as "near" it (geo_precision 2). The geocoder asks for such a town only when nothing
more specific than a province resolves: it is a weaker reading than a town the text names outright.
"""

from __future__ import annotations

import re
from dataclasses import replace

from marsad.gazetteer.names import name_key
from marsad.geocode.weights import WEIGHTS
from marsad.model import GazetteerService, Mention, Place

# Kinds of sites and roads that take the name of the town they are at or lead to.
_SITE = (r"air\s?base|airport|airfield|air\s+field|filtration\s+station|power\s+station|power\s+plant|"
         r"railway\s+station|bus\s+station|station|refinery|oil\s+field|gas\s+field|mine|refugee\s+camp|"
         r"camp|military\s+prison|central\s+prison|prison|jail|military\s+base|base|barracks|border\s+crossing|"
         r"crossing|checkpoint|bridge|dam|port|harbou?r|highway|motorway|expressway|road|junction|"
         r"intersection|roundabout|governorate\s+building|press\s+club")
_ARTICLE = r"(?:Al|El|Ad|As|An|Ar|At|Az|Ash|Adh|Ath|al|el)[-‐ ]"
_WORD = r"[A-Z][\w'’]*"
_NAME = rf"(?:{_ARTICLE})?{_WORD}"
# A capitalised name, or two joined by a hyphen or a dash (a road between two towns), before a site word.
_SITE_RE = re.compile(rf"(?<![\w'’-])({_NAME}(?:\s+{_NAME}){{0,2}}(?:\s*[-–]\s*{_NAME}(?:\s+{_NAME}){{0,2}})*)"
                      rf"\s+(?i:{_SITE})\b")
# Where a hyphen joins two towns, not an article to its noun ("Ash-Shajara") or a number ("Zolote-5").
_ROUTE_SPLIT = re.compile(r"(?<!\b(?:Al|El|Ad|As|An|Ar|At|Az|al|el))(?<!\b(?:Ash|Adh|Ath))\s*[-–]\s*"
                          r"(?=[A-Z]|(?:al|el)[- ][A-Z])")
_LEADING_THE = re.compile(r"^(?:The|the)\s+")


def _names(phrase: str) -> list[tuple[str, bool]]:
    """The town names a site's or a road's name may hold, most specific first: each town of a route,
    and the leading words of a longer name ("Donetsk Filtration" -> "Donetsk"); each with whether it
    is a whole part of the name as written (not cut short)."""
    out: list[tuple[str, bool]] = []
    for part in _ROUTE_SPLIT.split(_LEADING_THE.sub("", phrase)):
        words = part.split()
        out.extend((" ".join(words[:n]), n == len(words)) for n in range(len(words), 0, -1))
    return [(n, whole) for n, whole in out if len(name_key(n)) >= 3]


def site_towns(mention: Mention) -> list[str]:
    """Candidate town names from the sites and roads named in the event's own text, in text order."""
    return [name for name, _ in _site_names(mention)]


def _site_names(mention: Mention) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    for ev in mention.evidence:
        for m in _SITE_RE.finditer(ev.text):
            for name, whole in _names(m.group(1)):
                if name not in [n for n, _ in out]:
                    out.append((name, whole))
    return out


def site_town(mention: Mention, gazetteer: GazetteerService | None, country: str | None, area: Place | None) -> Place | None:
    """The town a site or road in the event's text is named after, near which the event is (precision
    2); None when none is known exactly. With a country or an area known, the town must lie in it."""
    if gazetteer is None:
        return None
    for name, whole in _site_names(mention):
        key = name_key(name)
        if not gazetteer.has_key(key):
            continue
        cands = gazetteer.lookup(name, country=country, limit=1, exact=True)
        if not cands:
            continue
        place = cands[0]
        if place.feature_class not in {"P", "A"}:
            continue
        if country is None and name_key(place.name) != key:
            continue  # with no country to check it against, only a town's own name, no alternate one
        if not whole and place.population < WEIGHTS.site_part_people:
            continue  # "Bar" of "Bar Elias": the first word of a name is a big town's only when it is one
        if place.level in {"country", "continent"}:
            continue  # "the Syria road", "Iraq border crossing": a country is no town near the site
        if country is not None and place.country != country:
            continue
        if area is not None and not _inside(place, area):
            continue
        if country is None and place.score < WEIGHTS.site_no_country_score:
            continue
        return replace(place, geo_precision=2)
    return None


def _inside(place: Place, area: Place) -> bool:
    if area.country and place.country != area.country:
        return False
    if area.level == "admin1" and area.admin1:
        return name_key(place.admin1 or "") == name_key(area.admin1)
    return True
