"""Where a place entity's span is not the place's name: a state's formal title before it ("the State of
Illinois", "the Province of Ontario"), words run on after a possessive ("Illinois’ Web site"), a
possessive kept on a name ("Mexico's"; but a saint's stays: "St. John's"). Recognition (``recognise.py``)
trims its entities with these where the gazetteer knows the shorter name and not the longer."""

from __future__ import annotations

import re

from marsad.gazetteer.names import name_key
from marsad.model import GazetteerService

__all__ = ["OWN_POSSESSIVE", "trim_place"]

# "the State of Illinois", "the Commonwealth of Virginia", "the City of Richmond": the formal title of a
# state, a province or a town before its name (never after another word: "Islamic State of Iraq").
_TITLE = re.compile(r"(?:[Tt]he\s+)?(?:State|Province|Commonwealth|City|Town|Township|Village|Borough|County|"
                    r"Territory|Municipality|District|Region)\s+of\s+(?:the\s+)?(?=[A-Z])")
# A possessive inside or at the end of a name: "Illinois’ Web", "St. Petersburg's".
_POSSESSIVE = re.compile(r"(?<=\w)(?:['’]s|(?<=s)['’])(?=\s|$)")
# A saint's possessive is the name of what is named after the saint ("St George's Chapel").
_SAINT = re.compile(r"(?:St|Saint|Ste)\b")
# Whether text right after a name is a possessive: "Mexico's Club America".
OWN_POSSESSIVE = re.compile(r"['’]s?\s")


def trim_place(text: str, start: int, end: int, gazetteer: GazetteerService | None) -> tuple[int, int]:
    """The span of the place's own name in a place entity, where the gazetteer knows it and not the
    whole: without a formal title before it, and cut at a possessive ("Illinois’ Web site"; not a
    saint's: "St George's Chapel")."""
    if gazetteer is None or gazetteer.has_key(name_key(text[start:end])):
        return start, end
    m = _TITLE.match(text, start, end)
    if m is not None and gazetteer.has_key(name_key(text[m.end() : end])):
        start = m.end()
    elif m is not None and (p := _POSSESSIVE.search(text, m.end(), end)) and gazetteer.has_key(name_key(text[m.end() : p.start()])):
        return m.end(), p.start()
    p = None if _SAINT.match(text, start, end) else _POSSESSIVE.search(text, start, end)
    if p is not None and not gazetteer.has_key(name_key(text[start:end])) and gazetteer.has_key(name_key(text[start : p.start()])):
        end = p.start()
    return start, end
