"""Letter abbreviations of countries and provinces that news writes without periods ("T&T" for
Trinidad and Tobago, "SA" for South Africa, "BC" for British Columbia, "NJ"), each of which is also
many other things (an acronym, "500 BC"). One is read as the place only where the document names
that place or its country otherwise: spelt out ("Trinidad and Tobago ... T&T"), by a demonym ("South
Africans ... SA") or, for a province, by a town the gazetteer places in it ("Castlegar ... FrontCounter
BC"). Abbreviations written with periods ("N.J.", "B.C.") are names in the gazetteer (regions.json).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from marsad.gazetteer.demonyms import DEMONYMS
from marsad.gazetteer.names import name_key
from marsad.model import GazetteerService, Place

# abbreviation -> (the name the gazetteer knows, the country's ISO2 code)
CONTEXT_ABBREVIATIONS: dict[str, tuple[str, str]] = {
    "BC": ("British Columbia", "CA"),
    "NJ": ("New Jersey", "US"),
    "NSW": ("New South Wales", "AU"),
    "KZN": ("KwaZulu-Natal", "ZA"),
    "T&T": ("Trinidad and Tobago", "TT"),
    "SA": ("South Africa", "ZA"),
}
_ABBREVIATION_RE = re.compile(
    r"(?<![\w&.-])(" + "|".join(re.escape(a) for a in sorted(CONTEXT_ABBREVIATIONS, key=len, reverse=True))
    + r")(?![\w&-])(?!\.\w)"
)
# "500 BC", "AD 70 ... 30 BC": a year, not a province.
_YEAR_BEFORE = re.compile(r"(?:\d|\bAD|\bA\.D\.)\s*$")


def _named(text: str, name: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) is not None


def _country_named(text: str, code: str, gazetteer: GazetteerService) -> bool:
    """Whether the text names a country by its name or its demonym ("South Africans")."""
    country = gazetteer.country(code)
    if country is not None and _named(text, country.name):
        return True
    words = [w for w, c in DEMONYMS.items() if c == code]
    return any(_named(text, " ".join(p.capitalize() for p in w.split())) for w in words)


def abbreviation_spans(text: str) -> list[tuple[int, int, str, str]]:
    """The abbreviations in ``CONTEXT_ABBREVIATIONS`` written in a text as names, not years ("500 BC")
    or words of a line in capitals ("SA RUGBY NEWS"): (start, end, the full name, the country). Whether
    each is the place is for ``read_abbreviations`` to say, once the other places are read."""
    out = []
    for m in _ABBREVIATION_RE.finditer(text):
        if _YEAR_BEFORE.search(text[max(0, m.start() - 6) : m.start()]):
            continue
        around = text[max(0, m.start() - 12) : m.end() + 12]
        if len(re.findall(r"\b[A-Z]{2,}\b", around)) > 1 and not re.search(r"[a-z]{3}", around):
            continue
        full, code = CONTEXT_ABBREVIATIONS[m.group(1)]
        out.append((m.start(1), m.end(1), full, code))
    return out


def _reading(full: str, code: str | None, gazetteer: GazetteerService) -> Place | None:
    return next((p for p in gazetteer.lookup(full, limit=5, exact=True) if p.country == code), None)


def named_reading(full: str, code: str | None, text: str, gazetteer: GazetteerService) -> list[Place]:
    """The place an abbreviation stands for where the text names it or its country otherwise ("Trinidad
    and Tobago ... T&T", "South Africans ... SA", "Washington, D.C."); none yet otherwise."""
    place = _reading(full, code, gazetteer)
    if place is None or not (_named(text, full) or (code and _country_named(text, code, gazetteer))):
        return []
    return [place]


def read_abbreviations(resolved: list[tuple[Any, Place | None]], gazetteer: GazetteerService) -> list[tuple[Any, Place | None]]:
    """Each abbreviation read as the place the text spells out (``named_reading``) whatever its
    neighbours say; one the text does not spell out read as its place where another
    place read in the text lies in it: a town in the province ("Castlegar ... BC"), or in the country
    a country's abbreviation stands for; left unread otherwise."""
    others = [p for c, p in resolved if p is not None and not c.reads and c.source != "demonym"]
    out: list[tuple[Any, Place | None]] = []
    for c, place in resolved:
        if c.reads and c.first_pass:
            place = replace(c.first_pass[0], score=1.0)  # spelt out: no neighbour reads it otherwise
        elif c.reads:
            hit = _reading(c.reads, c.country, gazetteer)
            wide = hit is not None and hit.level == "country"
            place = replace(hit, score=1.0) if hit is not None and any(
                p.country == hit.country and (wide or p.admin1 == hit.admin1) for p in others) else None
        out.append((c, place))
    return out


def joined_name(name: str, gazetteer: GazetteerService) -> tuple[str, str] | None:
    """The name and country of a place the gazetteer knows by a name written with a comma ("Washington,
    D.C."), as one place: neither part is a country or a province of its own."""
    if not gazetteer.has_key(name_key(name)):
        return None
    top = gazetteer.lookup(name, limit=1, exact=True)
    if not top or not top[0].country or top[0].level in {"country", "admin1"}:
        return None
    return name, top[0].country


_ROUTE_STATE_RE = re.compile(r"(?<![\w.])((?:[A-Z]\.){2})\s?\d{1,3}[A-Z]?\b(?![.,]\d)")


def route_states(text: str, gazetteer: GazetteerService) -> list[tuple[int, int]]:
    """A province's abbreviation before a route's number ("on S.C. 6 near U.S. 321", "N.C. 16"),
    which the small model takes for a date or a number: the province the road is in."""
    return [(m.start(1), m.end(1)) for m in _ROUTE_STATE_RE.finditer(text) if _is_admin1(m.group(1), gazetteer)]


def _is_admin1(name: str, gazetteer: GazetteerService) -> bool:
    top = gazetteer.lookup(name, limit=1, exact=True) if gazetteer.has_key(name_key(name)) else []
    return bool(top) and top[0].level == "admin1"
