"""Toponym resolution: every recognised place name resolved in the document's context.

Recognition (``recognise.py``) finds the names. Resolution runs three passes, as a reader does: settle
the document's country, then its province, then resolve every name in that context ("Saadiya" in a
Diyala article is the Saadiya in Diyala). Names written as containing others ("Village (District,
Province)", "Town, State") weigh most in the country vote and make the reading inside them win; a last
pass moves towns of a shared name to the one beside the document's other confidently placed towns.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from typing import Any

from marsad.events.actors import home_countries
from marsad.gazetteer.demonyms import demonym_code, demonym_country
from marsad.gazetteer.names import name_key, strip_generic
from marsad.model import GazetteerService, Place, Toponym, distance_km
from marsad.pipeline import Analysis, stage
from marsad.resources import Resources
from marsad.toponyms.recognise.abbreviations import joined_reading
from marsad.toponyms.recognise.entities import QUALIFIERS, Candidate, recognise
from marsad.toponyms.recognise.facilities import sites
from marsad.toponyms.recognise.person_places import person_towns, place_people
from marsad.toponyms.resolve.clusters import local_cluster, near, settle_cluster
from marsad.toponyms.resolve.containers import (
    _text_key,
    admin_key,
    inside_containers,
    variants_in_provinces,
)
from marsad.toponyms.resolve.name_forms import adds_words, whole_name
from marsad.toponyms.resolve.weights import WEIGHTS as W

__all__ = ["QUALIFIERS", "acceptable", "admin_key", "coherence", "geoparse", "link_areas", "recognise"]

# A lowercase word right after a country's name: used as a modifier ("US dollar", "Iraq envoy").
_MODIFIER_AFTER = re.compile(r"^[ -](?!(?:and|or|in|on|at|to|of|for|from|with|by|as|is|was|were|has|had|have|"
                             r"said|says|since|after|before|during|where|which|who|that|but)\b)[a-z]")
# An armed or official actor written with a demonym ("Turkish forces", "Saudi-led coalition airstrikes",
# "Russian reconnaissance drones"): such actors act abroad as often as at home, so the adjective says
# nothing of where the event is.
_ACTOR_AFTER = re.compile(
    r"(?i)^(?:-led|-backed|-based)?\s+(?:[\w-]+\s+){0,2}?(?:forces|force|army|armed|military|troops|soldiers|"
    r"navy|naval|air|aircraft|aircrafts|airstrikes?|air\s*strikes?|drones?|jets?|warplanes?|planes?|helicopters?|"
    r"convoys?|patrols?|artillery|missiles?|rockets?|coalition|government|authorities|officials?|security|"
    r"police|border|intelligence|militias?|fighters|gunboats?|ships?|vessels?|embassy|envoy|diplomats?)\b"
)


# A country's adjective before the kind of place a name is: "the Syrian town of Kafranbel", "the
# English city of Salisbury", "the Iraqi border town of Qaim".
_COUNTRY_BEFORE = re.compile(
    r"\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?:(?:border|coastal|frontier|port|northern|southern|eastern|western|"
    r"central|rebel-held|government-held)\s+)?(?:city|town|village|capital|port|province|region|governorate|"
    r"district|state|island|county|camp|hamlet|neighbou?rhood|suburb)\s+of\s+(?:the\s+)?$")


def _modifies(doc: Any, c: Candidate) -> bool:
    """Whether spaCy parsed the name as modifying the noun after it ("the US dollar", "the Syria
    envoy"), not as a noun of its own before another word ("crossed to Britain this year"). Without
    a parse, the lowercase word after it decides alone."""
    if doc is None:
        return True
    span = doc.char_span(c.start, c.end, alignment_mode="expand")
    return span is None or span.root.dep_ in {"compound", "amod", "nmod", "poss"}


_BACKED_AFTER = re.compile(r"[- ](?:backed|led|based|sponsored|supported|allied|aligned)\b")


def _subject(doc: Any, c: Candidate, text: str = "") -> bool:
    """Whether the name is an actor, not a place: a clause's subject ("Russia denies", "Turkey and
    Russia conducted a patrol"), the agent of a passive ("supported by Turkey"), or the backer of a
    group ("Turkey-backed factions")."""
    if _BACKED_AFTER.match(text, c.end):
        return True
    if doc is None:
        return False
    span = doc.char_span(c.start, c.end, alignment_mode="expand")
    if span is None:
        return False
    tok = span.root
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    return tok.dep_ in {"nsubj", "nsubjpass"} or (tok.dep_ == "pobj" and tok.head.dep_ == "agent")


def _country_code(words: str) -> str | None:
    """The country of an adjective: "South Korean", or "Syrian" in "The Syrian"."""
    return demonym_country(words) or demonym_country(words.split()[-1])


# A name before the kind of local thing it names ("the Fouad Chehab (al Nour) square",
# "Mahmoud Faqiyeh street"): the thing is in the story's town, so a reading abroad is some other place
# with that word for a name. (Roads are named after the towns they lead to, "the Halba highway", and
# schools and universities after their towns, "Springfield school", "Cambridge University".)
_FACILITY_AFTER = re.compile(
    r"\)?\s+(?:square|street|avenue|boulevard|mosque|church|palace)\b", re.I)


_CONTINENTS = {"EU": "Europe", "AF": "Africa", "AS": "Asia", "SA": "South America", "NA": "North America"}
# The gazetteer's own areas (not a town, a site or an imported natural feature).
_AREAS = frozenset({"continent", "country", "admin1", "admin2", "admin3", "feature"})


def _demonym_place(text: str, gazetteer: GazetteerService) -> Place | None:
    code = demonym_code(text)
    if code is None:
        return None
    if code.startswith("continent:"):
        name = _CONTINENTS.get(code.split(":", 1)[1])
        hits = gazetteer.lookup(name, limit=3, exact=True) if name else []
        return next((p for p in hits if p.level == "continent"), None)
    if code.startswith("place:"):  # "Kurdish": Kurdistan, "English": England (Marsad's own areas)
        hits = gazetteer.lookup(code.split(":", 1)[1], limit=3, exact=True)
        return next((p for p in hits if p.level in _AREAS), None)
    place: Place | None = gazetteer.country(code)
    return place


def _context_key(c: Candidate) -> str:
    """The key a name adds to the text's context: "Union City" (in California, New Jersey, ...) says
    nothing of a province called Union; "Oklahoma City" and "Tikrit city" do name their provinces."""
    own = _text_key(c)
    towns = [p for p in c.first_pass if p.feature_class == "P" and name_key(p.name) == name_key(c.text)]
    if whole_name(c.text, towns) and all(admin_key(p.admin1) != own for p in towns):
        return name_key(c.text)
    return own


# What may stand between a name and the area written after it: "Luvungi village (Uvira, Sud-Kivu)",
# "Harib district south of Marib city (Marib)", "Jalesar town, Etah (UP)", "Porto Alegre, Rio Grande".
_LINK_GAP = re.compile(r"^(?:\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3})?\s*(?:,\s*|\(\s*|\[[^\]]{0,40}\]\s*\(\s*)$")
# A name written as a town ("Tikrit city", "Karma town"), or as a small place ("Jameel area").
_TOWN_AFTER = re.compile(r"\s+(?:city|town|village)\b")
_PART_AFTER = re.compile(r"\s+(?:area|neighbou?rhood|quarter|suburb|hamlet)\b")
# "Allawi area of Baghdad city", "Rampur village of Sadar area": a part written as of a whole.
_PART_WORDS = r"(?:area|areas|neighbou?rhood|quarter|suburbs?|outskirts|district|sub-?district|village|town|city|part|county)"
_OF_GAP = re.compile(rf"^\s+(?:{_PART_WORDS}\s+)?of\s+(?:the\s+)?$")
_ENDS_PART = re.compile(rf"(?i)\b{_PART_WORDS}$")


def link_areas(cands: list[Candidate], text: str) -> None:
    """Mark which names the text writes as inside which: each name in a parenthesised list lies in
    the names after it ("(Village, District, Province)"), a name lies in a parenthesised list right
    after it, in a name that follows it after a comma ("Campinas, Sao Paulo", "Zuhur neighborhood,
    Mosul city"), and in the whole it is written as a part of ("Allawi area of Baghdad city")."""
    for i, c in enumerate(cands):
        if c.source == "demonym":
            continue  # "the Syrian town of Kafranbel": the adjective is no area Kafranbel is a part of
        prev = c
        for nxt in cands[i + 1 : i + 4]:
            if nxt.source == "demonym":
                break
            gap = text[prev.end : nxt.start]
            of_part = bool(_OF_GAP.match(gap)) and (not gap.strip().startswith("of") or bool(_ENDS_PART.search(prev.text)))
            if len(gap) > 40 or ")" in gap or not (of_part or _LINK_GAP.match(gap)):
                break
            if gap.strip() == "," and _listed_city(prev, nxt):
                break  # "Washington, New York and Boston": a list of cities, not Washington in New York
            if key := _text_key(nxt):
                c.within.add(key)
                # and the gazetteer's names of the area: "Zamora, Michoacan" is in "Michoacán de Ocampo"
                c.within.update(k for a in nxt.first_pass[:3] if a.feature_class == "A" and a.score >= W.area_name_score
                                and (k := admin_key(a.name)))
                nxt.container = True
                nxt.holds = nxt.holds or any(p.feature_class == "P" and admin_key(p.admin1) == key
                                             for p in c.first_pass[:3])
            prev = nxt


def _listed_city(c: Candidate, nxt: Candidate) -> bool:
    """Whether a comma after a name separates it from the next in a list: the name is a world city
    (the capital "Washington") none of whose namesakes lies in the area written after it."""
    plain = name_key(strip_generic(c.text)[0])
    cities = [p for p in c.first_pass if p.feature_class == "P" and name_key(p.name) == plain]
    if not cities or max(p.population for p in cities) < W.listed_city_people:
        return False
    # The area's names: as written, and the gazetteer's for it ("Ky." is Kentucky).
    keys = {_text_key(nxt)} | {admin_key(a.name) for a in nxt.first_pass if a.feature_class == "A"}
    return not any(keys & {admin_key(p.admin1), admin_key(p.admin2)} for p in cities)


def coherence(place: Place, own: str, context: set[str], within: set[str] | frozenset[str] = frozenset()) -> float:
    """How much the other names in the text support this place: its province or district is named
    too ("Campinas, Sao Paulo"), most of all when written as the area this name lies in
    ("Saabid village (Afgooye, Lower Shabelle)": a Saabid whose district is Afgooye)."""
    bonus = 0.0
    a1, a2 = admin_key(place.admin1), admin_key(place.admin2)
    if a1 and a1 != own:
        bonus += W.within_admin1 if a1 in within else W.named_admin1 if a1 in context else 0.0
    if a2 and a2 != own and a2 != a1:
        bonus += W.within_admin2 if a2 in within else W.named_admin2 if a2 in context else 0.0
    return bonus


def _vote_country(
    cands: list[Candidate], hint: str | None, context: set[str], actors: frozenset[int] = frozenset(),
    homes: Counter[str] | None = None, cluster: dict[str, Place] | None = None,
) -> str | None:
    """The document's country: every name votes for the countries it could be in, sharply weighted
    toward its best reading, so that an ambiguous name ("Tripoli") counts less than a clear one.
    A country's own name, areas written as containing a town ("X (District, Province)") and towns
    placed in them count most; spelling variants (no exact name) and demonyms ("Russian drones" in a
    Syria story) count little."""
    votes: dict[str, float] = {}
    if hint:
        votes[hint] = votes.get(hint, 0.0) + W.hint_vote
    for p in (cluster or {}).values():
        # Three or more names whose readings lie together: the story's area (``clusters.py``).
        votes[p.country or ""] = votes.get(p.country or "", 0.0) + W.cluster_vote
    for home, n in (homes or {}).items():
        # Groups that fight in one country ("Houthi", "LNA"): less than a place named, more than a
        # lone village's best guess abroad.
        votes[home] = votes.get(home, 0.0) + W.home_vote * min(n, W.home_vote_cap)
    # Spelling variants only break ties between exact names: alone, "Menagh" would put a Syrian
    # village in whatever country has a name that looks like it.
    # Alone, a variant counts only when it is a near spelling of its best reading's own name
    # ("Quamishli" for Al Qamishli), not of some alternate name of a town abroad.
    if not hint and not homes and all(c.fuzzy or c.modifier or id(c) in actors for c in cands):
        cands = [c for c in cands if c.fuzzy and _near_spelling(c)]
        if not cands:
            return None
    for c in cands:
        per: dict[str, float] = {}
        own = _text_key(c)
        for p in c.first_pass:
            if p.country is None or (c.country and p.country != c.country) or (c.around and p.country not in c.around):
                continue
            v = p.score + coherence(p, own, context, c.within)
            if c.container and p.feature_class == "A" and not c.town:
                v += W.container_area_vote
            elif c.town and p.feature_class == "P":
                v += W.town_word_vote  # "Zeitoun neighbourhood of Gaza city": the city
            if (c.source != "demonym" and not c.modifier and not c.within
                    and strip_generic(c.text)[1] in (None, "A")  # not "Benin City"
                    and p.level == "country"):
                # A country's own name, unless written inside another area ("Salvador, Bahia").
                v += W.country_name_vote
            per[p.country] = max(per.get(p.country, 0.0), v)
        if not per:
            continue
        if c.modifier or id(c) in actors or c.facility:
            continue  # "the US dollar", "Turkish forces shelled ...", "al Nour square": says nothing of where
        weight = {"gazetteer": W.gazetteer_only_weight, "demonym": W.demonym_weight}.get(c.source, 1.0)
        if c.fuzzy:
            if not _near_spelling(c):
                continue
            weight *= W.fuzzy_weight
        if c.container or c.within:
            weight *= W.container_weight
        top = max(per.values())
        shares = {cc: math.exp((v - top) / W.vote_temperature) for cc, v in per.items()}
        total = sum(shares.values())
        for cc, v in per.items():
            votes[cc] = votes.get(cc, 0.0) + weight * v * shares[cc] / total
    return max(votes, key=lambda k: votes[k]) if votes else None


def _is_country(p: Place) -> bool:
    return p.level == "country"


def _namesakes_here(cands: list[Candidate]) -> None:
    """A country's name that is also a state's or a town's beside the text's other places is that
    state or town: "Georgia" in a story whose Atlanta lies in the state of Georgia, "Lebanon" beside
    "Boone County" (the Lebanon that is its seat) or beside Myerstown (in Lebanon County), "Jordan"
    beside Shakopee (the Jordan 15 km away). The ties are the gazetteer's: the namesake's
    county is named in the text as an area, another place's best reading lies in a state or county of
    this name, or the namesake lies within 30 km of another place's best reading. Such a name is then read in
    the namesake's country only (as "the Syrian town of X" is read in Syria)."""
    others = [c for c in cands if c.source != "demonym" and not c.fuzzy and c.first_pass
              and not _is_country(c.first_pass[0])]
    if not others:
        return
    areas_named: set[str] = set()  # the areas the text names as areas ("Boone County", "Texas")
    inside: set[tuple[str | None, str]] = set()  # (country, area) that the other places lie in
    points: list[tuple[str | None, float, float]] = []
    for c in others:
        top = c.first_pass[0]
        if top.feature_class == "A" and (k := _text_key(c)):
            areas_named.add(k)
        for area in (top.admin1, top.admin2):
            if k := admin_key(area):
                inside.add((top.country, k))
        if top.feature_class == "P" and top.latitude is not None and top.longitude is not None:
            points.append((top.country, top.latitude, top.longitude))
    for c in cands:
        if c.source == "demonym" or c.country or not c.first_pass or not _is_country(c.first_pass[0]):
            continue
        own, plain = _text_key(c), name_key(strip_generic(c.text)[0])
        nation = c.first_pass[0].country
        for p in c.first_pass:
            if p.country in {None, nation} or _is_country(p) or name_key(p.name) != plain:
                continue
            # Its county named (a state named is too weak: "China" beside "Texas" is the country).
            tied = (p.country, own) in inside or (admin_key(p.admin2) not in {"", own}
                                                  and admin_key(p.admin2) in areas_named)
            if not tied and p.feature_class == "P" and p.latitude is not None and p.longitude is not None:
                tied = any(cc == p.country and distance_km(p.latitude, p.longitude, la, lo) <= W.namesake_km for cc, la, lo in points)
            if tied:
                c.country = p.country
                break


def _near_spelling(c: Candidate) -> bool:
    from rapidfuzz import fuzz

    if not c.first_pass:
        return False
    own = name_key(strip_generic(c.text)[0])
    return bool(fuzz.ratio(own, name_key(c.first_pass[0].name)) >= W.near_spelling)


_SHORT = re.compile(r"(?i)^(st|ste|mt|ft)\.?\s+")
_LONG = {"st": "Saint ", "ste": "Sainte ", "mt": "Mount ", "ft": "Fort "}


@lru_cache(maxsize=65_536)
def _own_key(name: str) -> str:
    """``name_key`` with a leading "St."/"Mt."/"Ft." written out: "St. Petersburg" is the city the
    gazetteer calls Saint Petersburg."""
    return name_key(_SHORT.sub(lambda m: _LONG[m.group(1).lower()], name))


def _resolve(
    cand: Candidate,
    gazetteer: GazetteerService,
    country: str | None,
    admin1: str | None,
    context: set[str],
    anchors: list[tuple[float, float]] | None = None,
    named: frozenset[str] = frozenset(),
    held: dict[tuple[str | None, str, str], set[str]] | None = None,
) -> Place | None:
    """The best reading of a name in the document's country and province, supported by the other
    names: the areas written around it, then (between readings in the country) nearness to the
    places the document already placed with confidence (a village named like a bigger one elsewhere).
    ``held``: the text keys of the names that have a reading in each (country, province, district), so that of two districts named alike the one that holds another
    name of the text is meant ("Henry County" beside Paris is Paris, Tennessee's county).
    A name the text places in a country itself ("the Syrian town of Kafranbel", "the English city of
    Salisbury") is read in that country. ``named``: other countries the text names, whose towns may be
    meant by their own names though smaller than a foreign town would have to be ("stuck in Samos" in
    an Iraqi's story that names Greece)."""
    exact = cand.source == "gazetteer"
    if cand.country and cand.country != country:
        country, admin1, exact = cand.country, None, False
    places = gazetteer.lookup(cand.text, country=country, admin1=admin1, limit=25, exact=exact)
    if not places:
        return None
    own = _text_key(cand)
    from rapidfuzz import fuzz

    bare, generic = strip_generic(cand.text)
    if whole_name(cand.text, places):
        bare, generic = cand.text, None  # "Falls Village", "Union City": the town word is part of the name
    plain = _own_key(bare)

    # A name written as the area around another is read as an area: no world city, and an area named
    # like a world city keeps its rank ("Tacoma, Washington" is the state), unless a big town of the
    # name is the seat of the province of that name ("Abu Salim (Tripoli)" is in Tripoli the city).
    cities = [p for p in places if p.feature_class == "P" and p.population >= W.big_container_people and admin_key(p.name) == own]
    area_first = cand.container and not cand.town and (not cities or (
        cand.holds and not any(admin_key(p.admin1) == own for p in cities)))

    # A world city read against small namesakes ("London" in an Ohio paper, "Berlin" beside a New
    # Hampshire village): the city is meant unless the text writes an area around the name. And a
    # large town beats a province of its very name that it is not the seat of ("Washington").
    towns = sorted((p for p in places if p.feature_class == "P"), key=lambda p: -p.population)
    world_city = towns[0] if (
        towns and not cand.within and not area_first and not generic and towns[0].population >= W.world_city_people
        and towns[0].country in {None, cand.country or towns[0].country}
        and _own_key(towns[0].name) == plain
        and all(t.population * W.world_city_margin <= towns[0].population for t in towns[1:]
                # A namesake in a third country is no rival: Boston, Lincolnshire in a US story; nor
                # is a town that has the name only as an alternate one.
                if t.country in {towns[0].country, country} and _own_key(t.name) == plain)) else None
    big_names = {(t.country, _own_key(t.name)) for t in towns if t.population >= W.world_city_people}
    whole = _own_key(cand.text)
    # Per country, how big a place of this very name is: a state or a country outweighs any town.
    own_named: dict[str | None, float] = {}
    for p in places:
        if _own_key(p.name) == plain and (p.feature_class == "P"
                                          or p.level in {"admin1", "country"}):  # not a county ("Kanawha City" is Charleston)
            size = math.inf if p.feature_class != "P" else p.population
            own_named[p.country] = max(own_named.get(p.country, 0.0), size)
    # "Kansas City, Kan.": a town whose whole name holds a generic word is no namesake of the province
    # written after it, which supports it like any other's.
    # (The name's own key stays out of its context: "Union City" does not support Union County.)
    whole_own, around = own, context
    if generic and any(_own_key(p.name) == whole for p in places):
        whole_own, around = "=" + whole, context - {own}
    biggest: dict[str | None, int] = {}  # per country, the biggest town that has this very name
    for t in towns:
        if _own_key(t.name) == plain:
            biggest[t.country] = max(biggest.get(t.country, 0), t.population)
    homonym_country = any(p.level == "country" and p.country != country
                          and _own_key(p.name) == plain for p in places)

    def rank(p: Place) -> float:
        s = p.score + coherence(p, whole_own, around, cand.within)
        if (held and generic and p.feature_class == "A" and p.level == "admin2"
                and held.get((p.country, admin_key(p.admin1), own), set()) - {own}):
            s += W.held_bonus  # a district that holds another place the text names
        if area_first and p.feature_class == "A":
            s += W.area_first_bonus  # a name written as the area around another is read as an area
        if world_city is not None and p is world_city:
            s += W.world_city_bonus
        elif (p.feature_class == "P" and not cand.fuzzy and (p.population < W.village_people or (
                own_named.get(p.country, -1.0) >= p.population and admin_key(p.admin1) != own))
              and (fuzz.ratio(_own_key(p.name), plain) < W.alias_ratio or (adds_words(p.name, bare) and p.population < W.world_city_people)) and _own_key(p.name) != whole):
            # A village that has the name only as one of its alternate names; or any town, when a
            # state or a bigger town in its country has it as its own name ("Florida" the state, not
            # Valle Vista; but a province's seat known by its name stays, "Santa Cruz de la Sierra").
            s -= W.alias_village_penalty if p.population < W.village_people else W.alias_town_penalty
        elif (country and p.country != country and p.feature_class == "P" and not cand.fuzzy
              and (fuzz.ratio(_own_key(p.name), plain) < W.alias_ratio or (adds_words(p.name, bare) and p.population < W.world_city_people))):
            s -= W.abroad_alias_penalty  # abroad, a town by an old or foreign name ("Salisbury" for Harare)
        if (p.feature_class == "A" and not area_first and not generic and (p.country, _own_key(p.name)) in big_names
                and not p.level == "country"):
            s -= W.big_town_area_penalty
        if named and country and p.country != country and p.country in named and _own_key(p.name) == plain:
            s += W.named_country_bonus  # "Samos" in a story that names Greece: the Greek Samos, not the Spanish one
        if (homonym_country and country and p.country == country and _own_key(p.name) == plain
                and p.level == "admin1"):
            s += W.homonym_state_bonus  # "Georgia" in a US story is the state, not the country
        elif (homonym_country and p.feature_class == "P" and not cand.within and _own_key(p.name) == plain
              and not near(p, anchors, W.homonym_town_km)):
            s -= W.homonym_town_penalty  # "Greece", "Poland" in a US story are the countries, not the towns in New York or Ohio
        if (anchors and p.latitude is not None and p.longitude is not None
                and (p.feature_class != "A" or p.level == "admin2")):
            d = min(distance_km(p.latitude, p.longitude, la, lo) for la, lo in anchors)
            if (d < W.same_point_km and p.population < W.village_people and fuzz.ratio(_own_key(p.name), plain) < W.alias_ratio
                    and _own_key(p.name) != whole):
                s -= W.same_point_penalty  # a village the text names by its own name: another name is another place
            elif d <= W.near_km or (d <= W.nearish_km and biggest.get(p.country, 0) < W.nearish_ratio * max(p.population, W.nearish_floor)):
                # (a village a county or two away from the others is no match for a city fifty times
                # its size of that name: "Washington" in a story that names New York and Boston)
                s += W.near_bonus if d <= W.near_km else W.nearish_bonus
        return s

    ranked = sorted(((rank(p), i, p) for i, p in enumerate(places)), key=lambda x: (-x[0], x[1]))
    score, _, top = ranked[0]
    top = replace(top, score=round(min(1.0, score), 4))
    if (country and top.country != country and top.country in named and not exact and not cand.fuzzy
            and top.feature_class == "P" and _own_key(top.name) == plain and top.score >= W.abroad_own_name):
        return top  # a town by its own name in another country the text names
    if (country and top.country != country and not exact and not cand.fuzzy and top.feature_class == "P"
            and _own_key(top.name) == plain and admin_key(top.admin1) in cand.within and top.score >= W.abroad_own_name):
        return top  # "of Huntsville, Texas" in a story from Iraq: the town in the state written around it
    if not acceptable(top, country) or (exact and country and top.country != country):
        return None
    if cand.country and top.country != cand.country:
        return None
    if (cand.facility and country and top.country != country and top.feature_class == "P"
            and top.population < W.facility_city_people):
        return None  # "al Nour square" in a Lebanese town is not Nur in Iran
    if cand.fuzzy and top.country != country and admin_key(top.name) != own and not _near_spelling(cand):
        return None  # a loose variant of a name abroad ("Garabulli" as Garoua Boulai): no reading
    return top


def _plain_reading(cand: Candidate, place: Place) -> bool:
    """Whether a gazetteer reading is what a bare capitalised word most likely names: the place's own
    name (not one of its many alternate names), an admin area, or a sizeable town."""
    if place.feature_class == "A" or place.population >= W.plain_town_people:
        return True
    return name_key(place.name) == name_key(strip_generic(cand.text)[0])


def acceptable(place: Place, country: str | None) -> bool:
    """Whether a ranked candidate is good enough to use: in the document's country, an exact name (or
    a spelling variant that the province or a large population supports); abroad, only well-known
    places; with no country known, an exact name."""
    if country is None:
        return place.score >= W.accept_no_country
    if place.country == country:
        return place.score >= W.accept_home
    # Abroad: an exact name of a country, province, continent, world region or sea, or a large town
    # ("London" in a Syria story, "the Indian Ocean" in any).
    return place.score >= W.accept_abroad and (place.population >= W.abroad_people or place.feature_class in {"A", "L"}
                                   or place.level == "feature")


@stage("geoparse", requires=("doc",), produces=("toponyms", "country", "admin1"), version="3")
def geoparse(analysis: Analysis, resources: Resources) -> Analysis:
    """Fill ``analysis.toponyms`` (with resolved places) and the document's ``country``/``admin1``."""
    gazetteer = resources.gazetteer
    settings_hint = getattr(resources.settings, "default_country", None) if resources.settings else None
    hint = resources.country_hint or settings_hint
    cands = recognise(analysis, gazetteer)
    people = person_towns(analysis.doc, analysis.document.text, gazetteer, [(c.start, c.end) for c in cands])
    if gazetteer is None:
        analysis.toponyms = [Toponym(c.text, c.start, c.end, None, c.qualifier) for c in cands]
        analysis.country = analysis.country or hint
        return analysis
    for c in cands:
        if c.source == "demonym":
            area = _demonym_place(c.text, gazetteer)
            c.first_pass = [replace(area, score=W.demonym_score)] if area is not None else []
            continue
        if c.reads:  # "Washington, D.C.": the place the whole name stands for
            c.first_pass = joined_reading(c.reads, c.country, gazetteer)
            continue
        c.first_pass = gazetteer.lookup(c.text, limit=25, exact=True)
        if not c.first_pass and c.source != "gazetteer":
            c.first_pass = gazetteer.lookup(c.text, limit=25)
            c.fuzzy = bool(c.first_pass)
    link_areas(cands, analysis.document.text)
    # The countries each area written around a name could be in: a name inside "(Tripoli)" is in Libya
    # or Lebanon, so its readings elsewhere ("As Sabaa" as Sabah, Malaysia) are not meant.
    around: dict[str, set[str]] = {}
    for c in cands:
        if c.container and c.first_pass:
            around.setdefault(_text_key(c), set()).update(p.country for p in c.first_pass if p.country)
    for c in cands:
        c.around = frozenset().union(*(around[k] for k in c.within if k in around))
    text = analysis.document.text
    for c in cands:
        c.town = bool(_TOWN_AFTER.match(text, c.end))
        c.part = c.town or bool(_PART_AFTER.match(text, c.end))
        if c.source != "demonym" and (m := _COUNTRY_BEFORE.search(text, max(0, c.start - 60), c.start)):
            c.country = _country_code(m.group(1))
        c.facility = bool(_FACILITY_AFTER.match(text, c.end))
    subjects: set[int] = set()
    for c in cands:
        if c.first_pass and c.first_pass[0].level == "country":
            if _subject(analysis.doc, c, text):
                subjects.add(id(c))  # "Turkey fired on Qamishli": the state acts, the place is elsewhere
            else:
                c.modifier = bool(_MODIFIER_AFTER.match(text[c.end : c.end + 20])) and _modifies(analysis.doc, c)
    _namesakes_here(cands)
    actors = frozenset(subjects | {id(c) for c in cands
                                   if c.source == "demonym" and _ACTOR_AFTER.match(text[c.end : c.end + 60])})
    # A name spaCy did not tag that is only an alternate name of a hamlet ("Taliban" is also a
    # village's alias) neither votes nor stays.
    cands = [c for c in cands if c.source != "gazetteer" or any(_plain_reading(c, p) for p in c.first_pass)]
    context = {k for c in cands if (k := _context_key(c))}
    cluster = local_cluster(cands, gazetteer, actors)
    country = _vote_country(cands, hint, context, actors, home_countries(text), cluster)
    held: dict[tuple[str | None, str, str], set[str]] = {}
    for c in cands:
        if c.source in {"ner", "gazetteer"} and not c.fuzzy and (own := _text_key(c)):
            plain = name_key(strip_generic(c.text)[0])
            for p in c.first_pass:
                if p.feature_class == "P" and p.admin2 and name_key(p.name) == plain:
                    held.setdefault((p.country, admin_key(p.admin1), admin_key(p.admin2)), set()).add(own)
    # Gazetteer-only matches must agree with the document's country (precision over recall).
    # A name spaCy did not tag must be a place's own name, an area or a town, not an alternate name
    # of a hamlet ("Taliban" is also a village's alias).
    cands = [
        c for c in cands
        if c.source != "gazetteer"
        or any(_plain_reading(c, p) and p.country in {country, c.country} for p in c.first_pass) or (
            country is None and c.first_pass and c.first_pass[0].score >= W.gazetteer_only_score and _plain_reading(c, c.first_pass[0]))
    ]
    admin_votes: dict[str, float] = {}
    for c in cands:
        if c.source == "demonym":
            continue
        place = _resolve(c, gazetteer, country, None, context, held=held)
        if place is None or place.country != country or not place.admin1:
            continue
        w = W.admin_vote_area if place.feature_class == "A" else 1.0
        admin_votes[place.admin1] = admin_votes.get(place.admin1, 0.0) + w * (W.admin_vote_container if c.container or c.within else 1.0)
    admin1 = max(admin_votes, key=lambda k: admin_votes[k]) if admin_votes else None
    # Only a province that most names lie in ranks readings there first; a story spread over several
    # (Kansas towns, a Kane County, Illinois and a Colorado county) names each town's on its own.
    lead = admin1 if admin1 and admin_votes[admin1] >= W.admin_lead_share * sum(admin_votes.values()) else None
    # Countries the text names by name (not as a modifier, "the US dollar"), besides its own.
    named = frozenset(c.first_pass[0].country for c in cands if c.first_pass and not c.modifier
                      and c.source != "demonym" and c.first_pass[0].country
                      and c.first_pass[0].level == "country") - {country}
    resolved: list[tuple[Candidate, Place | None]] = []
    for c in cands:
        if c.source == "demonym" or c.reads:
            resolved.append((c, replace(c.first_pass[0], score=1.0) if c.first_pass else None))
            continue
        resolved.append((c, _resolve(c, gazetteer, country, lead, context, named=named, held=held)))
    resolved = settle_cluster(resolved, cluster)
    resolved = settle_cluster(_by_neighbours(resolved, gazetteer, country, lead, context, held), cluster)
    resolved, outside = inside_containers(resolved, country, gazetteer)
    resolved = variants_in_provinces(resolved, outside, gazetteer, country)
    if people:  # towns the model called people, where the places named around them say so
        placed = place_people(people, resolved, gazetteer, country, text, admin1)
        subjects |= {id(c) for c, _ in placed if _subject(analysis.doc, c, text)}  # "Tbilisi says"
        resolved = sorted([*resolved, *placed], key=lambda x: x[0].start)
    toponyms = []
    for c, place in resolved:
        if c.reads:  # "Washington, D.C.": the whole name's reading, whatever its neighbours say
            place = replace(c.first_pass[0], score=1.0) if c.first_pass else None
        if place is None and (c.source in {"gazetteer", "demonym"} or c.reads):
            continue
        kind = ("demonym" if c.source == "demonym" else "modifier" if c.modifier
                else "actor" if id(c) in subjects else "outside" if id(c) in outside else "name")
        toponyms.append(Toponym(c.text, c.start, c.end, place, c.qualifier, kind))
    toponyms = sorted(toponyms + sites(text, analysis.doc, toponyms), key=lambda t: t.start)
    analysis.toponyms = toponyms
    analysis.country = country
    analysis.admin1 = admin1
    return analysis


def _by_neighbours(
    resolved: list[tuple[Candidate, Place | None]],
    gazetteer: GazetteerService,
    country: str | None,
    admin1: str | None,
    context: set[str],
    held: dict[tuple[str | None, str, str], set[str]] | None = None,
) -> list[tuple[Candidate, Place | None]]:
    """Re-resolve towns near the document's other confidently placed towns: of two villages named
    alike, the one beside the others the text names is meant, not the most populous one."""
    points = [
        (_text_key(c), p.latitude, p.longitude)
        for c, p in resolved
        if p is not None and p.latitude is not None and p.longitude is not None and p.country == country
        and p.score >= W.anchor_score and c.source != "demonym" and not p.level == "country"
    ]
    if not points:
        return resolved
    out = []
    for c, p in resolved:
        # A name left unresolved may have a reading beside the others ("Lebanon" read in the US only
        # because of the towns around it: Lebanon, Pennsylvania beside Myerstown).
        if c.source != "demonym" and (
                (p is None and c.first_pass) or (p is not None and p.country == country and (
                    p.feature_class != "A" or p.level == "admin2"))
                # and a world city abroad, whose namesake may lie beside them ("Alexandria" by Washington)
                or (p is not None and p.country != country and p.feature_class == "P" and not c.country)):
            own = _text_key(c)
            anchors = [(la, lo) for k, la, lo in points if k != own]
            if anchors:
                local = _resolve(c, gazetteer, country, admin1, context, anchors, held=held)
                # A world city stays unless a namesake lies right beside the others, and no other place
                # the text names is in its country ("trips to Cairo and Alexandria" from Washington).
                if p is None or p.country == country or (
                        local is not None and near(local, anchors, W.anchor_km)
                        and not any(q is not None and q.country == p.country for d, q in resolved if _text_key(d) != own)):
                    p = local or p
        out.append((c, p))
    return out
