"""Toponym recognition and resolution: place names in the text, with offsets, resolved in context.

Recognition takes spaCy's GPE/LOC/FAC entities and adds capitalised names spaCy missed or mislabelled
("al-Azim" as an organisation) when the gazetteer knows them exactly. Precision is kept by skipping
names inside organisation-like phrases ("Islamic State of Iraq and Syria"), person names, acronyms,
dates and common words. Resolution runs three passes, as a reader does: settle the document's
country, then its province, then resolve every name in that context ("Saadiya" in a Diyala article
is the Saadiya in Diyala). Names written as containing others ("Village (District, Province)",
"Town, State") weigh most in the country vote and make the reading inside them win; a last pass moves
towns of a shared name to the one beside the document's other confidently placed towns.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import Any

from marsad.gazetteer.demonyms import demonym_code
from marsad.gazetteer.names import GENERIC_WORDS, clean_admin_name, name_key, skeleton, strip_generic
from marsad.model import Place, Toponym
from marsad.pipeline import Analysis, Resources, stage

PLACE_LABELS = {"GPE", "LOC", "FAC"}
BLOCK_LABELS = {"PERSON", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL", "NORP", "LAW",
                "WORK_OF_ART", "EVENT", "LANGUAGE", "PRODUCT"}
# Words that make a capitalised phrase an organisation, a force or a title, not a place.
ORG_WORDS = frozenset(
    """state army forces force front party movement council ministry ministries service services brigade
    brigades battalion unit units group organization organisation committee police command coalition
    university company corporation agency authority court government news times post press bank
    commission mission office network tribune union league alliance guard guards militia militias
    federation association institute center centre hospital airways airlines embassy division corps
    operations intelligence directorate foundation society fund programme program school schools college
    academy church club museum library elementary stadium hotel restaurant inc llc corp""".split()
)
COMMON_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december the a an this that these those he she it they we i you his her
    their its our there here president minister general colonel major captain commander spokesman sheikh
    mr mrs ms dr lieutenant sergeant governor mayor prime king prince emir imam police army islamic
    christian muslim sunni shia shiite kurdish arab arabic english western eastern northern southern
    central north south east west security official officials sources source local breaking update
    reuters afp ap recent tip""".split()
)
# Qualifiers written before a place name, longest first; they lower the geo precision of events.
QUALIFIERS: tuple[str, ...] = tuple(
    sorted(
        """on the outskirts of|the outskirts of|outskirts of|in the vicinity of|the vicinity of|vicinity of|
        in the countryside of|the countryside of|countryside of|rural|near|nearby|close to|around|outside of|
        outside|north of|south of|east of|west of|northeast of|northwest of|southeast of|southwest of|
        north-east of|north-west of|south-east of|south-west of|northern|southern|eastern|western|central|
        northeastern|northwestern|southeastern|southwestern|north-eastern|north-western|south-eastern|
        south-western|the north of|the south of|the east of|the west of|east|west|north|south""".replace(
            "\n", ""
        ).split("|"),
        key=len,
        reverse=True,
    )
)
_QUALIFIER_RE = re.compile(r"(?:^|\W)(" + "|".join(re.escape(q.strip()) for q in QUALIFIERS) + r")\s+(?:the\s+)?$", re.I)
# "Al Hudaydah", "al-Azim"; but lowercase "at"/"as"/"an" before a space are English words.
_ARTICLE = r"(?:(?:Al|El|Ad|As|An|Ar|At|Az|Ash|Adh|Ath)[-‐ ]|(?:al|el|ad|as|an|ar|at|az|ash|adh|ath)[-‐])"
_WORD = r"[A-Z][\w'’‘ʿʾ`]*(?:-[A-Za-z][\w'’‘ʿʾ`]*)*"
_NAME = rf"(?:{_ARTICLE})?{_WORD}"
# A capitalised phrase: names joined by spaces or by "of"/"and"/"al-" connectors, plus a generic word.
_PHRASE_RE = re.compile(
    rf"(?<![\w-])(?:{_ARTICLE})?{_WORD}(?:(?:\s+|\s+(?:of|and|the|de|del|la|le)\s+){_NAME})*"
    rf"(?:\s+(?:{'|'.join(GENERIC_WORDS)})\b)?"
)
_GENERIC_RE = re.compile(
    rf"(?<![\w-])((?:{_ARTICLE})?{_WORD}(?:\s+{_NAME})?)\s+(?:{'|'.join(w for w in GENERIC_WORDS if w not in {'state', 'city', 'town', 'village', 'region', 'mount', 'mt', 'nahr', 'jabal', 'jebel', 'wadi', 'muhafazat', 'wilayat'})})\b"
)
_TOKEN_RE = re.compile(rf"{_NAME}|\b(?:{'|'.join(GENERIC_WORDS)})\b")


