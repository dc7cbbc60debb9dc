"""How a name as written relates to a gazetteer place's name.

Two slips a reader never makes: reading "Knoxville" as New Knoxville or "Springfield" as Springfield
Gardens (a place whose name adds words to the written one is another place, though the spellings look
alike), and reading "Falls Village" or "Union City" as a place called Falls or Union (a capitalised
"Village", "City" or "Town" that is part of a place's own name is the name, not a word saying what
kind of place it is).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from marsad.gazetteer.names import GENERIC_WORDS, name_key, strip_generic, tokens
from marsad.model import Place

__all__ = ["adds_words", "whole_name"]

_SHORT = re.compile(r"(?i)^(st|ste|mt|ft)\.?\s+")
_LONG = {"st": "Saint ", "ste": "Sainte ", "mt": "Mount ", "ft": "Fort "}


def _tokens(name: str) -> tuple[str, ...]:
    return tokens(_SHORT.sub(lambda m: _LONG[m.group(1).lower()], name.strip()))


def adds_words(place_name: str, written: str) -> bool:
    """Whether a place's name is the written name with words added before or after it: "New
    Knoxville", "North Richmond", "Manhattan Beach" for "Knoxville", "Richmond", "Manhattan"."""
    w, n = _tokens(written), _tokens(place_name)
    if not w or len(n) <= len(w):
        return False
    return any(n[i : i + len(w)] == w for i in range(len(n) - len(w) + 1))


def whole_name(text: str, places: Iterable[Place]) -> bool:
    """Whether a name written with a capitalised town word ("Falls Village", "Union City", "UNION
    CITY") is a town's own name as a whole: the word is then part of the name. Lowercase ("Hays city",
    "Tikrit city") it says what kind of place the name is."""
    bare, generic = strip_generic(text)
    if generic != "P":
        return False
    words = [w for i, w in enumerate(text.split()) if i or w.lower() != "the"]
    word = words[-1] if words[-1].lower().strip(".") in GENERIC_WORDS else words[0]
    if not word[:1].isupper():
        return False
    key = name_key(text)
    return any(p.feature_class == "P" and name_key(p.name) == key for p in places)

