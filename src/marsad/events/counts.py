"""Counting the dead, the injured and the arrested, from words and digits.

ACLED takes the most conservative figure ("at least 5" -> 5, "between 3 and 5" -> 3, "dozens" -> 12,
"tens" -> 10, "hundreds" -> 100) and counts deaths only in ``fatalities``. Vague counts follow ACLED's
conventions for unknown figures:

* an *unknown* amount ("an unknown number of", "an unspecified number of", "a number of", "numerous")
  is coded 10, ACLED's default for fatalities reported without a figure;
* a small vague plural ("several", "some", "a few", "a handful", "multiple", "many") is coded 3, the
  smallest amount the word allows (more than two): the most conservative reading;
* vague and exact parts add up like exact ones ("four soldiers and several militants" = 4 + 3 = 7;
  "a number of fighters ... in addition to one" = 10 + 1), since ACLED sums the parts it can count.
 Counts come from the dependency parse first (the number
attached to the subject of "were killed", the object of "killed", the noun "bodies"/"deaths"), then
from a few fixed phrasings ("death toll rose to 12", "1 fatality").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Span, Token

UNKNOWN_AMOUNT = 10  # ACLED: fatalities reported with no figure ("an unknown number") are coded 10
UNITS = {
    "zero": 0, "no": 0, "one": 1, "a": 1, "an": 1, "single": 1, "lone": 1, "two": 2, "both": 2, "pair": 2,
    "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "dozen": 12, "dozens": 12, "tens": 10, "scores": 20, "score": 20, "hundreds": 100, "thousands": 1000,
    "several": 3, "few": 3, "some": 3, "number": UNKNOWN_AMOUNT, "many": 3, "unknown": UNKNOWN_AMOUNT, "multiple": 3,
    "numerous": UNKNOWN_AMOUNT, "unspecified": UNKNOWN_AMOUNT, "undisclosed": UNKNOWN_AMOUNT, "undetermined": UNKNOWN_AMOUNT,
    "couple": 2, "handful": 3,
}  # fmt: skip
DEATH_LEMMAS = frozenset(
    "kill die dead death fatality fatal body corpse behead execute murder assassinate slay massacre "
    "slaughter lynch perish toll".split()
)
INJURY_LEMMAS = frozenset("wound injure hurt injury injured wounded maim".split())
ARREST_LEMMAS = frozenset("arrest detain apprehend capture nab custody detention arrestee".split())

_NUM_WORD = r"(?:\d[\d,]*|" + "|".join(
    k for k in UNITS if len(k) > 2 and k not in ("number", "some", "unknown", "unspecified", "undisclosed", "undetermined")
) + r")"
_FIXED_DEATHS = [
    re.compile(r"death toll (?:\w+ ){0,3}?(?:to|of|at|reached|is|was|stands at|rose to)\s+(?:at least\s+)?(" + _NUM_WORD + r")", re.I),
    re.compile(r"\b(" + _NUM_WORD + r")\s+(?:fatalities|fatality|deaths|people dead|dead)\b", re.I),
    re.compile(r"\bleav\w+\s+(" + _NUM_WORD + r")\s+(?:\w+\s+){0,2}dead\b", re.I),
]  # fmt: skip
_NO_DEATHS = re.compile(
    r"\b(?:no|neither|without)\s+(?:\w+\s+){0,3}?(?:fatalities|casualties|deaths|one was killed|injuries nor fatalities)"
    r"|\bno (?:reported )?(?:fatalities|casualties|deaths)\b|\bnobody was killed\b|\bno one was killed\b",
    re.I,
)


def word_number(word: str) -> int | None:
    """A number from one word: "12", "1,200", "twelve", "twenty-five", "dozens"; None if not a number."""
    w = word.lower().strip().replace(",", "")
    if w.isdigit():
        return int(w)
    if w in UNITS:
        return UNITS[w]
    if "-" in w:
        parts = [UNITS.get(p) for p in w.split("-")]
        if all(p is not None for p in parts):
            return sum(p for p in parts if p is not None)
    return None


def _num_from_children(tok: Token) -> int | None:
    """The count a noun carries: "two militants", "a soldier", "dozens of people", "between 3 and 5"."""
    best: int | None = None
    for child in tok.children:
        if child.dep_ == "nummod" or (child.dep_ in ("det", "amod", "quantmod") and word_number(child.text) is not None):
            n = word_number(child.text)
            if n is None:
                continue
            # "between 3 and 5": the parse hangs "5" under "3" (conj) or both under the noun; the
            # first number met in text order is the lower, conservative bound.
            if best is None or child.i < tok.i:
                best = n if best is None else min(best, n)
    if best is None and tok.i > 0:
        prev = tok.doc[tok.i - 1]
        if prev.like_num or prev.lower_ in UNITS and prev.lower_ not in ("no", "some", "number"):
            best = word_number(prev.text)
    return best


def np_count(head: Token) -> int | None:
    """People counted by a noun phrase head, summed over conjuncts ("1 soldier and 2 militants" = 3)."""
    if head.like_num or word_number(head.text) is not None and head.pos_ in ("NUM", "PRON", "NOUN"):
        n = word_number(head.text)
        # "dozens of people", "two of them", "scores of civilians"
        return n
    total: int | None = None
    for t in [head, *[c for c in head.conjuncts if c.pos_ in ("NOUN", "PROPN")]]:
        n = _num_from_children(t)
        if n is None:
            if t.tag_ in ("NN", "NNP") and t.lower_ not in ("number", "people", "police"):
                n = 1  # a singular noun: "an ISIS militant was arrested"
            elif t.lower_ == "him" or t.lower_ == "her":
                n = 1
        if n is not None:
            total = (total or 0) + n
    return total


def _arguments(trigger: Token) -> Iterable[Token]:
    """Noun phrases whose members a trigger counts: the patient of the verb (object, passive
    subject), the subject of "die", or the trigger noun itself ("five bodies", "3 deaths")."""
    if trigger.pos_ in ("NOUN", "PROPN", "NUM"):
        if _num_from_children(trigger) is None:
            for prep in trigger.children:  # "the bodies of three men"
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    yield from (c for c in prep.children if c.dep_ == "pobj")
                    return
        yield trigger
        return
    prev = trigger.doc[trigger.i - 1] if trigger.i > 0 else None
    if prev is not None and prev.like_num and trigger.dep_ == "conj":
        yield prev  # "5 people were killed and 12 wounded"
        return
    if trigger.pos_ == "ADJ":  # "two people dead", "five were dead"
        if trigger.dep_ in ("amod",):
            yield trigger.head
        for c in trigger.head.children if trigger.dep_ in ("acomp", "oprd", "advmod", "xcomp") else ():
            if c.dep_ in ("nsubj", "dobj", "nsubjpass"):
                yield c  # "a man was shot dead", "gunmen shot dead two men"
        return
    for child in trigger.children:
        if child.dep_ in ("nsubjpass", "dobj"):
            yield child
        elif child.dep_ == "nsubj" and trigger.lemma_ in ("die", "perish"):
            yield child
    if trigger.dep_ in ("acl", "amod") and trigger.head.pos_ in ("NOUN", "PROPN"):
        yield trigger.head  # "two soldiers killed in ...", "the killed soldiers"
    if trigger.dep_ == "conj" and not any(c.dep_ in ("dobj", "nsubjpass") for c in trigger.children):
        # "were killed and wounded": the shared subject hangs on the first verb
        for c in trigger.head.children:
            if c.dep_ in ("nsubjpass",):
                yield c


def count(span: Span, lemmas: frozenset[str]) -> int | None:
    """The largest count attached to any trigger of ``lemmas`` in ``span``; None when none is said."""
    best: int | None = None
    for tok in span:
        if tok.lemma_.lower() not in lemmas and tok.lower_ not in lemmas:
            continue
        if any(c.dep_ == "neg" for c in tok.children):
            continue
        for arg in _arguments(tok):
            if arg.lower_ in ("no", "none", "nobody", "one") and arg.lower_ != "one":
                continue
            if any(c.lower_ in ("no", "none") for c in arg.children):
                continue
            n = np_count(arg)
            if n is not None:
                best = n if best is None else max(best, n)
    return best


def fatalities(span: Span) -> int | None:
    """Deaths in a sentence; None when the sentence says nothing about deaths."""
    text = span.text
    n = count(span, DEATH_LEMMAS)
    for pat in _FIXED_DEATHS:
        m = pat.search(text)
        if m:
            k = word_number(m.group(1))
            if k is not None:
                n = k if n is None else max(n, k)
    if n is None and _NO_DEATHS.search(text):
        return 0
    return n


def injuries(span: Span) -> int | None:
    return count(span, INJURY_LEMMAS)


def arrests(span: Span) -> int | None:
    return count(span, ARREST_LEMMAS)

