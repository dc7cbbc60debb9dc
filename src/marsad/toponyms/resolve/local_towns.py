"""A town whose council, police and schools the story reports on is the paper's own town.

Local news names its town with the town's institutions: "the Athens City Council", "Mansfield
residents", "Springfield Public Schools", "Charleston police", "London city council". A world
city abroad is rarely written so in a story that names nothing else in its country; a reader of "the
Mansfield council approved a $400,000 repair plan" does not think of Mansfield in England, nor of
Athens in Greece on reading that "the Athens City Council" hired two more clerks. When the
story counts its money in dollars and names nothing else in the big town's country, such a name is
read in the country of a namesake that pays in dollars: so that one big town abroad does not carry the
whole story abroad.
"""

from __future__ import annotations

import re

from marsad.gazetteer.names import name_key, strip_generic
from marsad.toponyms.candidate import Candidate

__all__ = ["DOLLAR_COUNTRIES", "local_institution", "place_local_towns"]

# The town's own institutions, written right after its name ("Athens City Council", "Dublin's
# boards", "Paris firefighters", "Mansfield Public Library") ...
_AFTER = re.compile(
    r"(?:['’]s?)?\s+(?:(?:City|Town|Village|Township|Borough|city|town|village|township|borough)\s+)?"
    r"(?:Police|police|Policemen|policemen|Council|council|Councilman|Councilwoman|Mayor|mayor|Fire\s+Department|"
    r"fire\s+department|Fire\s+Chief|fire\s+chief|firefighters|firemen|Public\s+Schools|City\s+Schools|"
    r"Schools|schools|School\s+Board|school\s+board|Board\s+of\s+Education|school\s+district|"
    r"(?:Independent\s+)?School\s+District|High\s+School|Middle\s+School|Elementary|residents?|"
    r"Public\s+Library|Parks\s+and\s+Recreation|City\s+Hall|city\s+hall|City\s+Manager|city\s+manager|"
    r"Planning\s+Commission|Municipal|Chamber\s+of\s+Commerce|Law\s+Enforcement\s+Center|City\s+Attorney)\b")
# ... or before it ("the City of Athens", "downtown London").
_BEFORE = re.compile(r"(?:\b(?:City|Town|Village|Borough|Township)\s+of|\bdowntown)\s+$")


def local_institution(text: str, c: Candidate) -> bool:
    """Whether the text writes the name with its town's own institutions around it."""
    return bool(_AFTER.match(text, c.end)) or bool(_BEFORE.search(text, max(0, c.start - 20), c.start))


# Countries whose money is the dollar, and a sum written in dollars ("$400,000", "$ 4.2 million").
DOLLAR_COUNTRIES = frozenset("US CA AU NZ SG HK LR ZW EC SV PR BS BB BZ BM KY JM TT GY FJ BN TL".split())
_DOLLARS = re.compile(r"(?<![A-Za-z])\$\s?\d")


def place_local_towns(cands: list[Candidate], text: str, world: int = 100_000, town: int = 10_000) -> None:
    """Put in a namesake's country (``Candidate.country``) each name written with its town's
    institutions in a story that counts its money in dollars, whose best reading is a big town
    (``world`` people or more) outside the dollar countries, in a country the text names nothing else
    in (no place, no demonym): the namesake in a dollar country the text names other places in, else,
    when it names none, the biggest one of ``town`` people or more."""
    if not _DOLLARS.search(text):
        return
    # One town per name: "Mansfield police" makes every "Mansfield" of the story the local one.
    local = {_plain(c) for c in cands if c.source != "demonym" and local_institution(text, c)}
    for c in cands:
        key = _plain(c)
        if c.source == "demonym" or c.country or c.within or c.fuzzy or not c.first_pass or key not in local:
            continue
        top = c.first_pass[0]
        others = {d.first_pass[0].country for d in cands if d.first_pass and _plain(d) != key} - {None}
        if (top.feature_class != "P" or top.population < world or name_key(top.name) != key
                or top.country in DOLLAR_COUNTRIES or top.country in others):
            continue
        namesakes = [p for p in c.first_pass if p.feature_class == "P" and p.country in DOLLAR_COUNTRIES
                     and name_key(p.name) == key]
        here = [p for p in namesakes if p.country in others]
        if not here and not others:
            here = [p for p in namesakes if p.population >= town]
        if here:
            c.country = max(here, key=lambda p: p.population).country


def _plain(c: Candidate) -> str:
    return name_key(strip_generic(c.text)[0])
