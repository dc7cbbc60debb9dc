"""Demonyms written in a text as references to places ("the Russian embassy", "a Kurdish enclave",
"the English city of Salisbury"): the geoparsing corpora take an adjectival demonym as a mention of its
country, nation or region (``marsad.gazetteer.demonyms``), but not a language ("in English"), an
ethnic group written with another demonym ("African-American") or a plural noun naming people
("Nigerians")."""

from __future__ import annotations

import re

from marsad.gazetteer.demonyms import DEMONYMS

DEMONYM_RE = re.compile(
    r"(?<![\w])(?:"
    + "|".join(re.escape(" ".join(w.capitalize() for w in d.split())) for d in sorted(DEMONYMS, key=len, reverse=True))
    + r")(?![\w])"
)
_ETHNIC_BEFORE = re.compile(r"(?:\b(?:Native|African|Asian|Irish|Italian|Mexican|Arab|Latin|Central|Korean)[- ]|-)$")
_LANGUAGE_AFTER = re.compile(r"^[- ](?:language|speaking|speakers?|lessons?|class|classes|teacher|translation)\b|^[- ]American\b")
_LIST_LINK = re.compile(r",\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+")


def demonym_spans(text: str, plural: bool = False) -> list[tuple[int, int]]:
    """The adjectival demonyms written in a text ("the Canadian Press", "anti-Russian"), and plural
    nouns too if asked for."""
    return [(m.start(), m.end()) for m in DEMONYM_RE.finditer(text) if adjectival(text, m.start(), m.end(), plural)]


def adjectival(text: str, start: int, end: int, plural: bool = False) -> bool:
    """Whether a demonym modifies a noun, as "the Russian embassy" (a reference to Russia), and is not
    a language ("in English", "English language learners"), an ethnic group written with another
    demonym ("African-American", "Native American") or, unless asked for, a plural noun naming
    people ("Nigerians")."""
    word = text[start:end]
    if word.endswith("s") and word[:-1].lower() in DEMONYMS:
        return plural
    if _ETHNIC_BEFORE.search(text[max(0, start - 8) : start]) and word in {"American", "Americans"}:
        return False
    if _LANGUAGE_AFTER.match(text[end : end + 14]):
        return False
    # An adjective stands before a word ("Russian diplomats", "Canadian Press"), or before others that
    # share the word ("Georgian, Russian and South Ossetian delegates", "German, Italian and other
    # immigrants"); alone before punctuation or "and", it is a language or a person ("in Russian").
    if (link := _LIST_LINK.match(text, end)) is not None:
        if text.startswith("other ", link.end()):
            return True
        nxt = DEMONYM_RE.match(text, link.end())
        return nxt is not None and adjectival(text, nxt.start(), nxt.end(), plural)
    return bool(re.match(r"[ -]+(?!and\b|or\b)[\w]", text[end : end + 6]))
