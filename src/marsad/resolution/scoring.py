"""Pairwise evidence that two mentions (from different documents) report the same event.

``score`` returns ``None`` for a pair that cannot be one event (a veto: another family of event
types, dates that cannot overlap, places too far apart, the same document, two texts worded alike
that each name a place of their own) and otherwise a sum of signed evidence: the sub-event type, the
day, the place, the actors, the counts, the wording, the names each report writes and the outlet.
Two reports of one clash agree on most of these; two clashes on one day in one town differ in
actors, counts, wording or the village they name, and the negative terms keep them apart.
``THRESHOLD`` was set on the development sets in ``tests/test_resolution.py`` (pairwise F1) and two
slices of ACLED notes (wrong merges); the names and the outlet rules are what let it sit lower than
before without merging templated reports of neighbouring villages or one city's several protests.
"""

from __future__ import annotations

import math

from rapidfuzz.distance import Levenshtein

from marsad.resolution.features import MentionRecord, is_generic

THRESHOLD = 4.0
SLACK_DAYS = 1  # reports of one event may date it a day apart (night-time events, "yesterday")
MAX_SPAN_DAYS = 40  # no interval is wider than a month plus slack: the sweep's horizon

# How far apart two geocoded mentions of one event can be, by the coarser ACLED geo_precision.
_RADIUS_KM = {1: 30.0, 2: 60.0, 3: 200.0}
_SAME_PLACE_KM = 3.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def overlaps(a: MentionRecord, b: MentionRecord) -> bool:
    """Whether the dates can be of one event (intervals overlap, with a day's slack)."""
    return a.start <= b.end + SLACK_DAYS and b.start <= a.end + SLACK_DAYS


def _type_score(a: MentionRecord, b: MentionRecord) -> float:
    if a.sub_event_type == b.sub_event_type:
        return 1.0
    if a.event_type == b.event_type:
        return -0.3
    return -1.0


def _date_score(a: MentionRecord, b: MentionRecord) -> float:
    if a.precision == 1 and b.precision == 1:
        # a day apart happens ("overnight", "yesterday") but also marks daily repeated protests; when
        # both reports write the day out ("On 2 May 2020"), a day apart is two days
        apart = abs(a.start - b.start)
        if apart == 1 and a.explicit_date and b.explicit_date:
            return -2.5
        return {0: 1.0, 1: -0.8}.get(apart, -1.5)
    return 0.2  # a week or month against a day: compatible, not evidence


def _same_named_town(a: MentionRecord, b: MentionRecord) -> bool:
    """Both reports name the place they were geocoded to first (spellings aside)."""
    return bool(a.primary and b.primary and a.place_key) and all(
        same_name(x, y) for x, y in ((a.primary, b.primary), (a.primary, a.place_key), (b.primary, b.place_key))
    )


def _place_score(a: MentionRecord, b: MentionRecord) -> float | None:
    if a.country and b.country and a.country != b.country:
        return None
    both_coords = a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    if both_coords:
        d = distance_km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]
        coarse = max(a.geo_precision or 1, b.geo_precision or 1)
        if d > _RADIUS_KM.get(coarse, 200.0):
            return None
        if d <= _SAME_PLACE_KM or (a.place_key and a.place_key == b.place_key):
            # the same town is evidence; the same province centroid (a fallback) much less, unless
            # both name the town and only qualify it ("near Baquba", "the outskirts of Baqubah")
            return 1.5 if coarse == 1 else 1.2 if _same_named_town(a, b) else 0.4
        if coarse == 1:
            return -2.0  # two named towns: two places
        return 0.3  # a town within the region another report names
    if a.place_key and a.place_key == b.place_key:
        return 1.2 if max(a.geo_precision or 1, b.geo_precision or 1) == 1 or _same_named_town(a, b) else 0.4
    if a.admin1 and b.admin1:
        return 0.2 if a.admin1 == b.admin1 else None
    return -0.5  # unknown place: the other evidence has to carry the pair


def _actor_side(x: str, y: str) -> float:
    if not x or not y:
        return 0.0
    if x == y:
        return 0.3 if is_generic(x) else 1.0
    if is_generic(x) or is_generic(y):
        return 0.0
    return -1.0


def _actor_score(a: MentionRecord, b: MentionRecord) -> float:
    straight = _actor_side(a.a1, b.a1) + _actor_side(a.a2, b.a2)
    crossed = _actor_side(a.a1, b.a2) + _actor_side(a.a2, b.a1)  # sides swapped by one report
    return max(straight, crossed - 0.3)


def _count_side(x: int, y: int) -> float:
    if x <= 0 or y <= 0:
        return 0.0
    if x == y:
        return 0.3 if x == 1 else 0.7  # "one killed" is the commonest figure: little evidence
    ratio = max(x, y) / min(x, y)
    if ratio <= 2.0:
        return 0.2
    return -0.4 if ratio <= 4.0 else -1.0


