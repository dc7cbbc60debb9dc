"""The event stage's numbers in one place: type scores, their modifiers, the confidence formula and
the windows that join sentences into one event.

``score_types`` (``classify``) gives each sub-event type a score per sentence; the highest wins. The
scores are an order of precedence more than a probability: a rule that names the weapon or the act
outright ("suicide bomber", "air strike", "raped") outranks one that reads the type from who did what
to whom ("attacked" with civilian victims -> Attack), which outranks a weak word for a non-violent
development. Only their order matters within a sentence; their size also feeds the confidence.

None of these numbers was fitted by a search: they were set by hand so that the precedence above
holds. Change one only with a before/after on both halves (docs/evaluation.md, docs/ablation.md).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Confidence:
    """A mention's confidence: ``base + per_score * score (+ dated) (+ deadly)``, capped at ``cap``,
    then lowered by ``per_index`` for each earlier event of the document and by ``weak`` for an event
    read only from an operation word, never below ``floor``."""

    base: float = 0.25  # a sentence with any event word at all
    per_score: float = 0.1  # the winning type's score (1-5.5) adds 0.1-0.55: explicit wording is surer
    dated: float = 0.08  # the event has a date expression of its own, not borrowed from context
    deadly: float = 0.05  # deaths are counted: a concrete, reportable outcome
    cap: float = 0.95  # rules are never certain
    per_index: float = 0.04  # later events of a document are more often background or repetition
    weak: float = 0.3  # an "operation" with no act of its own is a guess
    floor: float = 0.05  # every emitted event keeps a little confidence


@dataclass(frozen=True)
class Modifiers:
    """Adjustments ``score_types`` applies across types."""

    deaths_bonus: float = 0.8  # deaths make a violent type likelier than a non-violent reading
    remote_damp: float = 1.2  # a generic "attacked"/"killed" yields to a named remote weapon
    disrupt_penalty: float = 3.0  # a defused or seized weapon is not an explosion of that weapon
    weak_operation: float = 1.0  # score of a sentence with only an "operation" cue (a weak candidate)


@dataclass(frozen=True)
class Windows:
    """How far apart sentences may be and still tell one incident (``stage._group``), and what
    counts as a title line."""

    same_incident: int = 2  # a toll, a continuation or an escalating protest within 2 sentences
    headline_tokens: int = 20  # a first line of at most 20 tokens with no full stop is a title


CONFIDENCE = Confidence()
MODIFIERS = Modifiers()
WINDOWS = Windows()
