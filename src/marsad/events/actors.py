"""Actor names: surface forms -> canonical names and inter codes, from our curated dictionary.

``marsad/data/actors.json`` (versioned) holds named groups with their aliases and inter codes, a table
of countries (names, demonyms, government periods for naming state forces in ACLED's habit,
"Military Forces of Iraq (2018-)"), units that become associated actors, and generic words for
state forces, unknown armed men, gangs, civilians, protesters and rioters.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from marsad.events.lexicon import load_actor_data

MAX_NGRAM = 7
_CLASS_PRIORITY = ("military", "police", "unknown", "gang", "rioter", "protester", "civilian", "pronoun")
_WORD = re.compile(r"[a-z0-9\u00c0-\u024f]+(?:['’.-][a-z0-9\u00c0-\u024f]+)*\.?|[A-Za-z0-9]+", re.I)


@dataclass(frozen=True)
class Actor:
    """A canonical actor: name, ACLED inter code and, for state forces, the unit as associated actor."""

    name: str
    inter: int
    kind: str  # group, military, police, unknown, gang, civilian, protester, rioter
    assoc: str | None = None
    country: str | None = None  # ISO2 of the actor itself (state forces, demonyms)


@dataclass(frozen=True)
class ActorBook:
    version: str
    groups: dict[str, dict[str, Any]]  # lower alias -> group
    groups_cs: dict[str, dict[str, Any]]  # case-sensitive alias -> group ("IS")
    countries: dict[str, dict[str, Any]]  # iso2 -> entry
    country_alias: dict[str, str]  # lower alias/demonym -> iso2
    units: dict[str, dict[str, str]]  # iso2 or "*" -> lower alias -> unit name
    generic: dict[str, str]  # lower word/phrase -> class

    def country_name(self, iso2: str | None) -> str | None:
        return self.countries[iso2]["name"] if iso2 in self.countries else None

    def state_force(self, iso2: str | None, kind: str, on: date) -> str:
        """ "Military Forces of Iraq (2018-)" / "Police Forces of Iraq (2018-)" for the period of ``on``."""
        label = "Police Forces" if kind == "police" else "Military Forces"
        entry = self.countries.get(iso2 or "")
        if entry is None:
            return f"{label} of Unknown Country" if iso2 is None else f"{label} of {iso2}"
        period = ""
        for start, end in entry["periods"]:
            if start <= on.year and (end is None or on.year <= end):
                period = f" ({start}-{end if end is not None else ''})"
                # later periods win on boundary years (a new government took over that year)
        return f"{label} of {entry['name']}{period}"


@lru_cache(maxsize=1)
def load_actor_book() -> ActorBook:
    raw = load_actor_data()
    groups: dict[str, dict[str, Any]] = {}
    groups_cs: dict[str, dict[str, Any]] = {}
    for g in raw["groups"]:
        for a in g["aliases"]:
            groups[a.lower()] = g
        for a in g.get("case_sensitive", []):
            groups_cs[a] = g
    country_alias: dict[str, str] = {}
    for iso, c in raw["countries"].items():
        for a in c["aliases"]:
            country_alias[a.lower()] = iso
    units = {k: {a.lower(): n for a, n in v.items()} for k, v in raw["units"].items()}
    generic: dict[str, str] = {}
    for cls, words in raw["generic"].items():
        for w in words:
            generic.setdefault(w.lower(), cls)
    return ActorBook(raw.get("version", "0"), groups, groups_cs, raw["countries"], country_alias, units, generic)


def _ngrams(words: list[str]) -> list[tuple[int, int, str]]:
    out = []
    for n in range(min(MAX_NGRAM, len(words)), 0, -1):
        for i in range(len(words) - n + 1):
            out.append((i, i + n, " ".join(words[i : i + n])))
    return out


def words_of(text: str) -> list[str]:
    return [w.rstrip(".") if w.lower() not in ("u.s.",) else w for w in _WORD.findall(text)]


_POSSESSIVE_S = re.compile(r"['’]s?$")


def _country_evidence(text: str) -> list[tuple[str, str, int]]:
    """The country evidence a text gives, longest phrases first: ("group", ISO2, 2) for a group that
    fights in one country ("pro-Houthi fighters" -> Yemen), ("country", ISO2, 2 or 1) for a country's
    name or (weaker) another of its names or its demonym."""
    book = load_actor_book()
    written = words_of(text)
    words = [w.lower() for w in written]
    found: list[tuple[str, str, int]] = []
    i = 0
    while i < len(words):
        for n in (4, 3, 2, 1):
            key = " ".join(words[i : i + n])
            g = book.groups.get(key) if n > 1 or len(key) > 3 else None
            if g is None and n == 1:
                # "LNA", "GNA", "the PMF's": acronyms as written
                g = book.groups_cs.get(_POSSESSIVE_S.sub("", written[i]))
            if g is not None and g.get("home"):
                found.append(("group", g["home"], 2))
                i += n
                break
            iso = book.country_alias.get(key)
            if iso and not (key in ("us", "is") or key == "niger" and "nigeria" in words):
                found.append(("country", iso, 2 if key == book.countries[iso]["name"].lower() else 1))
                i += n
                break
        else:
            i += 1
    return found


def home_countries(text: str) -> Counter[str]:
    """Mentions of groups that fight in one country only ("LNA forces" -> Libya), by that country:
    what an analyst reads the country from when the text names no place a gazetteer knows."""
    return Counter(iso for kind, iso, _ in _country_evidence(text) if kind == "group")


def infer_country(text: str, hint: str | None = None) -> str | None:
    """The country a text is about.

    Evidence from the text: a country's name counts 2 ("in Syria"), a group fighting in one country
    counts 2 ("pro-Houthi fighters" -> Yemen), a demonym counts 1 ("Israeli airstrikes" is as often a
    foreign actor as the place). The hint (geoparse's country) wins unless the text gives it no
    evidence while naming another country strongly (2 or more): a place name read in the wrong
    country must not rename the actors. With no hint, the best-supported country, or None.
    """
    tally: Counter[str] = Counter()
    for _, iso, weight in _country_evidence(text):
        tally[iso] += weight
    if hint:
        hint = hint.upper()
        if not tally or tally[hint] > 0:
            return hint
        top, weight = tally.most_common(1)[0]
        return top if weight >= 2 else hint
    return tally.most_common(1)[0][0] if tally else None


def canonical_actor(text: str, country: str | None, on: date) -> Actor | None:
    """The canonical actor a noun phrase names, or None when it names no actor.

    Named groups win over generic words; a demonym beside a generic force word names that country's
    forces ("Turkish forces" -> Military Forces of Turkey), external (inter 8) when it is not the
    event's country.
    """
    book = load_actor_book()
    raw_words = words_of(text)
    words = [w.lower() for w in raw_words]
    if "number" in words:  # "an unknown number of young men": people, not unidentified gunmen
        words = [w for i, w in enumerate(words) if not (w == "unknown" and words[i + 1 : i + 2] == ["number"])]
    grams = _ngrams(words)
    for w in raw_words:
        g = book.groups_cs.get(w)
        if g is not None:
            return _group_actor(g, country, book, on)
    for _, _, gram in grams:
        g = book.groups.get(gram)
        if g is not None:
            return _group_actor(g, country, book, on)
    own = None
    for _, _, gram in grams:
        iso = book.country_alias.get(gram)
        if iso and gram not in ("is", "us"):
            own = iso
            break
    unit = None
    for scope in (own or country or "", "*"):
        table = book.units.get(scope, {})
        for _, _, gram in grams:
            if gram in table:
                unit = table[gram]
                break
        if unit:
            break
    # Every generic word of the phrase votes; armed classes outrank people words, so "a member of the
    # police" is police and "armed men" are unknown armed men, not civilians.
    found: set[str] = set()
    for _, _, gram in grams:
        for form in (gram, gram[:-1] if gram.endswith("s") else gram, gram[:-3] + "man" if gram.endswith("men") else gram):
            if form in book.generic:
                found.add(book.generic[form])
                break
    cls = next((c for c in _CLASS_PRIORITY if c in found), None)
    if unit and cls in (None, "military", "police"):
        cls = cls or "military"
    if cls is None:
        return None
    name_country = own or country
    cname = book.country_name(name_country) or (name_country or "")
    suffix = f" ({cname})" if cname else ""
    if cls in ("military", "police"):
        inter = 8 if own and country and own != country else 1
        return Actor(book.state_force(name_country, cls, on), inter, cls, unit, name_country)
    if cls == "unknown":
        return Actor(f"Unidentified Armed Group{suffix}", 3, cls, None, country)
    if cls == "gang":
        return Actor(f"Unidentified Gang{suffix}", 3, cls, None, country)
    if cls == "civilian":
        return Actor(f"Civilians{suffix}", 7, cls, None, country)
    if cls == "protester":
        return Actor(f"Protesters{suffix}", 6, cls, None, country)
    if cls == "rioter":
        return Actor(f"Rioters{suffix}", 5, cls, None, country)
    return None  # pronouns and other placeholders are resolved by the caller


def _group_actor(g: dict[str, Any], country: str | None, book: ActorBook, on: date) -> Actor:
    """A named group's actor; ``since`` lists later names a group took in ACLED's coding (the Houthis
    run Yemen's state forces from 2016: "Military Forces of Yemen (2016-) Supreme Political Council")."""
    for year, later, inter in g.get("since", []):
        if on.year >= year:
            return Actor(later, int(inter), "military" if int(inter) == 1 else "group", None, None)
    name = g["name"]
    if g.get("country_branch"):
        cname = book.country_name(country)
        if cname:
            name = f"{name} ({cname})"
    return Actor(name, int(g["inter"]), "group", None, None)


def default_actor(kind: str, country: str | None, on: date) -> Actor:
    """An implied actor: state forces for arrests and seizures, protesters for protests, ..."""
    book = load_actor_book()
    cname = book.country_name(country)
    suffix = f" ({cname})" if cname else ""
    if kind in ("military", "police"):
        return Actor(book.state_force(country, kind, on), 1, kind, None, country)
    table = {
        "unknown": ("Unidentified Armed Group", 3),
        "civilian": ("Civilians", 7),
        "protester": ("Protesters", 6),
        "rioter": ("Rioters", 5),
        "gang": ("Unidentified Gang", 3),
    }
    name, inter = table[kind]
    return Actor(name + suffix, inter, kind, None, country)
