"""Pairwise evidence that two mentions (from different documents) report the same event.

``score`` returns ``None`` for a pair that cannot be one event (a veto: another family of event
types, dates that cannot overlap, places too far apart, the same document, two texts worded alike
that each name a place of their own) and otherwise a sum of signed evidence: the sub-event type, the
day, the place, the actors, the counts, the wording, the names each report writes and the outlet.
Two reports of one clash agree on most of these; two clashes on one day in one town differ in
actors, counts, wording or the village they name, and the negative terms keep them apart.
``THRESHOLD`` was set on the development sets in ``tests/test_resolution.py`` (pairwise F1) and
slices of ACLED notes ingested without a source (wrong merges): the rules must keep distinct events
apart without knowing the outlet. What does that work: wording compared on its specific words (not
the frame words every report writes, nor the place's own name), different weapons, a reversed
initiator in a one-sided event, different people protesting, dates written out a day apart, and the
places each names. The same-outlet rule is mild: outlets do publish follow-ups of their own stories.
"""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein

from marsad.dedup.features import FRAME_WORDS, MentionRecord, is_generic, participants
from marsad.model import distance_km

THRESHOLD = 4.0
SLACK_DAYS = 1  # reports of one event may date it a day apart (night-time events, "yesterday")
MAX_SPAN_DAYS = 40  # no interval is wider than a month plus slack: the sweep's horizon

# How far apart two geocoded mentions of one event can be, by the coarser ACLED geo_precision.
_RADIUS_KM = {1: 30.0, 2: 60.0, 3: 200.0}
_SAME_PLACE_KM = 3.0



def overlaps(a: MentionRecord, b: MentionRecord) -> bool:
    """Whether the dates can be of one event (intervals overlap, with a day's slack)."""
    return a.start <= b.end + SLACK_DAYS and b.start <= a.end + SLACK_DAYS


# Sub-event types that name the weapon: an air strike is never a roadside bomb, whatever the two
# reports share; other sub-event types within an event type blur into each other from one report to
# the next (a protest "with intervention" in one is a peaceful protest in another).
WEAPONS = frozenset({"Air/drone strike", "Remote explosive/landmine/IED", "Suicide bomb", "Shelling/artillery/missile attack",
                     "Grenade", "Chemical weapon"})
OTHER_WEAPON = -1.5


def _type_score(a: MentionRecord, b: MentionRecord) -> float:
    if a.sub_event_type == b.sub_event_type:
        return 1.0
    if a.sub_event_type in WEAPONS and b.sub_event_type in WEAPONS:
        return OTHER_WEAPON
    if a.event_type == b.event_type:
        return -0.3
    return -1.0


def _date_score(a: MentionRecord, b: MentionRecord) -> float:
    if a.precision == 1 and b.precision == 1:
        # a day apart happens ("overnight", "yesterday") but also marks daily repeated protests; when
        # both reports write the day out ("On 2 May 2020"), a day apart is two days
        apart = abs(a.start - b.start)
        if apart == 1 and a.explicit_date and b.explicit_date:
            return WRITTEN_DAY_APART
        return {0: 1.0, 1: -0.8}.get(apart, -1.5)
    return 0.2  # a week or month against a day: compatible, not evidence


WRITTEN_DAY_APART = -4.0  # both write the day out and a day apart: two days (a daily repeated event)


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
            if coarse == 3 and a.primary and b.primary and not same_name(a.primary, b.primary):
                return -0.5  # one region's centroid reached from two villages it lacks: two places
            # the same town is evidence; the same province centroid (a fallback) much less, unless
            # both name the town and only qualify it ("near Baquba", "the outskirts of Baqubah")
            return 1.5 if coarse == 1 else 1.2 if _same_named_town(a, b) else 0.4
        if coarse == 1:
            return -2.0  # two named towns: two places
        if coarse == 3 and a.primary and b.primary and a.primary != b.primary:
            return -0.5  # a town, and a region's centroid reached from another name it lacks
        return 0.3  # a town within the region another report names
    if a.place_key and a.place_key == b.place_key:
        return 1.2 if max(a.geo_precision or 1, b.geo_precision or 1) == 1 or _same_named_town(a, b) else 0.4
    if a.admin1 and b.admin1:
        return 0.2 if a.admin1 == b.admin1 else None
    return -0.5  # unknown place: the other evidence has to carry the pair


GENERIC_ACTOR = 0.1  # "protesters" against "protesters": every protest has them, so it says little
SWAPPED_SIDES = 0.3  # the cost of reading one report's sides the other way round
ONE_SIDED_SWAPPED = 1.3  # ... when one side acted on the other


_ACTOR_FILLER = frozenset("military police forces force of the and unit units armed group".split())


