"""A place name found in a text, with what recognition learnt about how it is written.

A leaf module: recognition creates candidates and resolution reads them, so both import it from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from marsad.model import Place


@dataclass
class Candidate:
    text: str
    start: int
    end: int
    source: str  # "ner", "gazetteer" (a known name spaCy missed) or "pattern" ("X River")
    qualifier: str | None = None
    first_pass: list[Place] = field(default_factory=list)
    fuzzy: bool = False  # the first pass found only spelling variants (skeleton/fuzzy), not the name
    within: set[str] = field(default_factory=set)  # keys of the areas written as containing this name
    container: bool = False  # written as an area that contains another name ("X (District, Province)")
    modifier: bool = False  # a country's name used as a modifier ("the US dollar", "Syria envoy")
    country: str | None = None  # the country the text itself puts it in ("the Syrian town of X")
    facility: bool = False  # names a square, street or building ("the al Nour square"), a local thing
    town: bool = False  # written as a town right after the name ("Tikrit city", "of Gaza city", "Karma town")
    part: bool = False  # written as a small place ("Al-Qadisiyah area", "Zahra neighborhood", "X village")
    around: frozenset[str] = frozenset()  # the countries the areas written around it may be in
    holds: bool = False  # a container whose name is the province of the name written inside it ("Tacoma, Washington")
    reads: str | None = None  # the whole name a part of one written with a comma stands for ("Washington, D.C.")
