"""Pairwise evidence that two mentions (from different documents) report the same event.

``score`` returns ``None`` for a pair that cannot be one event (a veto: another family of event
types, dates that cannot overlap, places too far apart, the same document) and otherwise a sum of
signed evidence: the sub-event type, the day, the place, the actors, the counts and the wording.
Two reports of one clash agree on most of these; two clashes on one day in one town differ in
actors, counts or wording, and the negative terms keep them apart. ``THRESHOLD`` was set on the
development sets in ``tests/test_resolution.py`` (pairwise F1) and the ACLED notes (wrong merges).
"""

from __future__ import annotations

import math

from marsad.resolution.features import MentionRecord, is_generic

THRESHOLD = 4.5
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
        # a day apart happens ("overnight", "yesterday") but also marks daily repeated protests
        return {0: 1.0, 1: -0.8}.get(abs(a.start - b.start), -1.5)
    return 0.2  # a week or month against a day: compatible, not evidence


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
            # the same town is evidence; the same province centroid (a fallback) much less
            return 1.5 if coarse == 1 else 0.4
        if coarse == 1:
            return -2.0  # two named towns: two places
        return 0.3  # a town within the region another report names
    if a.place_key and a.place_key == b.place_key:
        return 1.2 if max(a.geo_precision or 1, b.geo_precision or 1) == 1 else 0.4
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
        return 0.7
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
    return inter / (len(a.tokens) + len(b.tokens) - inter)


def _text_score(a: MentionRecord, b: MentionRecord) -> float:
    if not a.tokens or not b.tokens:
        return 0.0
    return max(-0.6, min(2.0, 4.0 * (text_similarity(a, b) - 0.15)))


def _named_places_score(a: MentionRecord, b: MentionRecord) -> float:
    """Each text names a place the other does not ("near Shyrokyne" against "near Pyshchevyk"): two
    places, whatever the geocoder made of them. One naming more than the other is not a conflict."""
    if a.places and b.places and (a.places - b.places) and (b.places - a.places):
        return -2.5
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
    return copy + _named_places_score(a, b) + _type_score(a, b) + _date_score(a, b) + place + _actor_score(a, b) + _count_score(a, b) + _text_score(
        a, b
    )
