"""Toponym recognition: the place names in a text, with character offsets.

Recognition takes spaCy's GPE/LOC/FAC entities and adds capitalised names spaCy missed or mislabelled
("al-Azim" as an organisation) when the gazetteer knows them exactly; datelines and countries' acronyms
written in capitals ("COLUMBUS, Ohio —", "UAE", "US-based"); names written with a province's or a
district's abbreviation ("Washington, D.C.": ``abbreviations.py``); places named in organisations'
names as readers take them ("Dublin City Council", "University of Cincinnati", never "Iraq" in "Islamic
State of Iraq"); adjectival demonyms ("the Canadian Press", "a Kurdish enclave": ``demonym_names.py``);
and, one sense per discourse, the other mentions of a name recognised as a place. Names the small model
mislabels are places where the words around them say so ("in the countryside of Aleppo" NORP, "Saladin
governorate" PERSON, "Makhmur, Arbil, Iraq"); entity spans are cut at parentheses and possessives ("Tizi
Ouzou (Tizi Ouzou", "Tel Aviv's") and extended over lowercase connectors to names the gazetteer knows
("Mato Grosso do Sul").
Peoples' names count as references to their country as the adjectives do ("Palestinians"), as the
LGL corpus annotates them; demonyms never locate an event. Precision is kept by skipping person names
(a surname stays a person's), acronyms, dates, languages and English words that are only small towns
("Leader", "Council") unless the context is locative. Resolution (which reading of each name is
meant) is ``geoparse.py``'s job.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from marsad.gazetteer.demonyms import demonym_code
from marsad.gazetteer.names import GENERIC_WORDS, name_key, strip_generic
from marsad.model import GazetteerService
from marsad.pipeline import Analysis
from marsad.toponyms import place_names
from marsad.toponyms.candidate import Candidate as Candidate
from marsad.toponyms.place_context import QUALIFIERS as QUALIFIERS  # geoparse.py takes them from here
from marsad.toponyms.place_context import (
    TITLE_BEFORE,
    gloss,
    listed_areas,
    locative,
    place_context,
    placed,
    qualifier_before,
)
from marsad.toponyms.place_names import big, major, name_level, own_name, plain_word, world_place
from marsad.toponyms.recognise.abbreviations import joined_name, route_states
from marsad.toponyms.recognise.demonym_names import adjectival as _adjectival
from marsad.toponyms.recognise.demonym_names import demonym_spans
from marsad.toponyms.recognise.hyphens import hyphen_places
from marsad.toponyms.recognise.org_names import (
    INSTITUTION_WORDS,
    LOCAL_HEADS,
    ORG_WORDS,
    in_named_state,
    known_head,
    known_tail,
    local_name,
)
from marsad.toponyms.recognise.span_fixes import OWN_POSSESSIVE, trim_place
from marsad.toponyms.recognise.text_places import TextPlaces, as_tagged, known_town, no_places

PLACE_LABELS = {"GPE", "LOC", "FAC"}
BLOCK_LABELS = {"PERSON", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL", "NORP", "LAW",
                "WORK_OF_ART", "EVENT", "LANGUAGE", "PRODUCT"}
COMMON_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december the a an this that these those he she it they we i you his her
    their its our there here president minister general colonel major captain commander spokesman sheikh
    mr mrs ms dr lieutenant sergeant governor mayor prime king prince emir imam police army islamic
    christian muslim sunni shia shiite kurdish arab arabic english western eastern northern southern
    central north south east west northeast northwest southeast southwest northeastern northwestern
    southeastern southwestern security official officials sources source local breaking update
    reuters afp ap recent tip colonia comuna municipio barrio aldea vereda corregimiento parroquia bairro
    quartier commune molotov""".split()
)
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
_PART_OF_PROVINCE = re.compile(
    rf"(?<![\w-])((?:{_ARTICLE})?{_WORD}(?:[ -]{_NAME}){{0,2}})\s+(town|city|village|area|district|"
    rf"sub-?district|neighbou?rhood)\s*,\s*(?:{_ARTICLE})?{_WORD}(?:\s+{_NAME})?\s+(?:governorate|province)\b"
)
_TOKEN_RE = re.compile(rf"{_NAME}|\b(?:{'|'.join(GENERIC_WORDS)})\b")


def _is_blocked(words: list[str], person_keys: set[str], acronyms: bool = True) -> bool:
    lowered = [w.lower().strip("'’") for w in words]
    if all(w in COMMON_WORDS for w in lowered):
        return True
    if acronyms and len(words) == 1 and (words[0].isupper() and len(words[0]) > 1):  # ISIS, CTS, UN
        return True
    return name_key(" ".join(words)) in person_keys


# A state's formal name around the name the gazetteer knows ("the Republic of Armenia"); not "State
# of": "the Islamic State of Iraq" names a movement.
_STATE_TITLE = re.compile(r"(?:Republic|Kingdom|Federation|Commonwealth|Principality|Emirate|Sultanate)\s+of\s+"
                          r"(?:the\s+)?(?=[A-Z])")
# "the Halba highway", "the Rafah crossing": a town's name modifying a road or a site takes the article.
_ROUTE_AFTER = re.compile(r"\s+(?:highway|road|roundabout|junction|intersection|crossing|checkpoint|bridge|border|"
                          r"market|airport|port|camp|prison|frontline|front|axis|entrance)\b")
