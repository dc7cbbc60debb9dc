"""Chains registered stages over documents, checking their declared inputs and outputs."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
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
def data_fingerprint() -> str:
    """A digest of the data files that shape extraction (lexicons, actor books, word lists under
    ``marsad/data``). Code is not hashed: a stage says its output changed by raising its ``version``,
    so a comment or a refactor does not outdate every stored document."""
    root = Path(__file__).resolve().parent.parent / "data"
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in {".json", ".txt", ".tsv", ".csv"}:
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


ANALYSIS_FIELDS = frozenset(f.name for f in fields(Analysis))


class _Checked:
    """A view of one Analysis for one stage that refuses what the stage did not declare: reading an
    attribute it neither requires nor produces (E022) and writing one it does not produce (E023)."""

    __slots__ = ("_analysis", "_spec", "_readable")

    def __init__(self, analysis: Analysis, spec: StageSpec) -> None:
        object.__setattr__(self, "_analysis", analysis)
        object.__setattr__(self, "_spec", spec)
        object.__setattr__(self, "_readable", {"document", *spec.requires, *spec.produces})

    def __getattr__(self, name: str) -> Any:
        if name in ANALYSIS_FIELDS and name not in self._readable:
            raise MarsadError("E022", name=self._spec.name, attribute=name, verb="reads",
                              declared=", ".join(sorted(self._readable)))
        return getattr(self._analysis, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in self._spec.produces:
            raise MarsadError("E022", name=self._spec.name, attribute=name, verb="writes",
                              declared=", ".join(self._spec.produces) or "nothing")
        setattr(self._analysis, name, value)


def _unwrap(value: Any) -> Analysis:
    return value._analysis if isinstance(value, _Checked) else value  # type: ignore[no-any-return]


def contracts_checked() -> bool:
    """Whether stages run under their declared contract (``MARSAD_CHECK_CONTRACTS=1``; the tests set it)."""
    return os.environ.get("MARSAD_CHECK_CONTRACTS", "") not in {"", "0"}


class Pipeline:
    """An ordered chain of registered stages.

    With ``check=True`` (default: ``MARSAD_CHECK_CONTRACTS``) every stage sees each Analysis through
    a view that raises E022 when it reads or writes an attribute its ``requires``/``produces`` do not
    declare, so a declared contract is a tested one.
    """

    def __init__(self, names: Iterable[str] = DEFAULT_STAGES, resources: Any = None,
                 check: bool | None = None) -> None:
        self.stages: list[StageSpec] = [get_stage(n) for n in names]
        # ``marsad.resources.Resources`` (spaCy, gazetteer, model, settings), typed loosely here: the
        # runner only passes it to the stages and reads ``model`` and ``gazetteer`` for the version.
        self.resources = resources
        self.check = contracts_checked() if check is None else check
        available = {"document"}
        for spec in self.stages:
            unknown = [a for a in (*spec.requires, *spec.produces) if a not in ANALYSIS_FIELDS]
            if unknown:
                raise MarsadError("E023", name=spec.name, unknown=", ".join(unknown))
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
        parts = [PIPELINE_VERSION, *(f"{s.name}{s.version}" for s in self.stages), data_fingerprint()]
        shown = f"{PIPELINE_VERSION}+{'.'.join(s.name for s in self.stages)}"
        model = getattr(self.resources, "model", None)
        if model is not None:  # a user's trained model changes the coding: record which one
            sha = str(getattr(model, "meta", {}).get("file_sha256", "unknown"))
            parts.append("model-" + sha)
            shown += "+model-" + sha[:8]
        gazetteer = getattr(self.resources, "gazetteer", None)
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
                if self.check:
                    out = spec.func([_Checked(a, spec) for a in analyses], self.resources)
                    analyses = [_unwrap(a) for a in out]
                else:
                    analyses = spec.func(analyses, self.resources)
            elif self.check:
                analyses = [_unwrap(spec.func(_Checked(a, spec), self.resources)) for a in analyses]
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
