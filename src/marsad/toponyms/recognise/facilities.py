"""Sites inside a town: streets, roads, buildings and venues ("Royal Street", "the Barclays Center",
"the A417", "City Hall"). The gazetteer does not list them, but a reader knows where they are: in the
town the story has just named. Such a site is reported at that town's point, as ACLED codes an event
"near" a town (geo_precision 2), with the kind "site" so that it never locates an event by itself
(events keep their own place hints) and a lower score than a name the gazetteer knows."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from marsad.model import Toponym

# The last word of a site's name: the kind of thing it is.
SITE_HEADS = frozenset(
    """square plaza bridge tunnel pier wharf quay promenade
    center centre tower towers hall arena stadium ballpark racecourse racetrack circuit speedway
    airport airbase terminal station depot port harbour harbor marina
    hospital clinic infirmary cathedral church chapel mosque synagogue temple basilica shrine
    cemetery graveyard
    museum gallery library theatre theater cinema auditorium colosseum
    hotel inn motel restaurant cafe pub tavern mall market
    courthouse jail prison penitentiary embassy consulate palace castle fort barracks
    campus plantation school college university academy""".split()
)
# Heads that only name a site with a proper name before them ("Third Presbyterian Church" but not
# the bare "Church").
_BARE_OK = frozenset({"city hall", "town hall", "the capitol", "capitol hill", "white house", "west wing"})
_SITE_RE = re.compile(
    r"\b((?:(?:[A-Z][\w'’.-]*|\d+(?:st|nd|rd|th)|of|the|de|du|la|le)\s+){0,4}[A-Z][\w'’.-]*)\s+("
    + "|".join(sorted((h.capitalize() for h in SITE_HEADS), key=len, reverse=True))
    + r")\b"
)
# Numbered roads: the A417 or M4 (Britain), I-95 and Interstate 80, Route 66, Highway 401.
_ROAD_RE = re.compile(r"\b(?:[AM]\d{1,4}(?:\(M\))?|I-\d{1,3}|Interstate\s\d{1,3}|(?:US|State)\s(?:Route|Highway)\s\d{1,4}"
                      r"|Route\s\d{1,4}|Highway\s\d{1,4})\b")
# Words that open a sentence or a title, not a site's name.
_LEAD_WORDS = frozenset({"The", "A", "An", "In", "At", "On", "Near", "From", "To", "By", "And", "Of", "For", "With"})


def site_spans(text: str, doc: Any) -> list[tuple[int, int]]:
    """Character spans of sites' names: spaCy's facilities, organisation names that end in a site's
    word ("MetroHealth Medical Center"), capitalised names before such a word, numbered roads."""
    spans: list[tuple[int, int]] = []
    if doc is not None:
        for ent in doc.ents:
            last = ent[-1].lower_.rstrip(".")
            if ent.label_ == "FAC" or (ent.label_ in {"ORG", "GPE", "LOC", "PERSON"} and last in SITE_HEADS and len(ent) > 1):
                start = ent.start_char + (4 if ent.text.startswith(("The ", "the ")) else 0)
                spans.append((start, ent.end_char))
    for m in _SITE_RE.finditer(text):
        start = m.start(1)
        words = m.group(1).split()
        while words and (words[0] in _LEAD_WORDS or words[0].lower() in {"of", "the", "de", "du", "la", "le"}):
            start = text.index(words[1], start) if len(words) > 1 else m.start(2)
            words = words[1:]
        if words:
            spans.append((start, m.end()))
    low = text.lower()
    for bare in _BARE_OK:
        for m in re.finditer(re.escape(bare), low):
            s = m.start() + (4 if bare.startswith("the ") else 0)  # "the Capitol": the name is capitalised
            if text[s].isupper():
                spans.append((s, m.end()))
    spans.sort(key=lambda se: (se[0], -se[1]))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s < out[-1][1]:
            continue
        out.append((s, e))
    return out


def _town(t: Toponym) -> bool:
    p = t.place
    return (t.kind == "name" and p is not None and p.latitude is not None
            and (p.feature_class == "P" or p.level == "admin2"))


def sites(text: str, doc: Any, toponyms: list[Toponym]) -> list[Toponym]:
    """Sites' names the toponyms do not already cover, each placed at the town the text names with
    it: a town written right after it ("Royal Street in New Orleans"), else the last town named before
    it, else the first named after it. A text that names no town places no site."""
    towns = [t for t in toponyms if _town(t)]
    if not towns:
        return []
    out: list[Toponym] = []
    for s, e in site_spans(text, doc):
        if any(t.start < e and t.end > s for t in toponyms):
            continue  # the place in the name is found already ("Henderson County Jail")
        after = next((t for t in towns if e <= t.start <= e + 6 and re.match(r"\s*(?:,|in|at|of)?\s*$", text[e : t.start])), None)
        before = [t for t in towns if t.end <= s]
        town = after or (before[-1] if before else next((t for t in towns if t.start >= e), None))
        if town is None or town.place is None:
            continue
        place = replace(town.place, score=round(min(town.place.score, 1.0) * 0.5, 4))
        out.append(Toponym(text[s:e], s, e, place, "near", "site"))
    return out