# An Arabic article the small model leaves out of an entity ("Ad [Dali]", "Al [Farnaj]").
_ARTICLE_BEFORE = re.compile(r"(?<![\w-])(?:Al|El|Ad|As|An|Ar|At|Az|Ash|Adh|Ath)[- ]$")
# "Sheikh" right after a locative preposition begins a place's name (Sheikh Zuweid, Sheikh Maqsoud,
# Sheikh Jarrah), not a person's title.
_SHEIKH_PLACE = re.compile(r"(?i)\b(?:in|at|near|outside|around|into|of)\s+(sh(?:ei|ai|ay)kh?|sheik)(\s+)$")
def _spans(
    doc: Any, text: str, gazetteer: GazetteerService | None = None
) -> tuple[list[Candidate], list[tuple[int, int]], set[str], list[tuple[int, int]]]:
    """spaCy's place entities, the spans where no place may be (people, dates, ...), person keys, and
    the other organisation entities (a known name may be one, "al-Azim", but not part of one: "the
    White House", "Lincoln High")."""
    ner: list[Candidate] = []
    blocked: list[tuple[int, int]] = []
    person_keys: set[str] = set()
    orgs: list[tuple[int, int, str]] = []
    inner: list[tuple[int, int]] = []  # organisations a known name may be all of, never a part of
    if doc is None:
        return ner, blocked, person_keys, inner
    place_keys = _place_keys(doc)
    full_names = {name_key(w) for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 for w in e.text.split()}
    for ent in doc.ents:
        art = _ARTICLE_BEFORE.search(text[max(0, ent.start_char - 5) : ent.start_char])
        art_start = ent.start_char - len(art.group(0)) if art else ent.start_char
        if ent.label_ in PLACE_LABELS:
            start, end, etext = art_start, ent.end_char, text[art_start : ent.end_char]
            lead = re.match(r"(?i)the\s+", etext)
            if lead:
                start += lead.end()
            end = _with_generic(text, _known_longer(text, start, end, gazetteer))
            title = _STATE_TITLE.match(text, start, end)
            if title and gazetteer is not None and not gazetteer.has_key(name_key(text[start:end])):
                start = title.end()  # "the Republic of Armenia": the gazetteer knows Armenia
            start, end = trim_place(text, start, end, gazetteer)  # "the State of Illinois’ Web site"
            part = _DIRECTION_START.match(text, start, end)
            if (part and gazetteer is not None and not gazetteer.has_key(name_key(text[start:end]))
                    and gazetteer.has_key(name_key(text[part.end() : end]))):
                start = part.end()  # "Northern Iraq": Iraq, qualified (not "North Korea", "Western Sahara")
            ner += [Candidate(text[s:e], s, e, "ner") for ps, pe in _parts(text, start, end)
                    for s, e in _comma_parts(text, ps, pe, gazetteer)]
        elif ent.label_ == "ORG":
            # "Tizi Ouzou (Tizi Ouzou": two names, each judged on its own.
            parts = _parts(text, ent.start_char, ent.end_char) if "(" in ent.text else [(ent.start_char, ent.end_char)]
            orgs += [(s, e, text[s:e]) for s, e in parts]
        elif ent.label_ == "PERSON" and (head := _SHEIKH_PLACE.search(text[max(0, art_start - 30) : art_start])):
            # "in Sheikh Zuweid", "near Sheikh Maqsoud": a place named after a shrine, not a title.
            start = art_start - len(head.group(1)) - len(head.group(2))
            ner += [Candidate(text[s:e], s, e, "ner") for s, e in _parts(text, start, _with_generic(text, ent.end_char))]
        elif ent.label_ == "PERSON" and (locative(text, art_start, ent.end_char)
                                         or (gazetteer is not None and _listed_area(text, art_start, ent.end_char, gazetteer))):
            # The small model calls unfamiliar village names people ("in Fleifel", "Banfora (Banfora,
            # Comoe)"); after "in"/"near"/"town of", or before "(District, Province)", it is a place.
            ner += [Candidate(text[s:e], s, e, "ner") for s, e in _parts(text, art_start, _with_generic(text, ent.end_char))]
        elif ent.label_ in MISLABELS and gazetteer is not None and (places := _mislabelled(
                ent, text, art_start, gazetteer, _known_longer(text, art_start, ent.end_char, gazetteer))):
            ner += [Candidate(text[s:e], s, e, "ner") for s, e in places]
        elif (ent.label_ == "PERSON" and len(ent) == 1 and gazetteer is not None and ent.text[:1].isupper()
              and name_key(ent.text) not in full_names and not _PERSON_AFTER.match(text, ent.end_char)
              and not TITLE_BEFORE.search(text[max(0, ent.start_char - 20) : ent.start_char])
              and major(gazetteer, ent.text, own=True)):
            # A lone word the small model calls a person that is a city of 100,000 or a province by its
            # own name, and no part of a person's full name in the text, is the place ("Alexandria
            # police", "of 210 Elm St., Alexandria").
            ner.append(Candidate(ent.text, ent.start_char, ent.end_char, "ner"))
        elif ent.label_ in BLOCK_LABELS:
            blocked.append((ent.start_char, ent.end_char))
            if ent.label_ == "PERSON":
                # A name the small model calls a place more often in this text ("Gainesville"), or a
                # demonym ("Sri Lankan"), is not a person's name here; the surname of a full name
                # ("Henry Farrin") is, unless it is a country, a province or a city the text mostly
                # calls a place ("Egypt" beside "Rethinking Egypt").
                name = _POSSESSIVE.sub("", ent.text)
                if (key := name_key(name)) not in place_keys and not demonym_code(name):
                    person_keys.add(key)
                for w in name.split()[1:]:
                    if demonym_code(w) or (name_key(w) in place_keys and gazetteer is not None
                                           and major(gazetteer, w)):
                        continue
                    person_keys.add(name_key(w))
    # An organisation entity may still be a place (spaCy labels "al-Azim" ORG); the gazetteer scan
    # decides, but never for acronyms or names with organisation words.
    for s, e, t in orgs:
        words = t.split()
        lead = re.match(r"(?i)the\s+", t)
        title = _STATE_TITLE.match(t, lead.end() if lead else 0)
        if title and gazetteer is not None and name_level(gazetteer, t[title.end() :]) == "country":
            ner.append(Candidate(t[title.end() :], s + title.end(), e, "ner"))  # "the Kingdom of Bahrain"
        elif gazetteer is not None and " " in t.strip() and world_place(gazetteer, t[lead.end() if lead else 0 :]):
            # A union of states is a place though its name has an organisation's word ("the
            # European Union"); a country or region's full name is one whatever the model says.
            ner.append(Candidate(t[lead.end() if lead else 0 :], s + (lead.end() if lead else 0), e, "ner"))
        elif gazetteer is not None and not lead and len(words) <= 3 and in_named_state(text, e, t, gazetteer):
            ner.append(Candidate(t, s, e, "ner"))  # "Post Falls, Idaho"
        elif t.isupper() or any(w.lower() in ORG_WORDS for w in words) or len(words) > 3:
            blocked.append((s, e))
        else:
            inner.append((s + (lead.end() if lead else 0), e))
    # A name inside a longer one extended over it ("Tobago" in "Trinidad and Tobago") is no name of its own.
    ner = [c for c in ner if not any(o.start <= c.start and c.end <= o.end and (o.start, o.end) != (c.start, c.end)
                                     for o in ner)]
    return ner, blocked, person_keys, inner


