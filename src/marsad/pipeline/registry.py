"""The stage registry, in spaCy's manner: stages register by name with declared inputs and outputs.

A per-document stage is a pure function ``(analysis, resources) -> analysis`` of one document (and
read-only resources such as the gazetteer), so a batch runner can map it over partitions on many
machines. A batch stage (``batch=True``) takes and returns a list, for work that is faster in batches
(spaCy's ``nlp.pipe``) but is still per-document in its result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from marsad.errors import MarsadError


@dataclass(frozen=True)
class StageSpec:
    name: str
    func: Callable[..., Any]
    requires: tuple[str, ...]
    produces: tuple[str, ...]
    batch: bool = False
    version: str = "1"


STAGES: dict[str, StageSpec] = {}


def stage(
    name: str,
    *,
    requires: tuple[str, ...] = (),
    produces: tuple[str, ...] = (),
    batch: bool = False,
    version: str = "1",
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a stage under ``name``. ``requires``/``produces`` name Analysis attributes."""

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        STAGES[name] = StageSpec(name, func, tuple(requires), tuple(produces), batch, version)
        return func

    return register


def get_stage(name: str) -> StageSpec:
    try:
        return STAGES[name]
    except KeyError:
        raise MarsadError("E020", name=name, known=", ".join(sorted(STAGES))) from None
