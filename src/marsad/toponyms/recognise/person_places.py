"""Towns the small model calls people: "Gainesville and Lindsay", "Daniel Hufstetler of Roswell",
"Tbilisi says". A local story names its towns as it names its people, and the small model often
takes an unfamiliar town's name for a surname. Such a name is read as a town only where the gazetteer
says so beyond doubt: a town of that very name lies right beside the other places the text names, or
in the state written after it ("Klamath Falls, Oregon"); or it is a country's big city (its capital,
mostly) and the text names that country. Anything else stays the person the model saw. Recognition
(``person_towns``) proposes the names; resolution (``place_people``) keeps the ones placed so."""

from __future__ import annotations

import re
from typing import Any

from marsad.gazetteer.demonyms import demonym_code
from marsad.gazetteer.names import name_key
from marsad.model import GazetteerService, Place, distance_km
from marsad.toponyms.candidate import Candidate
from marsad.toponyms.place_context import TITLE_BEFORE
from marsad.toponyms.place_names import own_name

__all__ = ["FAR_KM", "NEAR_KM", "person_towns", "place_people"]

# How near a town of the name must lie to the text's other places: a county's towns are within it.
NEAR_KM = 40.0
FAR_KM = 120.0  # after a preposition of place ("of Wooster", "on to Sherman", "from X to Bluefield")
_PREPOSITION = re.compile(r"\b(?:of|to|from|in|at|near|toward|towards)\s+$")
_POSSESSIVE = re.compile(r"['’]s?$")
# A person's titles and ranks right before the name ("Sen. Lincoln", "Coach Austin", "Officer Hayes").
_TITLE = re.compile(
    r"(?i)\b(?:sen|rep|gov|judge|justice|coach|officer|deputy|sgt|sergeant|capt|captain|lt|det|detective|rev|"
    r"reverend|father|sister|brother|pastor|chief|sheriff|mayor|councilman|councilwoman|commissioner|trooper|"
    r"professor|prof|dean|principal|superintendent|miss|mister|madam|lady|lord|sir|dame|uncle|aunt|st|saint)\.?\s+$"
)
# What follows a person, not a town: "Lindsay said", "Austin, 24,", "Jackson's wife".
_PERSON_AFTER = re.compile(
    r"\s*(?:,\s*\d|(?:said|says|told|added|asked|wrote|replied|explained|noted|who|whose)\b)|['’]s\s+(?:wife|husband|"
    r"son|daughter|mother|father|family|brother|sister|attorney|lawyer|career|own)\b"
    # "the Clinton administration", "the Clinton and Bush administrations"
    r"|(?:\s+and\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?\s+(?:administrations?|presidency|era|doctrine|campaign|family)\b"
)
_SPEAKS = re.compile(r"\s+(?:said|says|told|added|accuses|accused|urges|urged|announced|insists|denies|denied|warned|"
                     r"warns|claims|claimed|wants|demands|demanded|rejects|rejected)\b")
# A state or a country written after the name: "Klamath Falls, Oregon", "Sault Ste. Marie, Ontario".
_AREA_AFTER = re.compile(r",\s+([A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})")


def person_towns(doc: Any, text: str, gazetteer: GazetteerService | None, taken: list[tuple[int, int]]) -> list[Candidate]:
    """The names the small model calls people that may be towns (source "person"): a place's own name
    in the gazetteer, title-case, no part of a person's full name in the text, after no title or first
    name, and not followed by what follows a person ("Lindsay said"; a big city may speak for its
    country, "Tbilisi says"). English words are left in ("Hope"): only a reading beside the text's
    other places makes one a town (``place_people``)."""
    if doc is None or gazetteer is None:
        return []
    full_names = {name_key(w) for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 for w in e.text.split()}
    out: list[Candidate] = []
    for ent in doc.ents:
        if ent.label_ != "PERSON" or len(ent) > 3:
            continue
        name = _POSSESSIVE.sub("", ent.text)
        s, e = ent.start_char, ent.start_char + len(name)
        words = name.split()
        if (not words or any(ts < e and s < te for ts, te in taken) or not all(w[:1].isupper() for w in words)
                or name.isupper() or demonym_code(name)):
            continue
        if len(words) == 1 and name_key(name) in full_names:
            continue
        before = text[max(0, s - 30) : s]
        first_name = bool(re.search(r"[A-Z][a-z]+\s+$", before[-15:])) and not re.search(
            r"(?:^|[.!?:;\"“”]\s+)[A-Z][a-z]+\s+$", before)  # (not a sentence's first word: "In Roswell")
        if TITLE_BEFORE.search(before) or _TITLE.search(before) or first_name or re.search(r"(?i)\bthe\s+$", before):
            continue  # "Mr Hayes", "Coach Austin", "Kayla Lindsay" (a first name the model left out), "the Webster"
        if not own_name(gazetteer, name):
            continue
        if _PERSON_AFTER.match(text, e) and not _SPEAKS.match(text, e):
            continue
        out.append(Candidate(name, s, e, "person"))
    return out


