"""The trigger lexicon (``marsad/data/event_lexicon.json``), compiled once per process.

Phrases are lower-case lemma sequences. They are compiled into a first-word index so a sentence is
matched in one pass over its tokens (cheaper than spaCy's PhraseMatcher for a few hundred phrases and
independent of the vocab). The compiled form is cached with ``lru_cache``: it is immutable data, not a
service, so a module-level cache is fine.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.tokens import Span, Token


@dataclass(frozen=True)
class CueMatch:
    """One lexicon hit in a sentence: the cue class, the phrase and its token range."""

    cue: str
    phrase: str
    start: int  # token index in the Doc
    end: int
    weight: float

    def head(self, sent: Span) -> Token:
        """The syntactic head of the matched phrase (the token whose head lies outside it)."""
        doc = sent.doc
        for i in range(self.start, self.end):
            tok = doc[i]
            if not (self.start <= tok.head.i < self.end) or tok.head.i == tok.i:
                return tok
        return doc[self.end - 1]


@dataclass(frozen=True)
class Lexicon:
    version: str
    index: dict[str, tuple[tuple[tuple[str, ...], str, float], ...]]  # first word -> (phrase, cue, weight)
    contexts: dict[str, frozenset[str]]
    multiword_contexts: dict[str, tuple[str, ...]]

    def match(self, tokens: Sequence[Token]) -> list[CueMatch]:
        """All cue matches over ``tokens`` (longest phrase first at each position, all cue classes)."""
        out: list[CueMatch] = []
        n = len(tokens)
        lemmas = [t.lemma_.lower() for t in tokens]
        words = [t.lower_ for t in tokens]
        for k in range(n):
            for key in {lemmas[k], words[k]}:
                for phrase, cue, weight in self.index.get(key, ()):
                    m = len(phrase)
                    if k + m > n:
                        continue
                    if all(phrase[j] in (lemmas[k + j], words[k + j]) for j in range(1, m)):
                        out.append(CueMatch(cue, " ".join(phrase), tokens[k].i, tokens[k + m - 1].i + 1, weight))
        return out

    def has_context(self, name: str, text_lower: str) -> str | None:
        """The first multi-word context phrase of ``name`` found in ``text_lower`` (substring match)."""
        for phrase in self.multiword_contexts.get(name, ()):
            if phrase in text_lower:
                return phrase
        return None


def _load_json(name: str) -> dict[str, Any]:
    # marsad/data sits beside the stages package and ships as package data (pyproject: data/**/*).
    path = Path(__file__).resolve().parents[1] / "data" / name
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _split(phrase: str) -> tuple[str, ...]:
    # "rest-house" is three spaCy tokens; "shoot dead" two.
    out: list[str] = []
    for word in phrase.lower().split():
        if "-" in word and len(word) > 1 and not word.startswith("-"):
            parts = word.split("-")
            for j, p in enumerate(parts):
                if p:
                    out.append(p)
                if j < len(parts) - 1:
                    out.append("-")
        else:
            out.append(word)
    return tuple(out)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Compile the event lexicon (cached for the process)."""
    raw = _load_json("event_lexicon.json")
    index: dict[str, list[tuple[tuple[str, ...], str, float]]] = {}
    for cue, spec in raw["cues"].items():
        for phrase in spec["phrases"]:
            toks = _split(phrase)
            index.setdefault(toks[0], []).append((toks, cue, float(spec["weight"])))
    frozen = {k: tuple(sorted(v, key=lambda e: -len(e[0]))) for k, v in index.items()}
    contexts = {k: frozenset(w for w in v if " " not in w) for k, v in raw["contexts"].items()}
    multi = {k: tuple(w for w in v if " " in w) for k, v in raw["contexts"].items()}
    return Lexicon(raw.get("version", "0"), frozen, contexts, multi)


@lru_cache(maxsize=1)
def load_actor_data() -> dict[str, Any]:
    """The curated actor dictionary (``marsad/data/actors.json``), parsed once."""
    return _load_json("actors.json")