@dataclass
class _Candidate:
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


def qualifier_before(text: str, start: int) -> str | None:
    """The qualifier written right before a name ("near", "northern", "outskirts of"), lowercased."""
    window = text[max(0, start - 40) : start]
    m = _QUALIFIER_RE.search(window)
    return " ".join(m.group(1).lower().split()) if m else None


def _is_blocked(words: list[str], person_keys: set[str], acronyms: bool = True) -> bool:
    lowered = [w.lower().strip("'’") for w in words]
    if all(w in COMMON_WORDS for w in lowered):
        return True
    if acronyms and len(words) == 1 and (words[0].isupper() and len(words[0]) > 1):  # ISIS, CTS, UN
        return True
    return name_key(" ".join(words)) in person_keys


_LOCATIVE_BEFORE = re.compile(
    r"(?:\b(?:in|at|near|outside|around|towards?|into)\s+(?:the\s+)?|"
    r"\b(?:town|city|village|villages|area|district|province|region|neighbou?rhood|outskirts|vicinity|"
    r"countryside|suburbs?)\s+of\s+)$"
)
_LOCATIVE_AFTER = re.compile(
    r"^(?:\s+(?:city|town|village|district|province|region|governorate|area|camp|neighbou?rhood)\b|\s*\((?!\d))"
)
# A lowercase word right after a country's name: used as a modifier ("US dollar", "Iraq envoy").
_MODIFIER_AFTER = re.compile(r"^[ -](?!(?:and|or|in|on|at|to|of|for|from|with|by|as|is|was|were|has|had|have|"
                             r"said|says|since|after|before|during|where|which|who|that|but)\b)[a-z]")
# An Arabic article the small model leaves out of an entity ("Ad [Dali]", "Al [Farnaj]").
_ARTICLE_BEFORE = re.compile(r"(?<![\w-])(?:Al|El|Ad|As|An|Ar|At|Az|Ash|Adh|Ath)[- ]$")
_TITLE_BEFORE = re.compile(r"(?i)\b(?:mr|mrs|ms|dr|president|minister|general|colonel|commander|sheikh|leader|"
                           r"spokesman|spokesperson|said|told|by)\.?\s+$")


def _locative(text: str, start: int, end: int) -> bool:
    """Whether a name stands where places stand: after a locative preposition or "town of", or right
    before a generic word or a parenthesised "(District, Province)"; never after a title."""
    before = text[max(0, start - 40) : start]
    if _TITLE_BEFORE.search(before):
        return False
    prev = before.rstrip()[-1:] if before.strip() else ""
    if prev in {"(", ","}:
        # Inside a parenthesised list of areas: "(Logobou, Tapoa)".
        open_at = text.rfind("(", max(0, start - 60), start)
        return open_at != -1 and ")" not in text[open_at:start] and ")" in text[end : end + 60]
    return bool(_LOCATIVE_BEFORE.search(before[-30:]) or _LOCATIVE_AFTER.match(text[end : end + 20]))