def place_people(
    people: list[Candidate], resolved: list[tuple[Candidate, Place | None]], gazetteer: GazetteerService, country: str | None,
    text: str, admin1: str | None = None,
) -> list[tuple[Candidate, Place]]:
    """The people's names that are towns here, with their reading: a town of that very name inside the
    state written right after it; or within ``NEAR_KM`` of a town or county the text places in its
    country (``FAR_KM`` after a preposition: "of Wooster", "on to Sherman"); or a town of 10,000 in the
    story's province (``admin1``); or a city of a million, most populous of its name, in a country the
    text names ("Tbilisi says")."""
    anchors = [(c, p) for c, p in resolved if p is not None and c.source != "demonym" and p.latitude is not None
               and p.longitude is not None and p.country == country and not c.modifier
               and (p.feature_class == "P" or p.level == "admin2")]
    nations = {p.country for c, p in resolved if p is not None and (
        c.source == "demonym" or (p.level == "country" and not c.modifier))}
    states = {c.start: p for c, p in resolved if p is not None and p.level == "admin1"}
    # A name the text also writes as a place ("ROSWELL -" in the dateline) is that place.
    chosen: dict[str, Place | None] = {name_key(c.text): p for c, p in resolved if p is not None and c.source != "demonym"}
    out: list[tuple[Candidate, Place]] = []
    for c in people:
        key = name_key(c.text)
        readings = [p for p in gazetteer.lookup(c.text, limit=25, exact=True)
                    if name_key(p.name) == key and p.latitude is not None and p.longitude is not None]
        after = _AREA_AFTER.match(text, c.end)
        state = states.get(after.start(1)) if after else None
        if state is not None:
            inside = [p for p in readings if p.country == state.country and p.admin1 == state.admin1]
            if inside:
                out.append((c, max(inside, key=lambda p: p.population)))
                continue
        if key not in chosen:
            chosen[key] = _reading(c, readings, [p for d, p in anchors if name_key(d.text) != key], nations, text,
                                   (country, admin1))
        if (place := chosen[key]) is not None:
            out.append((c, place))
    return out


def _reading(c: Candidate, readings: list[Place], anchors: list[Place], nations: set[str | None],
             text: str, province: tuple[str | None, str | None] = (None, None)) -> Place | None:
    towns = [p for p in readings if p.feature_class == "P"]
    if not towns:
        return None
    big = max(towns, key=lambda p: p.population)
    if big.population >= 1_000_000 and big.country in nations:
        return big
    if _SPEAKS.match(text, c.end) or _PERSON_AFTER.match(text, c.end):
        return None
    local = [p for p in towns if (p.country, p.admin1) == province and p.population >= 10_000]
    if province[1] and local:
        return max(local, key=lambda p: p.population)
    reach = FAR_KM if _PREPOSITION.search(text, max(0, c.start - 12), c.start) else NEAR_KM
    best: tuple[float, Place] | None = None
    for p in towns:
        for a in anchors:
            d = distance_km(p.latitude, p.longitude, a.latitude, a.longitude)  # type: ignore[arg-type]
            if d <= reach and (best is None or d < best[0]):
                best = (d, p)
    return best[1] if best else None
