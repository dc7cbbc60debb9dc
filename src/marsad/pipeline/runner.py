"""Chains registered stages over documents, checking their declared inputs and outputs."""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.errors import MarsadError
from marsad.model import Document, Evidence, Mention, Toponym
from marsad.pipeline.chunks import DEFAULT_CHUNK_CHARS, MAX_CHUNK_CHARS, split_text
from marsad.pipeline.limits import DEFAULT_DOC_TIMEOUT, Deadline, TimeLimit, time_limit
from marsad.pipeline.registry import StageSpec, get_stage

log = logging.getLogger("marsad")

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


def merge(whole: Analysis, parts: list[tuple[int, Analysis]]) -> Analysis:
    """One Analysis of ``whole.document`` from its chunks' ``(start, analysis)``: toponyms and
    mentions with offsets into the whole text, mentions renumbered in order; ``doc`` stays None (no
    spaCy Doc of the whole text is ever made); the country and province are the ones most chunks
    agree on (the first such chunk's on a tie)."""
    document = whole.document
    for start, part in parts:
        for t in part.toponyms:
            whole.toponyms.append(replace(t, start=t.start + start, end=t.end + start) if start else t)
        for m in part.mentions:
            if start:
                m.evidence = [Evidence(e.text, e.start + start, e.end + start) for e in m.evidence]
            m.index = len(whole.mentions)
            m.doc_id = document.id
            whole.mentions.append(m)
    whole.country = _vote([p.country for _, p in parts])
    if whole.country is not None:
        whole.admin1 = _vote([p.admin1 for _, p in parts if p.country == whole.country])
    whole.doc = None
    return whole


def _vote(values: list[str | None]) -> str | None:
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    best = max(counts.values())
    return next(v for v in values if v is not None and counts[v] == best)


#: Told about each document the pipeline could not process: the document and one numbered error
#: (E070: over the time limit, E071: anything else); the other documents go on.
DocumentErrorHandler = Callable[[Document, MarsadError], None]


def document_name(document: Document) -> str:
    """How an error line names a document: its id, and where it was read from when that says more."""
    origin = document.origin
    return document.id if not origin or origin == document.id else f"{document.id} ({origin})"


def document_error(document: Document, exc: BaseException, limit: float, chunk: int | None = None) -> MarsadError:
    """The one line for a document that failed: E070 when its time ran out, else E071 with the cause."""
    where = f" in its chunk at character {chunk:,}" if chunk else ""
    if isinstance(exc, TimeLimit):
        return MarsadError("E070", doc=document_name(document), seconds=f"{limit:g}", where=where)
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return MarsadError("E071", doc=document_name(document), where=where, reason=reason)