# Words that open a sentence before a name ("In Youngstown, ..."), capitalised but no part of it.
_OPENING_WORDS = frozenset("in at from to for on near of with by into outside inside across around after".split())
_POSSESSIVE = re.compile(r"['’]s?$")
# What follows a person, not a place: "Austin said", "Sydney, 24,".
_PERSON_AFTER = re.compile(r"\s*(?:,\s*\d|(?:said|says|told|added|asked|wrote|replied|explained|noted)\b)")
_POSSESSIVE_END = re.compile(r"(?<=\w)['’]s$|(?<=s)['’]$")
# Labels the small model gives unfamiliar place names ("in the countryside of Aleppo" NORP, "the town
# of Manbij" PRODUCT); such an entity is a place where the words around it say so.
MISLABELS = {"NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}


_DIRECTION_START = re.compile(r"(?:North|South|East|West|Central)(?:ern)?(?:[- ]?(?:east|west)(?:ern)?)?\s+(?=[A-Z])")


def _parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The names in an entity span, which the small model sometimes runs across a parenthesis
    ("Tizi Ouzou (Tizi Ouzou", "Penas Blancas (Alajuela"), without a possessive ("Tel Aviv's")."""
    out = []
    for m in re.finditer(r"[^()]+", text[start:end]):
        s, e = start + m.start(), start + m.end()
        s += len(text[s:e]) - len(text[s:e].lstrip())
        e -= len(text[s:e]) - len(text[s:e].rstrip(" ,;:"))
        # A saint's possessive is the name ("St. John's", "St. Peter's").
        if (poss := _POSSESSIVE_END.search(text[s:e])) and not re.match(r"(?:St|Saint|Ste)\b", text[s:e]):
            e -= len(poss.group(0))
        if e > s and any(ch.isalnum() for ch in text[s:e]):
            out.append((s, e))
    return out


def _comma_parts(text: str, start: int, end: int, gazetteer: GazetteerService | None) -> list[tuple[int, int]]:
    """A place entity the small model runs over a comma ("Nis, Serbia"): the town and the country or
    province after it, when the gazetteer knows the latter as one."""
    m = re.search(r",\s*", text[start:end])
    if m is None or gazetteer is None:
        return [(start, end)]
    tail = start + m.end()
    if name_level(gazetteer, text[tail:end]) not in {"country", "admin1"}:
        return [(start, end)]
    return [(start, start + m.start()), (tail, end)]


def _with_generic(text: str, end: int) -> int:
    """The end of a name with the generic word written after it ("Diyala governorate", "Mandali
    town"), which says what the name is; not "state" or "city", which are often other words."""
    nxt = re.match(r"\s+(\w+)", text[end : end + 20])
    if nxt and nxt.group(1).lower() in GENERIC_WORDS and nxt.group(1).lower() not in {"state", "city"}:
        return end + nxt.end()
    return end


def _known_longer(text: str, start: int, end: int, gazetteer: GazetteerService | None) -> int:
    """The end of an entity extended over the capitalised words after it when the gazetteer knows the
    longer name ("Kafr" tagged alone in "in Kafr Qaddum", "Trinidad" in "Trinidad and Tobago"): the
    longest known name is meant. A word's hyphenated suffix is no part of it ("Abu Dhabi-based")."""
    if gazetteer is None:
        return end
    ends, pos = [], end
    for _ in range(2):
        m = _LONGER_WORD.match(text, pos, min(len(text), pos + 40))
        if m is None:
            break
        pos = m.end()
        ends.append(pos)
    for longer in reversed(ends):
        if gazetteer.has_key(name_key(text[start:longer])):
            return longer
    return end


_BASED_AFTER = re.compile(r"-(?:based|headquartered|born|bred|made)\b")
_LONGER_WORD = re.compile(r" (?:and )?[A-Z][\w'’]+(?:-[A-Z][\w'’]+)*")


def _mislabelled(ent: Any, text: str, start: int, gazetteer: GazetteerService, end: int | None = None) -> list[tuple[int, int]]:
    """The places in an entity the small model calls a group, a product or an event, which may be a
    list of them ("(Hidaybu, Suqutra)" WORK_OF_ART); each part judged by ``_mislabelled_place``."""
    end = ent.end_char if end is None else end
    spans = [(s + m.start(), s + m.end()) for s, e in _parts(text, start, end)
             for m in re.finditer(r"[^,]+", text[s:e])]
    spans = [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in spans]
    out = []
    for s, e in spans:
        last = e >= end - 1
        if _mislabelled_place(text, s, e, gazetteer, ent.doc[ent.end] if last and ent.end < len(ent.doc) else None):
            out.append((s, _with_generic(text, e)))  # "Mandali town", "Somali region"
    return out


_AREA_AFTER = frozenset({"countryside", "outskirts", "suburbs", "hinterland"})  # "in Aleppo countryside"


def _mislabelled_place(text: str, start: int, end: int, gazetteer: GazetteerService, nxt: Any = None) -> bool:
    """Whether a name the small model calls a group, a product or an event is a place the text
    names: a name the gazetteer knows, not a common word, where places stand ("in X", "the town of
    X", "X province", "X (District)", "the X highway"), and not an adjective before another noun
    ("in Sunni areas", "in Fulani settlements"). A demonym is a place only as a province's name
    ("Somali region")."""
    name = _POSSESSIVE.sub("", text[start:end])
    base = strip_generic(name)[0]
    if _is_blocked(base.split(), set()) or not own_name(gazetteer, base) or plain_word(gazetteer, base):
        return False
    if demonym_code(base) or any(demonym_code(w) for w in base.split()):
        return (base != name or bool(re.match(r"\s+(?:region|province|state)\b", text[end : end + 12]))) and (
            name_level(gazetteer, base) == "admin1")
    if _ROUTE_AFTER.match(text[end : end + 16]):
        return True  # "blocked the Halba highway"
    if not locative(text, start, end) and not _listed_area(text, start, end, gazetteer):
        return False
    return nxt is None or not (nxt.text in {"-", "–"} or (nxt.pos_ == "NOUN" and nxt.lower_ not in GENERIC_WORDS
                                                          and nxt.lower_ not in _AREA_AFTER))


def _listed_area(text: str, start: int, end: int, gazetteer: GazetteerService) -> bool:
    """Whether a name the small model calls a person is the area in a "Town, Province" list ("in
    Makhmur, Arbil, Iraq", "in Ejido, Lara state,"): written after a place name the gazetteer knows and
    a comma, before a comma or the sentence's end, and known as an admin area or a major city."""
    before = re.search(rf"({_NAME}(?:\s+{_NAME}){{0,2}}),\s*$", text[max(0, start - 60) : start])
    if before is None or not re.match(r"\s*(?:(?:state|province|region)\b\s*)?(?:[,.;)]|$)", text[end : end + 12]):
        return False
    if not gazetteer.has_key(name_key(strip_generic(before.group(1))[0])):
        return False
    top = gazetteer.lookup(text[start:end], limit=1, exact=True) if gazetteer.has_key(name_key(text[start:end])) else []
    return bool(top) and (top[0].feature_class == "A" or top[0].population >= 100_000)


def _place_keys(doc: Any) -> set[str]:
    """Keys of the names spaCy labels a place in this text more often than a person (one sense per
    discourse: "Gainesville" tagged GPE twice and PERSON once is the town each time). A mention
    written where places stand ("in Greer", "Alexandria police") counts double, whatever the model
    calls it."""
    votes: dict[str, int] = {}
    text = doc.text  # spaCy joins every token for each `doc.text`: once, not once per entity
    for ent in doc.ents:
        where = (ent.label_ in {"GPE", "LOC", "PERSON", "NORP", "ORG"} and not _POSSESSIVE_END.search(ent.text)
                 and placed(text, ent.start_char, ent.end_char))
        if ent.label_ in {"GPE", "LOC", "PERSON"}:
            key = name_key(_POSSESSIVE.sub("", re.sub(r"(?i)^the\s+", "", ent.text)))
            votes[key] = votes.get(key, 0) + (2 if where else 1 if ent.label_ != "PERSON" else -1)
        elif len(ent) == 1 and where:
            key = name_key(_POSSESSIVE.sub("", ent.text))
            votes[key] = votes.get(key, 0) + 2
    return {k for k, v in votes.items() if v >= 0 and k}


def _entity_places(doc: Any, text: str, gazetteer: GazetteerService) -> list[Candidate]:
    """Places inside other entities: demonyms ("Russian diplomats" refer to Russia), a country named
    in an organisation's name ("Pakistan Army"), and a country or province the small model calls a
    person ("Tamil Nadu said")."""
    out: list[Candidate] = []
    for ent in doc.ents:
        if ent.label_ == "NORP" or (ent.label_ in {"ORG", "PERSON"} and len(ent) <= 2):
            start, etext = ent.start_char, ent.text
            lead = re.match(r"(?i)the\s+", etext)
            if lead:
                start, etext = start + lead.end(), etext[lead.end() :]
            if demonym_code(etext):
                if _adjectival(text, start, start + len(etext), plural=True):
                    out.append(Candidate(etext, start, start + len(etext), "demonym"))
                continue
        if ent.label_ == "PERSON":
            name = _POSSESSIVE_END.sub("", ent.text)  # "Sri Lanka's former president"
            top = gazetteer.lookup(name, limit=1, exact=True)
            if top and top[0].level in {"country", "admin1"} and len(ent) > 1:
                out.append(Candidate(name, ent.start_char, ent.start_char + len(name), "ner"))
        elif ent.label_ in {"ORG", "FAC"} and len(ent) > 1:
            # Only a leading country name is a modifier that names a place ("Pakistan Army"); one
            # inside a name is part of the name ("Islamic State of Iraq and Syria").
            tok = ent[1] if ent[0].lower_ == "the" and len(ent) > 2 else ent[0]
            if tok.is_title and len(tok.text) > 3 and gazetteer.country_of(tok.text):
                out.append(Candidate(tok.text, tok.idx, tok.idx + len(tok.text), "ner"))
    return out


# Words of armed and political movements: a place in their names is part of the name ("Islamic State
# of Iraq and Syria", "Popular Front for the Liberation of Palestine"); only a leading name counts
# ("Pakistan Army"), as before.
_BREAK_WORDS = INSTITUTION_WORDS - {"county", "city", "township", "district", "state"}
# Words before a place's name in an organisation's that name a part or the area of it.
_PART_WORDS = frozenset("""north south east west central northern southern eastern western northeast northwest
    southeast southwest northeastern northwestern southeastern southwestern metro greater""".split())
MOVEMENT_WORDS = frozenset(
    """front movement army party brigade brigades battalion militia militias liberation jihad
    mujahideen islamic forces force coalition revolutionary resistance tigers corps legion faction
    factions""".split()
)
_SCHOOLS = frozenset({"university", "college", "school"})
_ORG_TOKEN = re.compile(r"[A-Z][\w'’.&-]*|[a-z][\w-]*|[,;:()]")
# A dateline: a place in capitals opening a story or a paragraph (or after "Associated Press"), before
# a comma, a dash (or a dash garbled to U+0097) or "(AP)".
_DATELINE_RE = re.compile(
    r"(?:^|(?<=\n)|(?<=[.!?\"”] )|(?<=\d )|(?<=Press ))\s*([A-Z][A-Z'’-]*\.?(?:\s[A-Z][A-Z'’-]*\.?){0,3})"
    r"(?=\s*(?:,\s*[A-Z]|\(|—|–|\x97|-+\s|:\s))"
)
# "UK", "U.K.", and "US" in "US-based" (not "the US-Mexico border", a hyphenated pair).
_ACRONYM_RE = re.compile(r"(?<![\w.])(?:[A-Z]\.){2,3}(?!\w)|(?<![\w.-])[A-Z]{2,4}"
                         r"(?!\w)(?!-(?!(?:based|led|backed|born|made|brokered|funded|owned)\b))")


def _capitals(text: str, gazetteer: GazetteerService) -> list[Candidate]:
    """Places written in capitals, which spaCy's small model misses or calls organisations: datelines
    ("COLUMBUS, Ohio —", "BEIRUT (AP)") and countries' acronyms that the gazetteer knows as a
    country's alias ("UAE", "U.K."); other acronyms ("CIA", "NATO") are not places."""
    out: list[Candidate] = []
    for m in _DATELINE_RE.finditer(text):
        name = m.group(1).rstrip(".")
        if len(name.replace(" ", "")) >= 3 and any(len(w) >= 3 for w in name.split()) and not name.isdigit():
            if gazetteer.lookup(name.title(), limit=1, exact=True):
                out.append(Candidate(name, m.start(1), m.start(1) + len(name), "ner"))
    dated = [(c.start, c.end) for c in out]
    for m in _ACRONYM_RE.finditer(text):
        if any(s <= m.start() < e for s, e in dated):
            continue
        # Not a word of a line in capitals ("BREAKING NEWS", a headline).
        around = text[max(0, m.start() - 12) : m.end() + 12]
        if len(re.findall(r"\b[A-Z]{2,}\b", around)) > 1 and not re.search(r"[a-z]{3}", around):
            continue
        if name_level(gazetteer, m.group(0)) in {"country", "region"}:
            out.append(Candidate(m.group(0), m.start(), m.end(), "ner"))
    # A province's abbreviation closing a parenthesised list of areas: "(Shopian district, J&K)", "(UP)".
    for m in _LISTED_ABBREVIATION_RE.finditer(text):
        if (name_key(m.group(1)) in place_names.province_abbreviations() and name_level(gazetteer, m.group(1)) == "admin1"
                and not any(c.start == m.start(1) for c in out)):
            out.append(Candidate(m.group(1), m.start(1), m.end(1), "ner"))
    # A state's abbreviation before a route's number: "on S.C. 6 near U.S. 321", "the N.C. 16 bypass".
    out += [Candidate(text[s:e], s, e, "ner") for s, e in route_states(text, gazetteer)
            if not any(c.start <= s < c.end for c in out)]
    return out


_LISTED_ABBREVIATION_RE = re.compile(r"[(,]\s*([A-Z][A-Z&.-]{1,5})\)")


def _org_places(text: str, spans: list[tuple[int, int]], gazetteer: GazetteerService, person_keys: set[str],
                named: Callable[[str], bool] = no_places) -> list[Candidate]:
    """Places named inside organisations' names, as news readers and the geoparsing corpora take them:
    a country or province anywhere ("Air Zimbabwe", "the Heart Foundation of Canada"), a town at
    the head of a local institution ("Dublin City Council", "Huntsville High School") or after "of"
    ("University of Cincinnati"). Names of armed and political movements keep only a leading
    country ("Pakistan Army"), never "Iraq" in "Islamic State of Iraq"."""
    out: list[Candidate] = []
    seen: set[tuple[int, int]] = set()
    for os_, oe in spans:
        toks = [(m.start() + os_, m.end() + os_, m.group(0)) for m in _ORG_TOKEN.finditer(text[os_:oe])]
        if len(toks) < 2:
            continue
        lows = [_POSSESSIVE.sub("", t[2].lower().rstrip(".")) for t in toks]
        movement = any(w in MOVEMENT_WORDS for w in lows)
        # Runs of capitalised words that are not institution words.
        runs: list[tuple[int, int]] = []
        i = 0
        while i < len(toks):
            if toks[i][2][0].isupper() and lows[i] not in _BREAK_WORDS and lows[i] != "the":
                j = i + 1
                # "Butler County Sheriff": the generic word stays with its name.
                while j < len(toks) and toks[j][2][0].isupper() and (lows[j] not in _BREAK_WORDS or lows[j] in GENERIC_WORDS):
                    j += 1
                runs.append((i, j))
                if lows[i] in _PART_WORDS and j - i >= 2:
                    runs.append((i + 1, j))  # "Western Pennsylvania Rowing Club", "Metro Vancouver"
                i = j
            else:
                i += 1
        for i, j in runs:
            lead = i == 0 or (i == 1 and lows[0] in {"the"} | _PART_WORDS) or (i == 2 and lows[1] in _PART_WORDS)
            # "University of Cincinnati", and "Lutheran School in Lombard" (the model's organisation
            # runs on over "in" to the town).
            after_of = i >= 1 and (lows[i - 1] in {"of", "in"} or (i >= 2 and lows[i - 1] == "the" and lows[i - 2] == "of"))
            if movement and not lead:
                continue
            for k in range(min(j, i + 3), i, -1):
                s, e = toks[i][0], toks[k - 1][1]
                if (s, e) == (os_, oe) or (s, e) in seen:
                    continue
                if p := _POSSESSIVE_END.search(text, s, e):
                    e -= len(p.group(0))  # "Derry’s Altnagelvin Hospital"
                name = text[s:e]
                base = strip_generic(name)[0]
                if name.lower().endswith(" state") and not gazetteer.has_key(name_key(name)):
                    # "Kansas State University", "Maryland State Police": the state; "Wright State
                    # University", "Lansing State Journal" name no place.
                    # (a town's own university or school: "Youngstown State University")
                    if name_level(gazetteer, base) not in {"admin1", "country"} and not (
                            k < len(toks) and lows[k] in _SCHOOLS and local_name(gazetteer, base, named)):
                        break
                    e, name = s + len(base), base
                key = name_key(base)
                if len(key) < 3 and not ("." in name and (name_level(gazetteer, name)
                                                           or key in place_names.province_abbreviations())):
                    # but "S.C. Highway Patrol", "the D.C. Commission on the Arts"
                    continue
                if key in person_keys or demonym_code(name) or not gazetteer.has_key(key):
                    continue
                if (_is_blocked(name.split(), person_keys, acronyms=len(key) >= 3)
                        or (plain_word(gazetteer, name) and not place_context(text, s, e) and not named(name))):
                    continue
                level = name_level(gazetteer, name)
                if movement and level != "country":
                    break
                if not level and not own_name(gazetteer, base):
                    continue  # "Drug Enforcement Unit": only another name of a town (Durg)
                # A leading town names the place when the name says it is one ("Licking County") or
                # an institution's word follows ("Huntsville High School"), unlike "Bell Helicopter".
                institution = base != name or any(w in LOCAL_HEADS for w in lows[k:])
                # A county anywhere in it ("Friends of Madison County Animal Shelter"), and a town
                # closing it after a word for its area ("Metro Vancouver"), name the place too.
                area = strip_generic(name)[1] == "A" or (i >= 1 and lows[i - 1] in _PART_WORDS and k == len(toks))
                # As sure as a tagged name where the text names the town too, or any reader knows it.
                sure = level or area or (lead and institution and (named(name) or known_town(gazetteer, name)))
                if level or (lead and institution) or area or (after_of and k == len(toks)):
                    out.append(Candidate(name, s, e, "ner" if sure else "gazetteer"))
                    seen.add((s, e))
                break
    return out


def _demonyms(text: str, plural: bool = False) -> list[Candidate]:
    """Adjectival demonyms wherever they are written ("the Canadian Press", "anti-Russian")."""
    return [Candidate(text[s:e], s, e, "demonym") for s, e in demonym_spans(text, plural)]


def _propagate(text: str, found: list[Candidate], taken: list[tuple[int, int]],
               people: list[tuple[int, int]], person_keys: set[str], gazetteer: GazetteerService) -> list[Candidate]:
    """One sense per discourse: a name recognised as a place is the place at its other mentions too,
    where spaCy called it a person or an organisation ("Gainesville" GPE, then "Gainesville said",
    "Gainesville Police"), unless it is part of a person's full name ("Andrew Jackson")."""
    out: list[Candidate] = []
    names = {c.text: c.source for c in found if c.source in {"ner", "gazetteer"} and len(c.text) >= 4 and c.text[0].isupper()
             and name_key(c.text) not in person_keys and gazetteer.has_key(name_key(c.text))
             and not _is_blocked(c.text.split(), person_keys) and not plain_word(gazetteer, c.text)}
    spans = list(taken)
    for name, source in names.items():
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            s, e = m.start(), m.end()
            if any(s < be and bs < e for bs, be in spans):
                continue
            if any(ps <= s and e <= pe and (ps, pe) != (s, e) for ps, pe in people):
                continue
            out.append(Candidate(name, s, e, source))
            spans.append((s, e))
    return out


def recognise(analysis: Analysis, gazetteer: GazetteerService | None) -> list[Candidate]:
    """Candidate toponyms: spaCy's place entities, then gazetteer-known capitalised phrases."""
    text = analysis.document.text
    ner, blocked, person_keys, inner = _spans(analysis.doc, text, gazetteer)
    taken: list[tuple[int, int]] = []
    out: list[Candidate] = []

    def overlaps(s: int, e: int, spans: list[tuple[int, int]]) -> bool:
        return any(s < be and bs < e for bs, be in spans)

    phrases = list(_PHRASE_RE.finditer(text))
    org_phrases = [
        (m.start(), m.end())
        for m in phrases
        # (a lowercase "state" after a name is the province's generic word: "in Michoacan state")
        if any(w.lower() in ORG_WORDS and w != "state" for w in re.findall(r"[A-Za-z]+", m.group(0)))
        and len(m.group(0).split()) > 1
    ]
    # A place entity inside an organisation's name ("Iraq" in "Islamic State of Iraq") is left to
    # ``_org_places``; one whose own name has the organisation word ("West Bank") stays.
    org_words_at = [(m.start(), m.end()) for m in re.finditer(r"[A-Za-z]+", text) if m.group(0).lower() in ORG_WORDS]
    for cand in ner:
        # "The Abu Dhabi-based ... Agency": a place that says where a group is based is no part of its name.
        # Nor one whose possessive names the group's place ("Mexico's Club America").
        inside = [] if _BASED_AFTER.match(text, cand.end) or OWN_POSSESSIVE.match(text, cand.end) else [
            (s, e) for s, e in org_phrases if s < cand.end and cand.start < e]
        if any(overlaps(s, e, [(ws, we) for ws, we in org_words_at if not (cand.start <= ws and we <= cand.end)])
               for s, e in inside):
            continue
        if _is_blocked(cand.text.split(), person_keys, False):
            blocked.append((cand.start, cand.end))  # a person's name, no part of it a place ("Stephen")
            continue
        if (gazetteer is not None and demonym_code(cand.text) and not gazetteer.has_key(name_key(cand.text))
                and _adjectival(text, cand.start, cand.end)):
            cand.source = "demonym"  # "Emirati handler" tagged as a place: the demonym
        out.append(cand)
        taken.append((cand.start, cand.end))
    people = [(e.start_char, e.end_char) for e in analysis.doc.ents if e.label_ == "PERSON"] if analysis.doc else []
    # The names the text calls places (spaCy tags them so, more often than people) and its sure towns.
    named = TextPlaces(gazetteer, _place_keys(analysis.doc) & {
        name_key(_POSSESSIVE.sub("", re.sub(r"(?i)^the\s+", "", e.text))) for e in analysis.doc.ents
        if e.label_ in {"GPE", "LOC"}}, [c.text for c in out]) if gazetteer is not None and analysis.doc else no_places
    if gazetteer is not None and analysis.doc is not None:
        org_spans = [(e.start_char, e.end_char) for e in analysis.doc.ents
                     if e.label_ == "ORG" or (e.label_ == "PERSON" and len(e) > 1
                                               and e[-1].lower_ in INSTITUTION_WORDS)]
        org_spans += [sp for sp in org_phrases if sp not in org_spans]
        capitals = _capitals(text, gazetteer)
        # A dateline the model cut in pieces ("ST" GPE, "JOHN'S" PERSON): the whole name.
        cut = {id(c) for d in capitals if " " in d.text for c in out
               if d.start <= c.start and c.end <= d.end and (c.start, c.end) != (d.start, d.end)}
        out, taken = [c for c in out if id(c) not in cut], [(c.start, c.end) for c in out if id(c) not in cut]
        for cand in (_entity_places(analysis.doc, text, gazetteer) + capitals
                     + _org_places(text, org_spans, gazetteer, person_keys, named)):
            if not overlaps(cand.start, cand.end, taken):
                out.append(cand)
                taken.append((cand.start, cand.end))
    if gazetteer is not None:
        for m in phrases:
            if overlaps(m.start(), m.end(), org_phrases):
                continue
            toks = [(t.start() + m.start(), t.end() + m.start()) for t in _TOKEN_RE.finditer(m.group(0))]
            # An organisation-tagged name in the possessive ("Tijuana's sewage"): the name.
            toks = [(a, b - len(p.group(0)) if (p := _POSSESSIVE_END.search(text, a, b))
                     and {(a, b), (a, b - len(p.group(0)))} & set(inner) else b) for a, b in toks]
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
                           and not (os_ == s and locative(text, os_, oe)) for os_, oe in inner):
                        continue
                    base, _ = strip_generic(text[s:e])
                    if len(name_key(base)) >= 3 and gazetteer.has_key(name_key(base)):
                        # "the White House", "the Act": a town's name takes no article (but may
                        # modify a name after it: "the Sochi Olympics").
                        if (text[max(0, s - 4) : s] == "the " and j == len(toks) and not name_level(gazetteer, text[s:e])
                                and not _ROUTE_AFTER.match(text[e : e + 16])):
                            break
                        if j - i == 1 and (not _proper_noun(analysis.doc, s, e) or (
                                plain_word(gazetteer, text[s:e]) and not ((s, e) in inner and named(text[s:e]))
                                and (not place_context(text, s, e) or gloss(text, s, e)))):
                            continue  # "the Council", "Madares (School) street": English words
                        if (j - i == 1 and len(toks) == 2 and text[toks[0][1] : toks[1][0]] == " "
                                and all(text[a].isupper() for a, _ in toks) and not big(gazetteer, text[s:e])
                                and text[toks[0][0] : toks[0][1]].lower() not in _OPENING_WORDS):
                            continue  # "Bar Elias", "Qabb Elias": a name the gazetteer lacks, not two places
                        # A major place the small model calls an organisation ("France", "Copenhagen")
                        # or misses ("the Holy See") is as sure a place as a tagged one, wherever the
                        # document is.
                        major = ((s, e) in inner or j - i > 1) and world_place(gazetteer, text[s:e])
                        out.append(Candidate(text[s:e], s, e, "ner" if major else "gazetteer"))
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
        out.append(Candidate(text[s:e], s, e, "pattern"))
        taken.append((s, e))
    # "in Ishaqi town, Saladin governorate": a name written as a part of a province is a place, whatever
    # the small model calls it (NORP, ORG, PERSON) and whether or not the gazetteer knows the spelling.
    for m in _PART_OF_PROVINCE.finditer(text):
        s, e = m.start(1), m.end(2) if m.group(2).lower() in GENERIC_WORDS else m.end(1)
        if overlaps(s, e, taken) or overlaps(s, e, org_phrases) or _is_blocked(m.group(1).split(), set()):
            continue
        out.append(Candidate(text[s:e], s, e, "pattern"))
        taken.append((s, e))
    for s, e in listed_areas(text):  # "Jackson and Barrow counties", whatever the model calls them
        if not overlaps(s, e, taken) and not _is_blocked(text[s:e].split(), set()):
            out.append(Candidate(text[s:e], s, e, "pattern"))
            taken.append((s, e))
    for cand in _demonyms(text, plural=True):
        if not overlaps(cand.start, cand.end, taken) and not overlaps(cand.start, cand.end, people):
            out.append(cand)
            taken.append((cand.start, cand.end))
    if gazetteer is not None:
        _join_listed(text, out, gazetteer)
        out = _split_hyphens(text, _connected(text, out, gazetteer), gazetteer, people, person_keys)
        for c in out:
            if c.source in {"ner", "pattern"} and (head := known_head(text, c.start, c.end, gazetteer, person_keys, named)):
                c.end, c.text = head, text[c.start : head]  # "Henderson County Jail": the county
            if c.source in {"ner", "pattern"} and (tail := known_tail(text, c.start, c.end, gazetteer)):
                c.start, c.text = tail, text[tail : c.end]  # "Metro Nashville": Nashville
        as_tagged(text, out, gazetteer)  # "Liverpool's striker" where "in Liverpool" is tagged
        taken = [(c.start, c.end) for c in out]
        out += _propagate(text, out, taken, people, person_keys, gazetteer)
    for cand in out:
        if gazetteer is not None:
            _drop_compass(cand, gazetteer)
        cand.qualifier = qualifier_before(text, cand.start)
    return sorted(out, key=lambda c: c.start)


def _split_hyphens(text: str, cands: list[Candidate], gazetteer: GazetteerService, people: list[tuple[int, int]],
                   person_keys: set[str]) -> list[Candidate]:
    """Candidates for the places in hyphenated words ("Fargo-Moorhead", "R-Fairfax"), instead of a
    candidate over the whole word that the gazetteer does not know."""
    spans = hyphen_places(text, gazetteer, people, person_keys)
    gone = {id(c) for c in cands if any(c.start <= s and e <= c.end and (s, e) != (c.start, c.end) for s, e in spans)
            and not gazetteer.has_key(name_key(c.text))}
    kept = [c for c in cands if id(c) not in gone]
    for s, e in spans:
        if not any(s < c.end and c.start < e for c in kept):
            kept.append(Candidate(text[s:e], s, e, "ner"))
    return kept


def _drop_compass(cand: Candidate, gazetteer: GazetteerService) -> None:
    """A compass word before a major place with no name of its own ("North Texas", "South Philadelphia")
    names a part of it: the candidate becomes the place, the word its qualifier ("South Sudan" stays)."""
    m = _DIRECTION_START.match(cand.text)
    if (m and cand.source != "demonym" and not gazetteer.has_key(name_key(cand.text))
            and major(gazetteer, cand.text[m.end() :], own=True)):
        cand.start, cand.text = cand.start + m.end(), cand.text[m.end() :]


# Lowercase words inside names ("Mato Grosso do Sul", "Tenango del Valle", "Stratford-upon-Avon"),
# which the small model and the capitalised-phrase scan stop at.
_CONNECTED = re.compile(
    rf"[ -](?:do|da|dos|das|de|del|della|di|du|des|de la|de los|de las|y|el|al|la|le|les|los|las|sur|sous|en|"
    rf"upon|on|am|im|an der|bei)[ -]({_NAME}(?:[ -]{_NAME}){{0,2}})"
)


def _connected(text: str, cands: list[Candidate], gazetteer: GazetteerService) -> list[Candidate]:
    """Candidates extended over a lowercase connector to the longest name the gazetteer knows
    ("Mato Grosso" -> "Mato Grosso do Sul", but not over the words after it), without the
    candidates the longer name covers ("Valle" in "Tenango del Valle")."""
    longer: list[Candidate] = []
    for c in cands:
        if c.source == "demonym":
            continue
        end = c.end
        while (m := _CONNECTED.match(text, end)) is not None:
            words = [w.end() + m.start(1) for w in re.finditer(_NAME, m.group(1))]
            best = next((e for e in reversed(words) if gazetteer.has_key(name_key(text[c.start : e]))), None)
            if best is None:
                break
            end = best
        if end > c.end:
            c.end, c.text = end, text[c.start : end]
            longer.append(c)
    ids = {id(c) for c in longer}
    return [c for c in cands if id(c) in ids or not any(x.start <= c.start and c.end <= x.end for x in longer)]


def _proper_noun(doc: Any, start: int, end: int) -> bool:
    """A single capitalised word counts as a name only where spaCy tags it a proper noun."""
    if doc is None:
        return True
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(t.pos_ == "PROPN" for t in span)


def _join_listed(text: str, cands: list[Candidate], gazetteer: GazetteerService) -> None:
    """A name and the one written after a comma that together make a name the gazetteer knows
    ("Washington, D.C."): both are read as it, not the first as a namesake of the second's state."""
    starts = {c.start: c for c in cands}
    for c in cands:
        m = re.match(r",\s*", text[c.end : c.end + 3])
        nxt = starts.get(c.end + m.end()) if m else None
        if nxt is not None and not c.reads and (hit := joined_name(f"{c.text}, {nxt.text}", gazetteer)):
            for part in (c, nxt):
                part.reads, part.country = hit
