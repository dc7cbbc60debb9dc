"""The places a text names for sure, which vouch for a town's name elsewhere in it that is also an
English word: "Lombard" in "Lombard Historical Society" is the town where the text names Lombard as
a place ("in Lombard") or names towns beside it (Glen Ellyn, Wheaton); in a story about Texas it may
be nothing more than a word."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from marsad.gazetteer.names import name_key
from marsad.model import GazetteerService, distance_km
from marsad.toponyms.place_names import big, plain_word

# How far from a town the text names for sure a namesake may lie and still be the one meant.
NEAR_KM = 50.0
_BROAD = frozenset({"country", "admin1", "continent", "feature"})


class TextPlaces:
    """The names a text calls places (``keys``: name keys) and the points of the towns and counties it
    names for sure (``names``: the text of its tagged place names, read by their best reading)."""

    def __init__(self, gazetteer: GazetteerService, keys: set[str] | frozenset[str], names: list[str]) -> None:
        self.gazetteer = gazetteer
        self.keys = frozenset(keys)
        self.points: list[tuple[float, float]] = []
        for name in dict.fromkeys(names):
            top = gazetteer.lookup(name, limit=25, exact=True)[:1] if gazetteer.has_key(name_key(name)) else []
            if top and top[0].latitude is not None and top[0].longitude is not None and top[0].level not in _BROAD:
                self.points.append((top[0].latitude, top[0].longitude))

    def __call__(self, name: str) -> bool:
        """Whether the text names ``name`` as a place, or names a town beside one of its namesakes."""
        key = name_key(name)
        if key in self.keys:
            return True
        if not self.points or not self.gazetteer.has_key(key):
            return False
        return any(
            p.latitude is not None and p.longitude is not None and name_key(p.name) == key
            and any(distance_km(p.latitude, p.longitude, la, lo) <= NEAR_KM for la, lo in self.points)
            for p in self.gazetteer.lookup(name, limit=25, exact=True))


def no_places(name: str) -> bool:
    """A text with nothing known of its places vouches for no name."""
    return False


def known_town(gazetteer: GazetteerService, name: str) -> bool:
    """Whether a name is a world place or a town of 200,000 by its own name ("Dubai", "Belfast"), which
    an institution's name ("Dubai Police") places as surely as a tagged name; not a province's other
    name ("Some" for the Somme)."""
    name = re.sub(r"['’]s?$", "", name)
    return big(gazetteer, name) and read_as_written(gazetteer, name)


def read_as_written(gazetteer: GazetteerService, name: str) -> bool:
    """Whether the best reading of a name is a place called so, accents aside ("Paranaque" for
    Parañaque), not one the name is only another spelling of ("Salah" for Salé)."""
    top = gazetteer.lookup(name, limit=1, exact=True) if gazetteer.has_key(name_key(name)) else []
    return bool(top) and _folded(top[0].name) == _folded(name)


def _folded(name: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", name.lower()) if not unicodedata.combining(ch))


def as_tagged(text: str, cands: list[Any], gazetteer: GazetteerService) -> None:
    """One sense per discourse: a name found only in the gazetteer ("Liverpool" in "Liverpool's
    striker", which the small model calls an organisation) is as sure as the same name tagged a place
    elsewhere in the text, when it is a place's own name, no English word and takes no article ("the
    Centre", India's central government)."""
    tagged = {name_key(c.text) for c in cands if c.source == "ner"}
    for c in cands:
        if (c.source == "gazetteer" and name_key(c.text) in tagged and read_as_written(gazetteer, c.text)
                and not plain_word(gazetteer, c.text) and not re.search(r"\bthe\s+$", text[max(0, c.start - 5) : c.start])):
            c.source = "ner"