def _count_score(a: MentionRecord, b: MentionRecord) -> float:
    return _count_side(a.fatalities, b.fatalities) + _count_side(a.injuries, b.injuries) + _count_side(
        a.arrests, b.arrests
    )


def text_similarity(a: MentionRecord, b: MentionRecord) -> float:
    """Jaccard of the evidence's content words."""
    if not a.tokens or not b.tokens:
        return 0.0
    inter = len(a.tokens & b.tokens)
    # names spelled two ways ("Baquba", "Baqubah") are one word
    rest = b.names - a.tokens
    inter += sum(1 for w in a.names - b.tokens if w in a.tokens and any(same_name(w, v) for v in rest))
    return inter / (len(a.tokens) + len(b.tokens) - inter)


def _text_score(a: MentionRecord, b: MentionRecord) -> float:
    if not a.tokens or not b.tokens:
        return 0.0
    return max(-0.6, min(2.0, 4.0 * (text_similarity(a, b) - 0.15)))


TEMPLATE_SIMILARITY = 0.45  # content-word Jaccard above which two texts are worded alike
UPDATE_SIMILARITY = 0.7  # ... and above which a story is its own outlet's update of itself


def same_name(x: str, y: str) -> bool:
    """Two spellings of one name: "Baquba" and "Baqubah", "Idleb" and "Idlib" (one edit; two in long
    names), but not "Ftireh" and "fire" or "Novoluhanske" and "Luhanske"."""
    if x == y:
        return True
    if x[:1] != y[:1]:
        return False
    return Levenshtein.distance(x, y, score_cutoff=2) <= (1 if max(len(x), len(y)) <= 7 else 2)


def _known(w: str, seen: frozenset[str]) -> bool:
    """Whether ``w`` is one of ``seen`` as spelled otherwise, or a word derived from one ("Iraqi")."""
    return w in seen or any(same_name(w, v) or (len(v) >= 4 and w.startswith(v)) for v in seen)


def _unmatched(words: frozenset[str], other: MentionRecord) -> set[str]:
    """``words`` that ``other`` does not write anywhere, nor its geocoded place and the areas that hold
    it (a report naming the province the other's town is in names no other place)."""
    seen = other.names | other.places | other.tokens | other.area
    return {w for w in words if not _known(w, seen)}


def _named_places_score(a: MentionRecord, b: MentionRecord) -> float | None:
    """Each report names something the other does not.

    - Worded alike but each with a name of its own ("regime forces shelled Fleifel in the southern
      countryside", "... shelled Ftireh in the southern countryside"): two items of a list, two events.
      Independent accounts of one event share facts, not sentences; copies of one story do not swap
      names.
    - Each names a place the other does not ("near Shyrokyne" against "near Pyshchevyk"): two places,
      whatever the geocoder made of them. One naming more than the other is not a conflict.
    """
    alike = text_similarity(a, b) >= TEMPLATE_SIMILARITY
    ua, ub = _unmatched(a.names | a.places, b), _unmatched(b.names | b.places, a)
    if alike:
        if ua and ub or (a.primary and b.primary and not _known(a.primary, frozenset([b.primary]))):
            # each names its own place (or the first, most specific, place each names differs):
            # list items, whatever MinHash made of two texts this alike
            return None
        if ua & a.places or ub & b.places:
            return -2.0  # "in the town of Zardana in Idleb" against "in the town of Idleb"
        return 0.0
    if ua & a.places and ub & b.places:
        return -3.0
    return 0.0


def _source_score(a: MentionRecord, b: MentionRecord) -> float:
    """One outlet writing two differently worded stories about one day's events is most often
    reporting two events; an update of its own story keeps most of its wording."""
    if a.source and a.source == b.source and a.group != b.group and text_similarity(a, b) < UPDATE_SIMILARITY:
        return -1.5
    return 0.0


def score(a: MentionRecord, b: MentionRecord) -> float | None:
    """Evidence that ``a`` and ``b`` report one event; ``None`` when they cannot."""
    if a.doc == b.doc or a.family != b.family or not overlaps(a, b):
        return None
    place = _place_score(a, b)
    if place is None:
        return None
    # Syndicated copies of one story: the same events, but a copy still lists several distinct ones,
    # so this is a bonus, not a verdict.
    copy = 1.5 if a.group == b.group else 0.0
    names = _named_places_score(a, b)
    if names is None:
        return None
    evidence = (_type_score(a, b), _date_score(a, b), place, _actor_score(a, b), _count_score(a, b), _text_score(a, b))
    return copy + names + _source_score(a, b) + sum(evidence)