def _names_actor(key: str, other: MentionRecord) -> bool:
    """Whether ``other``'s evidence names the actor ``key`` ("Russian" for the military forces of
    Russia): its extractor coded another actor, but its report does not contradict this one."""
    words = [w for w in key.split() if w not in _ACTOR_FILLER and len(w) > 3]
    seen = other.tokens | other.names
    return bool(words) and all(any(v == w or v.startswith(w) for v in seen) for w in words)


def _actor_side(x: str, y: str, a: MentionRecord, b: MentionRecord) -> float:
    if not x or not y:
        return 0.0
    if x == y:
        return GENERIC_ACTOR if is_generic(x) else 1.0
    if is_generic(x) or is_generic(y):
        return 0.0
    if _names_actor(x, b) or _names_actor(y, a):
        return 0.0  # a misreading of one report, most often: "Russian air strikes" coded to Syria
    return -1.0


MUTUAL = frozenset({"Armed clash", "Government regains territory", "Non-state actor overtakes territory",
                    "Violent demonstration", "Mob violence"})  # sub-event types with no one side acting


def _actor_score(a: MentionRecord, b: MentionRecord) -> float:
    straight = _actor_side(a.a1, b.a1, a, b) + _actor_side(a.a2, b.a2, a, b)
    crossed = _actor_side(a.a1, b.a2, a, b) + _actor_side(a.a2, b.a1, a, b)  # sides swapped by one report
    if crossed <= 0:
        return straight
    # Who fought whom in a clash is read either way round, and a report naming one side only may
    # have it as either. But when both name who acted in an air strike, a shelling or an attack and
    # name different actors, the army shelling a village and rebels hitting an army vehicle there
    # are two events, the second often the answer to the first.
    reversed_ = not (a.sub_event_type in MUTUAL and b.sub_event_type in MUTUAL) and (
        a.a1 and b.a1 and not is_generic(a.a1) and not is_generic(b.a1) and a.a1 != b.a1)
    return max(straight, crossed - (ONE_SIDED_SWAPPED if reversed_ else SWAPPED_SIDES))


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


def _known_place(w: str, area: frozenset[str]) -> bool:
    return w in area or (not w.isdigit() and any(same_name(w, v) for v in area))


FRAME_WEIGHT = 0.2  # a word every report of the kind writes, against 1 for a specific one


def _weight(w: str) -> float:
    return FRAME_WEIGHT if w in FRAME_WORDS or w.isdigit() else 1.0


def content_similarity(a: MentionRecord, b: MentionRecord) -> float:
    """Weighted Jaccard of the specific content words: the words of the place each was geocoded to
    (compared on their own) left out, and the frame words of conflict reporting ("killed", "forces",
    "protesters", "demanding") weighing little, so that two protests in one city on one day, or two
    shootings, are compared on who, where in the city and what about."""
    skip = a.area | b.area
    ta = {w for w in a.tokens if not _known_place(w, skip)}
    tb = {w for w in b.tokens if not _known_place(w, skip)}
    if not ta or not tb:
        return 0.0
    shared = ta & tb
    rest = tb - ta
    matched = {w for w in ta - tb if w in a.names and any(same_name(w, v) for v in rest & b.names)}
    inter = sum(_weight(w) for w in shared) + sum(_weight(w) for w in matched)
    union = sum(_weight(w) for w in ta | tb) - sum(_weight(w) for w in matched)
    return inter / union if union else 0.0


def _text_score(a: MentionRecord, b: MentionRecord) -> float:
    if not a.tokens or not b.tokens:
        return 0.0
    return max(-0.8, min(2.0, TEXT_SLOPE * (content_similarity(a, b) - TEXT_ZERO)))


TEXT_SLOPE, TEXT_ZERO = 4.0, 0.15


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

    - Worded alike but each with a name of its own ("army guns shelled Kafr Nabl in the western
      countryside", "... shelled Kafr Oweid in the western countryside"): two items of a list, two events.
      Independent accounts of one event share facts, not sentences; copies of one story do not swap
      names.
    - Each names a place the other does not ("near Avdiivka" against "near Marinka"): two places,
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


SAME_OUTLET = -0.5  # mild: outlets do publish follow-ups of their own stories


def _source_score(a: MentionRecord, b: MentionRecord) -> float:
    """One outlet writing two differently worded stories about one day's events is most often
    reporting two events; an update of its own story keeps most of its wording."""
    if a.source and a.source == b.source and a.group != b.group and text_similarity(a, b) < UPDATE_SIMILARITY:
        return SAME_OUTLET
    return 0.0


OTHER_PARTICIPANTS = -1.5


def _participant_score(a: MentionRecord, b: MentionRecord) -> float:
    """Protests whose reports each name who marched, and name different people, are two protests."""
    if a.family != "demonstration":
        return 0.0
    pa, pb = participants(a.tokens), participants(b.tokens)
    if not pa or not pb:
        return 0.0
    return 0.0 if pa & pb else OTHER_PARTICIPANTS  # the same people: no more than the place and day say


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
    return copy + names + _source_score(a, b) + _participant_score(a, b) + sum(evidence)
