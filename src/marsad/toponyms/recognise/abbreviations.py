"""Names written with an abbreviation after a comma that the gazetteer knows as one place ("Washington,
D.C."), and provinces' abbreviations before a route's number ("S.C. 6"). Abbreviations written with
periods ("N.J.", "B.C.") are names in the gazetteer (regions.json).
"""

from __future__ import annotations

import re

from marsad.gazetteer.names import name_key
from marsad.model import GazetteerService, Place


def joined_reading(full: str, code: str | None, gazetteer: GazetteerService) -> list[Place]:
    """The place a name written with a comma stands for (``joined_name``): the gazetteer's reading of
    the whole name in its country."""
    return [p for p in gazetteer.lookup(full, limit=5, exact=True) if p.country == code][:1]


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
