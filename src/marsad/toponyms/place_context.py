"""The words around a name that say it stands where places stand ("in Lombard", "Laconia, N.H.", "the
town of X", "X (District, Province)") or that it is a person's ("President X"), and the qualifier
written before it ("near", "northern", "outskirts of"). Recognition (``recognise.py``) asks these
questions of the names it is unsure of."""

from __future__ import annotations

import re

# Qualifiers written before a place name, longest first; they lower the geo precision of events.
QUALIFIERS: tuple[str, ...] = tuple(
    sorted(
        """on the outskirts of|the outskirts of|outskirts of|in the vicinity of|the vicinity of|vicinity of|
        in the countryside of|the countryside of|countryside of|rural|near|nearby|close to|around|outside of|
        outside|north of|south of|east of|west of|northeast of|northwest of|southeast of|southwest of|
        north-east of|north-west of|south-east of|south-west of|northern|southern|eastern|western|central|
        northeastern|northwestern|southeastern|southwestern|north-eastern|north-western|south-eastern|
        south-western|the north of|the south of|the east of|the west of|northeast|northwest|southeast|southwest|
        east|west|north|south""".replace(
            "\n", ""
        ).split("|"),
        key=len,
        reverse=True,
    )
)
_QUALIFIER_RE = re.compile(r"(?:^|\W)(" + "|".join(re.escape(q.strip()) for q in QUALIFIERS) + r")\s+(?:the\s+)?$", re.I)


def qualifier_before(text: str, start: int) -> str | None:
    """The qualifier written right before a name ("near", "northern", "outskirts of"), lowercased."""
    window = text[max(0, start - 40) : start]
    m = _QUALIFIER_RE.search(window)
    return " ".join(m.group(1).lower().split()) if m else None


# Words after which a name is a person's: "President X", "said X".
TITLE_BEFORE = re.compile(r"(?i)\b(?:mr|mrs|ms|dr|president|minister|general|colonel|commander|sheikh|leader|"
                           r"spokesman|spokesperson|said|told|by)\.?\s+$")
# "in X", "the town of X"; a sentence may open with the preposition ("In Youngstown, the mayor ...").
_LOCATIVE_BEFORE = re.compile(
    r"(?i:\b(?:in|at|near|outside|around|towards?|into)\s+(?:the\s+)?|"
    r"\b(?:town|city|village|villages|area|district|province|region|neighbou?rhood|outskirts|vicinity|"
    r"countryside|suburbs?|(?:north|south|east|west)(?:-?(?:east|west))?)\s+of\s+)$"
)
# The town's own people and offices after its name: "Roselle police", "55 Gainesville residents", "the
# Laconia City Council", which a reader takes as the town's, whatever else the name may be a word for.
LOCAL_AFTER = re.compile(
    r"\s+(?:police|policemen|officers|detectives|firefighters|fire department|residents?|officials|mayor|"
    r"city council|town council|city hall|school board|school district|public schools|selectm[ae]n|councilm[ae]n|"
    r"aldermen|republican|democrat|natives?)\b", re.I
)
_LOCATIVE_AFTER = re.compile(
    r"^(?:\s+(?:city|town|village|district|province|region|governorate|area|camp|neighbou?rhood)\b|\s*\((?!\d))"
)


def locative(text: str, start: int, end: int) -> bool:
    """Whether a name stands where places stand: after a locative preposition or "town of", or right
    before a generic word or a parenthesised "(District, Province)"; never after a title."""
    before = text[max(0, start - 40) : start]
    if TITLE_BEFORE.search(before):
        return False
    prev = before.rstrip()[-1:] if before.strip() else ""
    if prev in {"(", ","}:
        # Inside a parenthesised list of areas: "(Logobou, Tapoa)"; or a list "Town, Province
        # governorate" whose generic word says so.
        open_at = text.rfind("(", max(0, start - 60), start)
        if open_at != -1 and ")" not in text[open_at:start] and ")" in text[end : end + 60]:
            return True
        return bool(_LOCATIVE_AFTER.match(text[end : end + 20])) and not text[end : end + 20].lstrip().startswith("(")
    return bool(_LOCATIVE_BEFORE.search(before[-30:]) or _LOCATIVE_AFTER.match(text[end : end + 20]))


def placed(text: str, start: int, end: int) -> bool:
    """Whether a name is written as a place and no one's: after a locative preposition ("in Greer",
    but not "at Obama's") or before the town's people or offices ("Roselle police")."""
    before = text[max(0, start - 30) : start]
    if TITLE_BEFORE.search(before):
        return False
    return bool(LOCAL_AFTER.match(text, end)) or (
        bool(_LOCATIVE_BEFORE.search(before)) and not re.match(r"['’]s?\b", text[end : end + 3]))


def gloss(text: str, start: int, end: int) -> bool:
    """A word alone in parentheses, a translation ("the Madares (School) street"), not a list of areas."""
    return text[start - 1 : start] == "(" and text[end : end + 1] == ")"


def place_context(text: str, start: int, end: int) -> bool:
    """Whether the words around a name say it is a place: "in Lombard", "Laconia, N.H.", "Roselle police"."""
    return locative(text, start, end) or bool(LOCAL_AFTER.match(text, end)) or bool(re.match(r",\s*[A-Z][a-z]*\.?\s*[A-Z]?[a-z]*\.?(?:[ ,;.)]|$)", text[end : end + 16]))


_LISTED_NAME = r"[A-Z][\w'’.]*(?: [A-Z][\w'’.]*)?"
# "Clay, Lyon and Polk counties", "the Elk and Mill rivers".
_AREA_LIST = re.compile(
    rf"(?<![\w-])({_LISTED_NAME}(?:, {_LISTED_NAME})*,? (?:and|or|&) {_LISTED_NAME}) "
    r"(?:counties|parishes|townships|boroughs|provinces|states|districts|rivers|creeks|lakes|islands)\b"
)


def listed_areas(text: str) -> list[tuple[int, int]]:
    """The names listed before a plural generic word ("Jackson and Barrow counties"): each is a place."""
    out = []
    for m in _AREA_LIST.finditer(text):
        for part in re.finditer(_LISTED_NAME, m.group(1)):
            s, e = m.start(1) + part.start(), m.start(1) + part.end()
            if lead := re.match(r"(?:The|And|Or) ", text[s:e]):
                s += lead.end()
            out.append((s, e))
    return out
