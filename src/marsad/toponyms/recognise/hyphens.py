"""Places written joined by hyphens, which the small model and the capitalised-phrase scan read as one
unknown word: a legislator's party and home ("Sen. Jane Roe, R-Elmtown", "D-Iowa City", "D-S.C."),
a pair of places ("the Fargo-Moorhead area", "the Amsterdam-London leg", "DPRK-U.S. talks") and a
place before "-based" or "-backed" ("a Northbrook-based retailer", "EU-backed financing")."""

from __future__ import annotations

import re

from unidecode import unidecode

from marsad.gazetteer.names import GENERIC_WORDS, name_key, strip_generic
from marsad.model import GazetteerService
from marsad.toponyms.place_names import name_level, plain_word
from marsad.toponyms.recognise.org_names import INSTITUTION_WORDS

_NAME_WORD = r"(?:[A-Z]\.){1,3}|[A-Z][\w'’]*\.?"
# Up to three capitalised words right before a hyphen, and the words right after it.
_LEFT = re.compile(rf"(?<![\w.-])((?:(?:{_NAME_WORD}) ){{0,2}}(?:{_NAME_WORD}))$")
_RIGHT = re.compile(rf"((?:{_NAME_WORD})(?: (?:{_NAME_WORD})){{0,4}})")
_PARTY = {"D", "R", "I", "DFL", "Ind"}
_ATTACHED = re.compile(r"(?:based|backed|born|owned|made|led|bound|headquartered)\b")
_HYPHEN = re.compile(r"(?<=[\w.])[-–](?=[A-Za-z])")
_SAID_AFTER = re.compile(r"\s*(?:said|says|told|added|wrote)\b")
_COMPASS = frozenset("""north south east west central northern southern eastern western mid upper lower
    greater""".split())


def hyphen_places(text: str, gazetteer: GazetteerService, people: list[tuple[int, int]], person_keys: set[str]) -> list[tuple[int, int]]:
    """The spans of the places in hyphenated words that the gazetteer does not know whole."""
    out: list[tuple[int, int]] = []
    for h in _HYPHEN.finditer(text):
        at = h.start()
        left = _LEFT.search(text, max(0, at - 40), at)
        if left is None:
            continue
        after = at + 1
        words = [(m.start(), m.end()) for m in re.finditer(rf"{_NAME_WORD}", left.group(1))]
        words = [(left.start(1) + s, left.start(1) + e) for s, e in words]
        last = text[words[-1][0] : words[-1][1]]
        if last in _PARTY and (text[max(0, words[-1][0] - 2) : words[-1][0]] == ", " or text[words[-1][0] - 1 : words[-1][0]] == "("):
            # "Sen. Jane Roe, R-Elmtown": a legislator is written with the party letter and the home town of the seat.
            if right := _RIGHT.match(text, after):
                span = _longest(text, _prefixes(text, right.start(1), right.end(1)), gazetteer, any_place=True)
                if span:
                    out.append(span)
            continue
        if _ATTACHED.match(text, after):
            span = _longest(text, _suffixes(words), gazetteer)
            if span and not _personal(span, people, person_keys, text):
                out.append(span)
            continue
        right = _RIGHT.match(text, after)
        if right is None:
            continue
        whole = text[words[-1][0] : right.start(1) + len(right.group(1).split(" ")[0])]
        if gazetteer.has_key(name_key(whole)) or name_key(whole) in person_keys or _SAID_AFTER.match(text, right.end(1)):
            continue  # "Wilkes-Barre" is one town; "Webb-Lawton said" a person
        first = _longest(text, _suffixes(words), gazetteer)
        second = _longest(text, _prefixes(text, right.start(1), right.end(1)), gazetteer)
        if first is None or second is None or first[0] != words[0][0]:
            continue  # "Aniya Day-Garrett": a name runs on before it
        rest = text[second[1] : right.end(1)].lower().split()
        if rest and not any(w.rstrip("'’s") in INSTITUTION_WORDS for w in rest):
            continue  # "Shin-Soo Choo": a name runs on after it (not "Union-Clark County Arts Council")
        if all(plain_word(gazetteer, text[s:e]) for s, e in (first, second)):
            continue  # "Coca-Cola"
        pair = [first, second]
        if not any(_personal(span, people, person_keys, text) for span in pair):
            out += pair
    return sorted(set(out))


def _suffixes(words: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans of the last one, two and three words before a hyphen, longest first."""
    return [(words[i][0], words[-1][1]) for i in range(len(words))]


def _prefixes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of the first one, two and three words after a hyphen, longest first."""
    ends = [start + m.end() for m in re.finditer(rf"{_NAME_WORD}", text[start:end])][:3]
    return [(start, e) for e in reversed(ends)]


def _longest(text: str, spans: list[tuple[int, int]], gazetteer: GazetteerService, any_place: bool = False) -> tuple[int, int] | None:
    """The longest span the gazetteer knows as a place (with ``any_place``, by any of its names; else by
    its own name, as a country or province, or as a big town)."""
    for s, e in spans:
        name = text[s:e].rstrip("'’")
        lows = name.lower().split()
        if len(name_key(name)) < 2 or not gazetteer.has_key(name_key(name)) or any(
                (w in INSTITUTION_WORDS and w not in GENERIC_WORDS) or w in _COMPASS for w in lows):
            continue
        level = name_level(gazetteer, name)
        if name.isupper() and len(name) <= 4:
            if level in {"country", "region"} or (any_place and level):  # "DPRK", "EU", not "IBA" or "FL"
                return s, e
            continue
        if any_place or level or _exact(gazetteer, strip_generic(name)[0]):
            return s, s + len(name)
    return None


def _exact(gazetteer: GazetteerService, name: str) -> bool:
    """Whether a place has this very name, not only a spelling variant of it ("Wal" is not Wall)."""
    plain = unidecode(name).lower()
    return any(unidecode(p.name).lower() == plain for p in gazetteer.lookup(name, limit=10, exact=True))


def _personal(span: tuple[int, int], people: list[tuple[int, int]], person_keys: set[str], text: str) -> bool:
    """Whether a span is part of a person's name ("Karen Lindqvist-Ortega")."""
    s, e = span
    return name_key(text[s:e]) in person_keys or any(ps <= s and e <= pe for ps, pe in people)