def _spans(
    doc: Any, text: str
) -> tuple[list[_Candidate], list[tuple[int, int]], set[str], list[tuple[int, int]]]:
    """spaCy's place entities, the spans where no place may be (people, dates, ...), person keys, and
    the other organisation entities (a known name may be one, "al-Azim", but not part of one: "the
    White House", "Lincoln High")."""
    ner: list[_Candidate] = []
    blocked: list[tuple[int, int]] = []
    person_keys: set[str] = set()
    orgs: list[tuple[int, int, str]] = []
    inner: list[tuple[int, int]] = []  # organisations a known name may be all of, never a part of
    if doc is None:
        return ner, blocked, person_keys, inner
    for ent in doc.ents:
        art = _ARTICLE_BEFORE.search(text[max(0, ent.start_char - 5) : ent.start_char])
        art_start = ent.start_char - len(art.group(0)) if art else ent.start_char
        if ent.label_ in PLACE_LABELS:
            start, end, etext = art_start, ent.end_char, text[art_start : ent.end_char]
            lead = re.match(r"(?i)the\s+", etext)
            if lead:
                start += lead.end()
            nxt = re.match(r"\s+(\w+)", text[end : end + 20])
            if nxt and nxt.group(1).lower() in GENERIC_WORDS and nxt.group(1).lower() not in {"state", "city"}:
                end += nxt.end()
            ner.append(_Candidate(text[start:end], start, end, "ner"))
        elif ent.label_ == "ORG":
            orgs.append((ent.start_char, ent.end_char, ent.text))
        elif ent.label_ == "PERSON" and _locative(text, art_start, ent.end_char):
            # The small model calls unfamiliar village names people ("in Fleifel", "Banfora (Banfora,
            # Comoe)"); after "in"/"near"/"town of", or before "(District, Province)", it is a place.
            ner.append(_Candidate(text[art_start : ent.end_char], art_start, ent.end_char, "ner"))
        elif ent.label_ in BLOCK_LABELS:
            blocked.append((ent.start_char, ent.end_char))
            if ent.label_ == "PERSON":
                person_keys.add(name_key(ent.text))
                person_keys.update(name_key(w) for w in ent.text.split()[1:])
    # An organisation entity may still be a place (spaCy labels "al-Azim" ORG); the gazetteer scan
    # decides, but never for acronyms or names with organisation words.
    for s, e, t in orgs:
        words = t.split()
        if t.isupper() or any(w.lower() in ORG_WORDS for w in words) or len(words) > 3:
            blocked.append((s, e))
        else:
            lead = re.match(r"(?i)the\s+", t)
            inner.append((s + (lead.end() if lead else 0), e))
    return ner, blocked, person_keys, inner


def _entity_places(doc: Any, text: str, gazetteer: Any) -> list[_Candidate]:
    """Places inside other entities: demonyms ("Russian diplomats" refer to Russia), a country named
    in an organisation's name ("Pakistan Army"), and a country or province the small model calls a
    person ("Tamil Nadu said")."""
    out: list[_Candidate] = []
    for ent in doc.ents:
        if ent.label_ == "NORP" or (ent.label_ in {"ORG", "PERSON"} and len(ent) <= 2):
            start, etext = ent.start_char, ent.text
            lead = re.match(r"(?i)the\s+", etext)
            if lead:
                start, etext = start + lead.end(), etext[lead.end() :]
            if demonym_code(etext):
                out.append(_Candidate(etext, start, start + len(etext), "demonym"))
                continue
        if ent.label_ == "PERSON":
            top = gazetteer.lookup(ent.text, limit=1, exact=True)
            if top and (top[0].gazetteer_id or "").startswith(("marsad:country:", "marsad:admin1:")) and len(ent) > 1:
                out.append(_Candidate(ent.text, ent.start_char, ent.end_char, "ner"))
        elif ent.label_ in {"ORG", "FAC"} and len(ent) > 1:
            # Only a leading country name is a modifier that names a place ("Pakistan Army"); one
            # inside a name is part of the name ("Islamic State of Iraq and Syria").
            tok = ent[1] if ent[0].lower_ == "the" and len(ent) > 2 else ent[0]
            if tok.is_title and len(tok.text) > 3 and gazetteer.country_of(tok.text):
                out.append(_Candidate(tok.text, tok.idx, tok.idx + len(tok.text), "ner"))
    return out


