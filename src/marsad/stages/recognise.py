"""Toponym recognition: the place names in a text, with character offsets.

Recognition takes spaCy's GPE/LOC/FAC entities and adds capitalised names spaCy missed or mislabelled
("al-Azim" as an organisation) when the gazetteer knows them exactly. Precision is kept by skipping
names inside organisation-like phrases ("Islamic State of Iraq and Syria"), person names, acronyms,
dates and common words. Resolution (which reading of each name is meant) is ``geoparse.py``'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from marsad.gazetteer.demonyms import demonym_code
from marsad.gazetteer.names import GENERIC_WORDS, name_key, strip_generic
from marsad.model import Place
from marsad.pipeline import Analysis

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
            ner.append(Candidate(text[start:end], start, end, "ner"))
        elif ent.label_ == "ORG":
            orgs.append((ent.start_char, ent.end_char, ent.text))
        elif ent.label_ == "PERSON" and _locative(text, art_start, ent.end_char):
            # The small model calls unfamiliar village names people ("in Fleifel", "Banfora (Banfora,
            # Comoe)"); after "in"/"near"/"town of", or before "(District, Province)", it is a place.
            ner.append(Candidate(text[art_start : ent.end_char], art_start, ent.end_char, "ner"))
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


def _entity_places(doc: Any, text: str, gazetteer: Any) -> list[Candidate]:
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
                out.append(Candidate(etext, start, start + len(etext), "demonym"))
                continue
        if ent.label_ == "PERSON":
            top = gazetteer.lookup(ent.text, limit=1, exact=True)
            if top and (top[0].gazetteer_id or "").startswith(("marsad:country:", "marsad:admin1:")) and len(ent) > 1:
                out.append(Candidate(ent.text, ent.start_char, ent.end_char, "ner"))
        elif ent.label_ in {"ORG", "FAC"} and len(ent) > 1:
            # Only a leading country name is a modifier that names a place ("Pakistan Army"); one
            # inside a name is part of the name ("Islamic State of Iraq and Syria").
            tok = ent[1] if ent[0].lower_ == "the" and len(ent) > 2 else ent[0]
            if tok.is_title and len(tok.text) > 3 and gazetteer.country_of(tok.text):
                out.append(Candidate(tok.text, tok.idx, tok.idx + len(tok.text), "ner"))
    return out


def recognise(analysis: Analysis, gazetteer: Any) -> list[Candidate]:
    """Candidate toponyms: spaCy's place entities, then gazetteer-known capitalised phrases."""
    text = analysis.document.text
    ner, blocked, person_keys, inner = _spans(analysis.doc, text)
    taken: list[tuple[int, int]] = []
    out: list[Candidate] = []

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
                        out.append(Candidate(text[s:e], s, e, "gazetteer"))
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
    for cand in out:
        cand.qualifier = qualifier_before(text, cand.start)
    return sorted(out, key=lambda c: c.start)


def _proper_noun(doc: Any, start: int, end: int) -> bool:
    """A single capitalised word counts as a name only where spaCy tags it a proper noun."""
    if doc is None:
        return True
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(t.pos_ == "PROPN" for t in span)
