"""The library's entry points, which the CLI and the API call: extract, ingest, reprocess, geoparse.

Each takes its services (settings, store, gazetteer) as arguments, streams documents through the
pipeline in batches, and reports bad items through ``on_error`` one at a time instead of stopping.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from marsad.errors import MarsadError
from marsad.model import Document, GazetteerService
from marsad.pipeline import DEFAULT_STAGES, Analysis, Pipeline, Record
from marsad.resources import Resources, load_model, open_gazetteer
from marsad.settings import Settings

if TYPE_CHECKING:  # the pool module imports every stage; a run in one process does not need it
    from marsad.partition import Workers

__all__ = ["ReprocessReport", "RunReport", "extract", "ingest", "iter_documents", "load_model", "make_pipeline",
           "open_gazetteer", "records", "reprocess"]

log = logging.getLogger("marsad")

ErrorHandler = Callable[[MarsadError], None]
Progress = Callable[[int], None]


@dataclass
class RunReport:
    """What a run did: documents read, stored, skipped as already stored, and errors."""

    documents: int = 0
    stored: int = 0
    skipped: int = 0
    mentions: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """A run fails only if nothing could be processed."""
        return self.documents > 0 or not self.errors


def make_pipeline(
    settings: Settings,
    gazetteer: GazetteerService | None = None,
    country: str | None = None,
    names: tuple[str, ...] = DEFAULT_STAGES,
) -> Pipeline:
    from marsad.stages import build_pipeline

    resources = Resources(settings=settings, gazetteer=gazetteer, model=load_model(settings),
                          country_hint=(country or settings.default_country))
    return build_pipeline(resources, names)


def records(
    documents: Iterable[Document], pipeline: Pipeline, batch_size: int = 64, workers: Workers | None = None
) -> Iterator[Record]:
    """One Record per document, in order: in this process, or by ``workers`` (``--jobs``), which run
    the same stages over partitions in their own processes."""
    if workers is not None:
        yield from workers.map(documents)
        return
    for analysis in pipeline.run(documents, batch_size=batch_size):
        yield Record.of(analysis)


def iter_documents(
    paths: Iterable[str | Path], settings: Settings, on_error: ErrorHandler, report: RunReport
) -> Iterator[Document]:
    """Documents from files, directories, stdin (``-``) and feed URLs; errors go to ``on_error``."""
    from marsad.sources import read_documents, read_feed_url

    def items() -> Iterator[Document | MarsadError]:
        files: list[str | Path] = []
        for p in paths:
            if str(p).startswith(("http://", "https://")):
                yield from read_documents(files, max_bytes=settings.max_bytes)
                files = []
                yield from read_feed_url(str(p), max_bytes=settings.max_bytes)
            else:
                files.append(p)
        yield from read_documents(files, max_bytes=settings.max_bytes)

    for item in items():
        if isinstance(item, MarsadError):
            report.errors.append(str(item))
            on_error(item)
        else:
            report.documents += 1
            yield item


def extract(
    documents: Iterable[Document],
    pipeline: Pipeline,
    batch_size: int = 64,
    progress: Progress | None = None,
    workers: Workers | None = None,
) -> Iterator[Record]:
    """Run the pipeline over documents; yields one Record per document, in order. With ``workers``
    the documents are processed in worker processes (``marsad extract --jobs``)."""
    for record in records(documents, pipeline, batch_size, workers):
        if progress:
            progress(1)
        yield record


def ingest(
    documents: Iterable[Document],
    pipeline: Pipeline,
    store: Any,
    report: RunReport,
    batch_size: int = 64,
    progress: Progress | None = None,
    resolve: bool = True,
    workers: Workers | None = None,
) -> RunReport:
    """Store documents with their mentions and events; a document already stored (same content
    hash) is skipped before any NLP is spent on it. One transaction per document, so a run killed
    midway leaves whole documents only, and rerunning finishes the job.

    With ``resolve`` (the default) each document is resolved as it arrives: a mention that reports an
    event already stored joins it as a new source (incremental cross-source resolution; ``marsad
    resolve`` redoes it over the whole database)."""
    from datetime import UTC, datetime

    run_id = "ingest-" + datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")

    def fresh() -> Iterator[Document]:
        for doc in documents:
            if store.has_document(doc.hash):
                report.skipped += 1
                if progress:
                    progress(1)
                continue
            yield doc

    for analysis in records(fresh(), pipeline, batch_size, workers):
        if store.save_analysis(
            analysis.document, analysis.mentions, pipeline_version=pipeline.version, resolve=resolve, run_id=run_id
        ):
            report.stored += 1
            report.mentions += len(analysis.mentions)
        else:
            report.skipped += 1
        if progress:
            progress(1)
    return report


@dataclass
class ReprocessReport:
    """What a re-processing run did: documents re-run, mentions before and after, events created and
    left without reports, one line per document that failed and per manual decision that no longer
    applies (``notices``)."""

    outdated: int = 0  # documents due when the run started
    reprocessed: int = 0
    skipped: int = 0  # at the current version by the time their turn came (another run did them)
    mentions_before: int = 0
    mentions: int = 0
    created: int = 0
    removed: int = 0
    changed: int = 0
    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """A run fails only if every document it tried failed."""
        return self.reprocessed > 0 or self.skipped > 0 or not self.errors


def reprocess(
    pipeline: Pipeline,
    store: Any,
    report: ReprocessReport | None = None,
    only_outdated: bool = True,
    limit: int | None = None,
    batch_size: int = 64,
    progress: Progress | None = None,
    on_error: ErrorHandler | None = None,
    on_notice: Callable[[str], None] | None = None,
) -> ReprocessReport:
    """Run ``pipeline`` again over stored documents (their stored text; no network) and replace their
    mentions, one transaction per document: the document's mentions, the events they touch, the
    history rows and its new pipeline version, or nothing. By default only documents another pipeline
    version processed are re-run, so rerunning after an interruption resumes where it stopped.

    ``only_outdated=False`` first marks every document as due (after a better gazetteer, which the
    version does not capture), so an interrupted run is still finished by a plain rerun. ``limit``
    re-runs at most that many documents. A document that fails is one line to ``on_error`` and keeps
    its old mentions and version; the others go on. Manual decisions that can no longer apply go to
    ``on_notice``, one line each (they stay in the history)."""
    from datetime import UTC, datetime

    from sqlalchemy.exc import DataError, IntegrityError

    report = report if report is not None else ReprocessReport()
    version = pipeline.version
    run_id = "reprocess-" + datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    if not only_outdated:
        store.mark_outdated()
    report.outdated = store.count_documents(outdated_for=version)

    def fail(doc: Document, exc: Exception) -> None:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        err = MarsadError("E033", doc_id=doc.id, reason=reason)
        report.errors.append(str(err))
        if on_error:
            on_error(err)
        if progress:
            progress(1)

    def analyse(batch: list[Document]) -> list[Analysis]:
        try:
            return pipeline.run_batch(batch)
        except Exception:  # find the document at fault: the others go on
            log.info("a batch failed; re-running its documents one by one", exc_info=True)
        out: list[Analysis] = []
        for doc in batch:
            try:
                out.append(pipeline.run_one(doc))
            except Exception as exc:  # one bad document is one line, not a stop
                fail(doc, exc)
        return out

    def batches() -> Iterator[list[Document]]:
        batch: list[Document] = []
        for n, doc in enumerate(store.stored_documents(outdated_for=version)):
            if limit is not None and n >= limit:
                break
            batch.append(doc)
            if len(batch) >= batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    for batch in batches():
        for analysis in analyse(batch):
            doc = analysis.document
            try:
                out = store.reprocess_document(doc.hash, analysis.mentions, version, run_id)
            except (MarsadError, ValueError, DataError, IntegrityError) as exc:  # this document's data
                fail(doc, exc)
                continue
            if out is None:
                report.skipped += 1
            else:
                report.reprocessed += 1
                report.mentions_before += out.mentions_before
                report.mentions += out.mentions_after
                report.created += out.created
                report.removed += out.removed
                report.changed += out.changed
                for line in out.notices:
                    report.notices.append(line)
                    if on_notice:
                        on_notice(line)
            if progress:
                progress(1)
    return report