def recognise(analysis: Analysis, gazetteer: Any) -> list[_Candidate]:
    """Candidate toponyms: spaCy's place entities, then gazetteer-known capitalised phrases."""
    text = analysis.document.text
    ner, blocked, person_keys, inner = _spans(analysis.doc, text)
    taken: list[tuple[int, int]] = []
    out: list[_Candidate] = []

    def overlaps(s: int, e: int, spans: list[tuple[int, int]]) -> bool:
        return any(s < be and bs < e for bs, be in spans)

    phrases = list(_PHRASE_RE.finditer(text))
    org_phrases = [
        (m.start(), m.end())
        for m in phrases
        if any(w.lower() in ORG_WORDS for w in re.findall(r"[A-Za-z]+", m.group(0)))
        and len(m.group(0).split()) > 1
    ]
    for cand in ner:
        if overlaps(cand.start, cand.end, org_phrases) or _is_blocked(cand.text.split(), person_keys, False):
            continue
        out.append(cand)
        taken.append((cand.start, cand.end))
    if gazetteer is not None and analysis.doc is not None:
        for cand in _entity_places(analysis.doc, text, gazetteer):
            if not overlaps(cand.start, cand.end, taken):
                out.append(cand)
                taken.append((cand.start, cand.end))
    if gazetteer is not None:
        for m in phrases:
            if overlaps(m.start(), m.end(), org_phrases):
                continue
            toks = [(t.start() + m.start(), t.end() + m.start()) for t in _TOKEN_RE.finditer(m.group(0))]
            i = 0
            while i < len(toks):
                found = False
                for j in range(min(len(toks), i + 4), i, -1):
                    s, e = toks[i][0], toks[j - 1][1]
                    words = text[s:e].split()
                    if text[s].islower() and not re.match(_ARTICLE, text[s:e]):
                        break
                    if overlaps(s, e, taken) or overlaps(s, e, blocked) or _is_blocked(words, person_keys):
                        continue
                    if any(os_ <= s and e <= oe and (os_, oe) != (s, e)
                           and not (os_ == s and _locative(text, os_, oe)) for os_, oe in inner):
                        continue
                    base, _ = strip_generic(text[s:e])
                    if len(name_key(base)) >= 3 and gazetteer.has_key(name_key(base)):
                        if j - i == 1 and not _proper_noun(analysis.doc, s, e):
                            continue
                        out.append(_Candidate(text[s:e], s, e, "gazetteer"))
                        taken.append((s, e))
                        i, found = j, True
                        break
                if not found:
                    i += 1
    # "Hamreen basin", "Nareen River", "Anbar province": a name with a geographic word is a place even
    # when neither spaCy nor the gazetteer knows it (it stays unresolved unless a lookup finds it).
    for m in _GENERIC_RE.finditer(text):
        s, e = m.start(), m.end()
        if overlaps(s, e, taken) or overlaps(s, e, blocked) or overlaps(s, e, org_phrases):
            continue
        if _is_blocked(m.group(1).split(), person_keys):
            continue
        out.append(_Candidate(text[s:e], s, e, "pattern"))
        taken.append((s, e))
    for cand in out:
        cand.qualifier = qualifier_before(text, cand.start)
    return sorted(out, key=lambda c: c.start)


def _proper_noun(doc: Any, start: int, end: int) -> bool:
    """A single capitalised word counts as a name only where spaCy tags it a proper noun."""
    if doc is None:
        return True
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(t.pos_ == "PROPN" for t in span)


_CONTINENTS = {"EU": "Europe", "AF": "Africa", "AS": "Asia", "SA": "South America", "NA": "North America"}


def _demonym_place(text: str, gazetteer: Any) -> Place | None:
    code = demonym_code(text)
    if code is None:
        return None
    if code.startswith("continent:"):
        name = _CONTINENTS.get(code.split(":", 1)[1])
        hits = gazetteer.lookup(name, limit=3, exact=True) if name else []
        return next((p for p in hits if (p.gazetteer_id or "").startswith("marsad:continent:")), None)
    place: Place | None = gazetteer.country(code)
    return place


def _admin_key(name: str | None) -> str:
    """A comparable key of an admin area's name ("Idleb" and "Idlib" alike: the consonant skeleton)."""
    if not name:
        return ""
    key = name_key(clean_admin_name(strip_generic(name)[0]))
    return skeleton(key) if len(key) >= 4 else key


def _text_key(c: _Candidate) -> str:
    return _admin_key(c.text)


# What may stand between a name and the area written after it: "Kamonyi village (Uvira, Sud-Kivu)",
# "Sirwah district west of Marib city (Marib)", "Jalesar town, Etah (UP)", "Porto Alegre, Rio Grande".
_LINK_GAP = re.compile(r"^(?:\s+(?:[a-z][\w-]*\s+){0,4}?)?\s*(?:,\s*|\(\s*|\[[^\]]{0,40}\]\s*\(\s*)$")


def link_areas(cands: list[_Candidate], text: str) -> None:
    """Mark which names the text writes as inside which: each name in a parenthesised list lies in
    the names after it ("(Village, District, Province)"), a name lies in a parenthesised list right
    after it, and in a name that follows it after a comma ("Campinas, Sao Paulo")."""
    for i, c in enumerate(cands):
        prev = c
        for nxt in cands[i + 1 : i + 4]:
            gap = text[prev.end : nxt.start]
            if len(gap) > 40 or not _LINK_GAP.match(gap) or ")" in gap:
                break
            if key := _text_key(nxt):
                c.within.add(key)
                nxt.container = True
            prev = nxt