class Pipeline:
    """An ordered chain of registered stages.

    With ``check=True`` (default: ``MARSAD_CHECK_CONTRACTS``) every stage sees each Analysis through
    a view that raises E022 when it reads or writes an attribute its ``requires``/``produces`` do not
    declare, so a declared contract is a tested one.
    """

    def __init__(self, names: Iterable[str] = DEFAULT_STAGES, resources: Any = None,
                 check: bool | None = None, chunk_chars: int | None = None,
                 doc_timeout: float | None = None) -> None:
        self.stages: list[StageSpec] = [get_stage(n) for n in names]
        # ``marsad.resources.Resources`` (spaCy, gazetteer, model, settings), typed loosely here: the
        # runner only passes it to the stages and reads ``model`` and ``gazetteer`` for the version.
        self.resources = resources
        self.check = contracts_checked() if check is None else check
        settings = getattr(self.resources, "settings", None)
        # A text longer than this runs as consecutive chunks (marsad.pipeline.chunks).
        chunk = chunk_chars or getattr(settings, "chunk_chars", None) or DEFAULT_CHUNK_CHARS
        self.chunk_chars: int = min(int(chunk), MAX_CHUNK_CHARS)
        # Seconds one document (each chunk of a long one) may take in ``run``; 0: no limit.
        limit = doc_timeout if doc_timeout is not None else getattr(settings, "doc_timeout", None)
        self.doc_timeout: float = DEFAULT_DOC_TIMEOUT if limit is None else float(limit)
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
        parts = [PIPELINE_VERSION, *(f"{s.name}{s.version}" for s in self.stages), data_fingerprint(),
                 f"chunk{self.chunk_chars}"]
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
        """Every document's Analysis, in order, with no time limit; the first failure is raised. A
        text longer than ``chunk_chars`` runs in chunks and comes back merged (``doc`` None)."""
        out: list[Analysis | None] = [None] * len(documents)
        short = [i for i, d in enumerate(documents) if len(d.text) <= self.chunk_chars]
        for i, analysis in zip(short, self._stages([Analysis(document=documents[i]) for i in short]), strict=True):
            out[i] = analysis
        for i, doc in enumerate(documents):
            if out[i] is None:
                parts = [(start, self._stages([Analysis(document=part)])[0])
                         for start, part in self._chunks(doc)]
                for _, part in parts:
                    part.doc = None
                out[i] = merge(Analysis(document=doc), parts)
        return [a for a in out if a is not None]

    def run(self, documents: Iterable[Document], batch_size: int = 64,
            on_error: DocumentErrorHandler | None = None) -> Iterator[Analysis]:
        """Analyses of the documents, in order, in batches of ``batch_size``, each document within
        ``doc_timeout`` seconds (each chunk of a long one). A document that fails or runs out of time
        costs only itself: ``on_error`` gets it and one numbered error (E070, E071) and it yields no
        Analysis; the rest of its batch goes on. Without ``on_error`` the failure is raised (a time
        limit as E070)."""
        batch: list[Document] = []
        for doc in documents:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._guarded(batch, on_error)
                batch = []
        if batch:
            yield from self._guarded(batch, on_error)

    # -- internals -----------------------------------------------------------------------------

    def _chunks(self, document: Document) -> Iterator[tuple[int, Document]]:
        for start, text in split_text(document.text, self.chunk_chars):
            yield start, replace(document, text=text, hash=document.hash)

    def _stage(self, spec: StageSpec, analyses: list[Analysis]) -> list[Analysis]:
        """One stage over analyses (a batch stage over all of them at once)."""
        if spec.batch:
            if self.check:
                out = spec.func([_Checked(a, spec) for a in analyses], self.resources)
                return [_unwrap(a) for a in out]
            return list(spec.func(analyses, self.resources))
        if self.check:
            return [_unwrap(spec.func(_Checked(a, spec), self.resources)) for a in analyses]
        return [spec.func(a, self.resources) for a in analyses]

    def _stages(self, analyses: list[Analysis]) -> list[Analysis]:
        for spec in self.stages:
            analyses = self._stage(spec, analyses)
        return analyses

    def _prepare(self) -> None:
        """Load the spaCy model before any time limit starts: loading it is no document's time."""
        if any("doc" in spec.produces for spec in self.stages):
            self.resources.get_nlp()

    def _attempt(self, documents: list[Document]) -> list[Analysis | BaseException]:
        """Short documents together: a batch stage over all of them under one limit (its failure is
        raised, and the caller runs the documents one by one); each per-document stage under what is
        left of its document's limit (a failure is that document's, as the list's item)."""
        limit = self.doc_timeout
        analyses = [Analysis(document=d) for d in documents]
        failed: dict[int, BaseException] = {}
        spent = [0.0] * len(documents)  # per-document stages' time so far (and a lone one's batch stages')
        for spec in self.stages:
            alive = [i for i in range(len(analyses)) if i not in failed]
            if not alive:
                break
            if spec.batch:
                started = time.monotonic()
                with time_limit(Deadline(limit, limit - spent[0] if len(documents) == 1 else limit)):
                    done = self._stage(spec, [analyses[i] for i in alive])
                if len(documents) == 1:
                    spent[0] += time.monotonic() - started
                for i, analysis in zip(alive, done, strict=True):
                    analyses[i] = analysis
                continue
            for i in alive:
                started = time.monotonic()
                try:
                    with time_limit(Deadline(limit, limit - spent[i])):
                        analyses[i] = self._stage(spec, [analyses[i]])[0]
                except (Exception, TimeLimit) as exc:  # this document's failure only
                    failed[i] = exc
                spent[i] += time.monotonic() - started
        return [failed.get(i, a) for i, a in enumerate(analyses)]

    def _alone(self, document: Document) -> Analysis | BaseException:
        try:
            return self._attempt([document])[0]
        except (Exception, TimeLimit) as exc:
            return exc

    def _long(self, document: Document) -> Analysis | MarsadError:
        """A text longer than ``chunk_chars``, chunk by chunk, each under the time limit; a chunk's
        spaCy Doc is dropped once its stages ran, so memory stays that of one chunk."""
        parts: list[tuple[int, Analysis]] = []
        for start, part in self._chunks(document):
            result = self._alone(part)
            if not isinstance(result, Analysis):
                return self._failure(document, result, start)
            result.doc = None
            parts.append((start, result))
        return merge(Analysis(document=document), parts)

    def _failure(self, document: Document, exc: BaseException, chunk: int | None = None) -> MarsadError:
        if isinstance(exc, MarsadError) and exc.code in {"E070", "E071"}:
            return exc
        log.debug("document %s failed", document.id, exc_info=exc)
        return document_error(document, exc, self.doc_timeout, chunk)

    def _guarded(self, documents: list[Document], on_error: DocumentErrorHandler | None) -> Iterator[Analysis]:
        self._prepare()
        results: list[Analysis | BaseException | None] = [None] * len(documents)
        short = [i for i, d in enumerate(documents) if len(d.text) <= self.chunk_chars]
        try:
            together = self._attempt([documents[i] for i in short]) if short else []
        except (Exception, TimeLimit):  # a batch stage failed: find the document at fault, the others go on
            log.info("a batch failed; running its documents one by one", exc_info=True)
            together = [self._alone(documents[i]) for i in short]
        for i, result in zip(short, together, strict=True):
            results[i] = result
        for i, doc in enumerate(documents):
            done = results[i]
            result = done if done is not None else self._long(doc)
            if isinstance(result, Analysis):
                yield result
                continue
            if on_error is None:
                if isinstance(result, TimeLimit):
                    raise self._failure(doc, result) from None
                raise result
            on_error(doc, self._failure(doc, result))
