"""One event from its sources: reconciled figures, the most precise date and place, a claim grade.

- ``fatalities`` is ACLED's rule: the most conservative figure a source reports (the lowest positive
  one; a report that gives no figure is silent, not a report of zero). ``fatalities_low``,
  ``fatalities_best`` and ``fatalities_high`` follow UCDP: the lowest and highest reported figures
  and, as the best estimate, the median over independent sources (the lower median when even).
- The date comes from the most precise sources (lowest ``time_precision``): the day most independent
  sources give, the earliest on a tie. The place is the most precise geocoded one (lowest
  ``geo_precision``), the one most independent sources name on a tie.
- The coding (type, actors, evidence) comes from the sub-event type most independent sources give,
  weighted by confidence, and within it the most confident mention.
- Claim grade, with the reason: ``contested`` when independent sources name different perpetrators or
  one reports a denial; ``confirmed`` when the acting party itself says so (the claim names actor1 or
  its ministry or spokesman); ``fair`` with two or more independent sources; ``weak`` with one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from marsad.dedup.features import MentionRecord, actor_key, fold, is_generic

GRADES = ("confirmed", "fair", "weak", "contested")

# Who speaks for state forces: a claim by the army or the ministry of defence is the military's own.
_SPEAKERS: dict[str, tuple[str, ...]] = {
    "military forces": ("army", "military", "defence", "defense", "armed forces", "troops", "joint operations",
                        "air force", "coalition", "commander", "general staff"),
    "police forces": ("police", "interior ministry", "ministry of interior", "interior", "security forces"),
}
_NAME_WORDS = re.compile(r"[a-z0-9]+")
_FILLER = frozenset("of the forces group and state movement front militia army al".split())


@dataclass(frozen=True)
class Reconciled:
    coding_from: int  # mention id whose type, actors and evidence the event carries
    date_from: int  # mention id whose date (and precision) the event carries
    place_from: int | None  # mention id whose place the event carries (None: no source has one)
    fatalities: int
    fatalities_low: int
    fatalities_best: int
    fatalities_high: int
    injuries: int
    arrests: int
    confidence: float
    independent_sources: int
    claim_grade: str
    claim_reason: str


def _conservative(values: list[int]) -> int:
    positive = [v for v in values if v > 0]
    return min(positive) if positive else 0


def _per_group(mentions: list[MentionRecord], attr: str) -> list[int]:
    """One figure per independent source: the lowest positive figure among its copies."""
    groups: dict[int, list[int]] = {}
    for m in mentions:
        groups.setdefault(m.group, []).append(int(getattr(m, attr)))
    return [_conservative(v) for _, v in sorted(groups.items())]


def claim_names_actor(claim: str | None, actor: str | None) -> bool:
    """Whether ``claim`` ("the army said", "according to the group's spokesman ...") is the actor's own."""
    if not claim or not actor:
        return False
    c = fold(claim)
    key = actor_key(actor)
    for prefix, words in _SPEAKERS.items():
        if key.startswith(prefix) and any(re.search(rf"\b{re.escape(w)}\b", c) for w in words):
            return True
    if is_generic(key):
        return False
    name_words = [w for w in _NAME_WORDS.findall(key) if w not in _FILLER and len(w) > 1]
    if name_words and all(re.search(rf"\b{re.escape(w)}\b", c) for w in name_words):
        return True
    initials = "".join(w[0] for w in _NAME_WORDS.findall(key) if w not in ("of", "the", "and"))
    return len(initials) >= 2 and re.search(rf"\b{initials}\b", c) is not None


def grade(mentions: list[MentionRecord], actor1: str | None) -> tuple[str, str]:
    """The claim grade of an event with these mentions and reconciled ``actor1``, and why."""
    groups = {m.group for m in mentions}
    n = len(groups)
    perpetrators = {m.a1 for m in mentions if m.a1 and not is_generic(m.a1)}
    if len(perpetrators) > 1:
        names = sorted({m.actor1 or "" for m in mentions if m.a1 in perpetrators})
        return "contested", "sources name different perpetrators: " + "; ".join(names)
    denials = [m for m in mentions if m.denial]
    if denials:
        return "contested", f"{len(denials)} of {len(mentions)} reports carry a denial"
    for m in mentions:
        if claim_names_actor(m.claim, actor1):
            return "confirmed", f"the acting party says so ({m.claim})"
    if n >= 2:
        return "fair", f"{n} independent sources"
    copies = len({m.doc for m in mentions})
    more = f" ({copies} copies of one story)" if copies > 1 else ""
    return "weak", "a single source" + more


def reconcile(mentions: list[MentionRecord]) -> Reconciled:
    """The reconciled fields of an event with these (one or more) mentions."""
    if not mentions:
        raise ValueError("an event needs at least one mention")
    ms = sorted(mentions, key=lambda m: (m.published or m.day, m.mention_id))
    by_group: dict[int, MentionRecord] = {}
    for m in ms:
        by_group.setdefault(m.group, m)

    # coding: the sub-event type most independent sources give (confidence-weighted)
    votes: dict[str, float] = {}
    for m in ms:
        votes[m.sub_event_type] = votes.get(m.sub_event_type, 0.0) + m.confidence / sum(1 for x in ms if x.group == m.group)
    top_sub = max(votes.items(), key=lambda kv: (round(kv[1], 9), -min(
        x.mention_id for x in ms if x.sub_event_type == kv[0])))[0]
    coding = max((m for m in ms if m.sub_event_type == top_sub),
                 key=lambda m: (bool(m.a1) + bool(m.a2), m.confidence, -m.mention_id))

    # date: most precise, then most sources, then earliest
    best_prec = min(m.precision for m in ms)
    precise = [m for m in ms if m.precision == best_prec]
    day_votes = Counter(m.day for m in {m.group: m for m in precise}.values())
    day = min(day_votes, key=lambda d: (-day_votes[d], d))
    date_from = min((m for m in precise if m.day == day), key=lambda m: m.mention_id)

    # place: most precise geocoded place, then the most-named one
    placed = [m for m in ms if m.lat is not None]
    place_from: int | None = None
    if placed:
        gp = min(m.geo_precision or 3 for m in placed)
        finest = [m for m in placed if (m.geo_precision or 3) == gp]
        loc_votes = Counter(m.place_key for m in finest)
        place_from = min(finest, key=lambda m: (-loc_votes[m.place_key], m.mention_id)).mention_id
    elif any(m.location or m.country for m in ms):
        place_from = next(m for m in ms if m.location or m.country).mention_id

    fat = _per_group(ms, "fatalities")
    reported = sorted(v for v in fat if v > 0)
    best = reported[(len(reported) - 1) // 2] if reported else 0
    grade_, reason = grade(ms, coding.actor1)
    return Reconciled(
        coding_from=coding.mention_id,
        date_from=date_from.mention_id,
        place_from=place_from,
        fatalities=reported[0] if reported else 0,
        fatalities_low=reported[0] if reported else 0,
        fatalities_best=best,
        fatalities_high=reported[-1] if reported else 0,
        injuries=_conservative(_per_group(ms, "injuries")),
        arrests=_conservative(_per_group(ms, "arrests")),
        confidence=max(m.confidence for m in ms),
        independent_sources=len(by_group),
        claim_grade=grade_,
        claim_reason=reason,
    )