def coherence(place: Place, own: str, context: set[str], within: set[str] | frozenset[str] = frozenset()) -> float:
    """How much the other names in the text support this place: its province or district is named
    too ("Campinas, Sao Paulo"), most of all when written as the area this name lies in
    ("Saabid village (Afgooye, Lower Shabelle)": a Saabid whose district is Afgooye)."""
    bonus = 0.0
    a1, a2 = _admin_key(place.admin1), _admin_key(place.admin2)
    if a1 and a1 != own:
        bonus += 0.35 if a1 in within else 0.15 if a1 in context else 0.0
    if a2 and a2 != own and a2 != a1:
        bonus += 0.25 if a2 in within else 0.1 if a2 in context else 0.0
    return bonus


def _vote_country(cands: list[_Candidate], hint: str | None, context: set[str]) -> str | None:
    """The document's country: every name votes for the countries it could be in, sharply weighted
    toward its best reading, so that an ambiguous name ("Tripoli") counts less than a clear one.
    A country's own name, areas written as containing a town ("X (District, Province)") and towns
    placed in them count most; spelling variants (no exact name) and demonyms ("Russian drones" in a
    Syria story) count little."""
    votes: dict[str, float] = {}
    if hint:
        votes[hint] = votes.get(hint, 0.0) + 0.75
    for c in cands:
        per: dict[str, float] = {}
        own = _text_key(c)
        for p in c.first_pass:
            if p.country is None:
                continue
            v = p.score + coherence(p, own, context, c.within)
            if c.container and p.feature_class == "A":
                v += 0.1
            if c.source != "demonym" and not c.modifier and (p.gazetteer_id or "").startswith("marsad:country:"):
                v += 1.0
            per[p.country] = max(per.get(p.country, 0.0), v)
        if not per:
            continue
        weight = {"gazetteer": 0.5, "demonym": 0.3}.get("demonym" if c.modifier else c.source, 1.0)
        if c.fuzzy:
            weight *= 0.3
        if c.container or c.within:
            weight *= 1.5
        top = max(per.values())
        shares = {cc: math.exp((v - top) / 0.08) for cc, v in per.items()}
        total = sum(shares.values())
        for cc, v in per.items():
            votes[cc] = votes.get(cc, 0.0) + weight * v * shares[cc] / total
    return max(votes, key=lambda k: votes[k]) if votes else None


def _resolve(
    cand: _Candidate,
    gazetteer: Any,
    country: str | None,
    admin1: str | None,
    context: set[str],
    anchors: list[tuple[float, float]] | None = None,
) -> Place | None:
    """The best reading of a name in the document's country and province, supported by the other
    names: the areas written around it, then (between readings in the country) nearness to the
    places the document already placed with confidence (a village named like a bigger one elsewhere)."""
    exact = cand.source == "gazetteer"
    places = gazetteer.lookup(cand.text, country=country, admin1=admin1, limit=25, exact=exact)
    if not places:
        return None
    own = _text_key(cand)

    def rank(p: Place) -> float:
        s = p.score + coherence(p, own, context, cand.within)
        if anchors and p.latitude is not None and p.longitude is not None and p.feature_class != "A":
            d = min(_km(p.latitude, p.longitude, la, lo) for la, lo in anchors)
            s += 0.12 if d <= 50 else 0.07 if d <= 150 else 0.0
        return s

    ranked = sorted(((rank(p), i, p) for i, p in enumerate(places)), key=lambda x: (-x[0], x[1]))
    score, _, top = ranked[0]
    top = replace(top, score=round(min(1.0, score), 4))
    if not acceptable(top, country) or (exact and country and top.country != country):
        return None
    return top


def _plain_reading(cand: _Candidate, place: Place) -> bool:
    """Whether a gazetteer reading is what a bare capitalised word most likely names: the place's own
    name (not one of its many alternate names), an admin area, or a sizeable town."""
    if place.feature_class == "A" or place.population >= 20_000:
        return True
    return name_key(place.name) == name_key(strip_generic(cand.text)[0])


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def acceptable(place: Place, country: str | None) -> bool:
    """Whether a ranked candidate is good enough to use: in the document's country, an exact name (or
    a spelling variant that the province or a large population supports); abroad, only well-known
    places; with no country known, an exact name."""
    if country is None:
        return place.score >= 0.45
    if place.country == country:
        return place.score >= 0.6
    # Abroad: an exact name of a country, province, continent or large town ("London" in a Syria story).
    return place.score >= 0.4 and (place.population >= 50_000 or place.feature_class in {"A", "L"})


