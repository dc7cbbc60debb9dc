"""Events as ACLED codes them, and mentions (an event as one document reports it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from marsad.model.place import Place

# ACLED's 6 event types and 25 sub-event types, spelled exactly as ACLED does.
SUB_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Air/drone strike",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Suicide bomb",
        "Grenade",
        "Chemical weapon",
    ),
    "Violence against civilians": ("Attack", "Abduction/forced disappearance", "Sexual violence"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}
EVENT_TYPES: tuple[str, ...] = tuple(SUB_EVENT_TYPES)
EVENT_TYPE_OF: dict[str, str] = {sub: et for et, subs in SUB_EVENT_TYPES.items() for sub in subs}

# ACLED inter codes.
INTER_CODES: dict[int, str] = {
    1: "State forces",
    2: "Rebel groups",
    3: "Political militias",
    4: "Identity militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/other forces",
}


def interaction_code(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction: the two inter codes joined, lower first; a sole actor gives 10, 20, ..."""
    if not inter1:
        return None
    if not inter2:
        return inter1 * 10
    a, b = sorted((inter1, inter2))
    return a * 10 + b


@dataclass(frozen=True)
class Evidence:
    """A sentence an event came from, with character offsets into the document text."""

    text: str
    start: int
    end: int


@dataclass
class Mention:
    """One event as one document reports it."""

    doc_id: str
    index: int  # position of the mention within its document
    event_type: str
    sub_event_type: str
    event_date: date
    time_precision: int = 1  # 1 day, 2 week, 3 month
    actor1: str | None = None
    assoc_actor_1: str | None = None
    inter1: int | None = None
    actor2: str | None = None
    assoc_actor_2: str | None = None
    inter2: int | None = None
    fatalities: int = 0
    injuries: int = 0
    arrests: int = 0
    confidence: float = 0.5
    evidence: list[Evidence] = field(default_factory=list)
    claim: str | None = None
    place: Place | None = None
    # Place names the extractor saw in the event's sentences (or the nearest before them), in order:
    # the geocoder resolves the first it can and falls back to the document's context.
    place_hints: list[str] = field(default_factory=list)
    place_qualifier: str | None = None  # "northern", "near", ... as written before the place
    date_text: str | None = None  # the expression the date came from, if any

    def __post_init__(self) -> None:
        if EVENT_TYPE_OF.get(self.sub_event_type) != self.event_type:
            raise ValueError(f"{self.sub_event_type!r} is not a sub-event type of {self.event_type!r}")

    @property
    def interaction(self) -> int | None:
        return interaction_code(self.inter1, self.inter2)


@dataclass(frozen=True)
class SourceRef:
    """A document an event is reported in."""

    doc_id: str
    source: str | None
    url: str | None
    published: date | None


@dataclass
class Event:
    """A resolved event: what the dataset holds. One per mention until cross-source resolution."""

    event_id: str
    mention: Mention  # the representative mention whose coding the event carries
    sources: list[SourceRef] = field(default_factory=list)
    mention_ids: list[str] = field(default_factory=list)