@stage("geoparse", requires=("doc",), produces=("toponyms",))
def geoparse(analysis: Analysis, resources: Resources) -> Analysis:
    """Fill ``analysis.toponyms`` (with resolved places) and the document's ``country``/``admin1``."""
    gazetteer = resources.gazetteer
    settings_hint = getattr(resources.settings, "default_country", None) if resources.settings else None
    hint = resources.country_hint or settings_hint
    cands = recognise(analysis, gazetteer)
    if gazetteer is None:
        analysis.toponyms = [Toponym(c.text, c.start, c.end, None, c.qualifier) for c in cands]
        analysis.country = analysis.country or hint
        return analysis
    for c in cands:
        if c.source == "demonym":
            area = _demonym_place(c.text, gazetteer)
            c.first_pass = [replace(area, score=0.5)] if area is not None else []
            continue
        c.first_pass = gazetteer.lookup(c.text, limit=25, exact=True)
        if not c.first_pass and c.source != "gazetteer":
            c.first_pass = gazetteer.lookup(c.text, limit=25)
            c.fuzzy = bool(c.first_pass)
    link_areas(cands, analysis.document.text)
    for c in cands:
        if c.first_pass and (c.first_pass[0].gazetteer_id or "").startswith("marsad:country:"):
            c.modifier = bool(_MODIFIER_AFTER.match(analysis.document.text[c.end : c.end + 20]))
    context = {k for c in cands if (k := _text_key(c))}
    country = _vote_country(cands, hint, context)
    # Gazetteer-only matches must agree with the document's country (precision over recall).
    # A name spaCy did not tag must be a place's own name, an area or a town, not an alternate name
    # of a hamlet ("Taliban" is also a village's alias).
    cands = [
        c for c in cands
        if c.source != "gazetteer" or any(_plain_reading(c, p) and p.country == country for p in c.first_pass) or (
            country is None and c.first_pass and c.first_pass[0].score >= 0.55 and _plain_reading(c, c.first_pass[0]))
    ]
    admin_votes: dict[str, float] = {}
    for c in cands:
        if c.source == "demonym":
            continue
        place = _resolve(c, gazetteer, country, None, context)
        if place is None or place.country != country or not place.admin1:
            continue
        w = 2.0 if place.feature_class == "A" else 1.0
        admin_votes[place.admin1] = admin_votes.get(place.admin1, 0.0) + w * (1.5 if c.container or c.within else 1.0)
    admin1 = max(admin_votes, key=lambda k: admin_votes[k]) if admin_votes else None
    resolved: list[tuple[_Candidate, Place | None]] = []
    for c in cands:
        if c.source == "demonym":
            resolved.append((c, replace(c.first_pass[0], score=1.0) if c.first_pass else None))
            continue
        resolved.append((c, _resolve(c, gazetteer, country, admin1, context)))
    resolved = _by_neighbours(resolved, gazetteer, country, admin1, context)
    toponyms = []
    for c, place in resolved:
        if place is None and c.source in {"gazetteer", "demonym"}:
            continue
        toponyms.append(Toponym(c.text, c.start, c.end, place, c.qualifier))
    analysis.toponyms = toponyms
    analysis.country = country
    analysis.admin1 = admin1
    return analysis


def _by_neighbours(
    resolved: list[tuple[_Candidate, Place | None]],
    gazetteer: Any,
    country: str | None,
    admin1: str | None,
    context: set[str],
) -> list[tuple[_Candidate, Place | None]]:
    """Re-resolve towns near the document's other confidently placed towns: of two villages named
    alike, the one beside the others the text names is meant, not the most populous one."""
    points = [
        (_text_key(c), p.latitude, p.longitude)
        for c, p in resolved
        if p is not None and p.latitude is not None and p.longitude is not None and p.country == country
        and p.score >= 0.75 and c.source != "demonym" and not (p.gazetteer_id or "").startswith("marsad:country:")
    ]
    if not points:
        return resolved
    out = []
    for c, p in resolved:
        if p is not None and c.source != "demonym" and p.feature_class != "A" and p.country == country:
            own = _text_key(c)
            anchors = [(la, lo) for k, la, lo in points if k != own]
            if anchors:
                p = _resolve(c, gazetteer, country, admin1, context, anchors) or p
        out.append((c, p))
    return out
