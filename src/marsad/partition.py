"""The pipeline over partitions of documents, in worker processes (``--jobs``).

``run_partition(documents, settings)`` is the pure entry point a process pool maps: documents and
settings in, ``Record``s out, all of which pickle. Each process builds its resources (gazetteer,
user model, spaCy) once, on its first partition, and keeps them for the next ones (a cache keyed by
the settings and the stages). ``Workers`` is such a pool for the commands: it starts its processes
at once, so that they load spaCy while the caller opens its store and reads input, feeds them
partitions with a bounded number in flight, and yields the records in input order.

This module sits above the stages (it builds the default chain) and below ``workflows``.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from marsad.model import Document
from marsad.pipeline import DEFAULT_STAGES, Pipeline, Record
from marsad.resources import Resources
from marsad.settings import Settings
from marsad.stages import build_pipeline

log = logging.getLogger("marsad")

#: Documents per partition: enough for spaCy's batching and to make a round trip worth it, few
#: enough that the workers stay evenly loaded to the end of a run.
PARTITION_SIZE = 16

# (process id, settings, stages) -> the pipeline that process built. The process id keeps a child
# forked from a process that ran partitions itself from using the parent's SQLite connection.
_PIPELINES: dict[tuple[int, Settings, tuple[str, ...]], Pipeline] = {}
_MAX_PIPELINES = 4


def pipeline_for(settings: Settings, names: Sequence[str] = DEFAULT_STAGES) -> Pipeline:
    """This process's pipeline for ``settings``, built on first use and kept."""
    key = (os.getpid(), settings, tuple(names))
    pipeline = _PIPELINES.get(key)
    if pipeline is None:
        if len(_PIPELINES) >= _MAX_PIPELINES:
            _PIPELINES.clear()
        # A worker stays quiet about a missing gazetteer: the parent has said it once already.
        warn = multiprocessing.parent_process() is None
        pipeline = build_pipeline(Resources.from_settings(settings, warn=warn), tuple(names))
        _PIPELINES[key] = pipeline
    return pipeline


def run_partition(
    documents: Sequence[Document], settings: Settings, names: Sequence[str] = DEFAULT_STAGES
) -> list[Record]:
    """The pipeline ``settings`` describe over ``documents``: one Record per document, in order."""
    pipeline = pipeline_for(settings, names)
    return [Record.of(a) for a in pipeline.run(documents, batch_size=settings.batch_size)]


def partitions(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """``documents`` in lists of ``size`` (the last may be shorter), read as they are needed."""
    part: list[Document] = []
    for doc in documents:
        part.append(doc)
        if len(part) >= size:
            yield part
            part = []
    if part:
        yield part


def start_method() -> str:
    """``fork`` where it is safe: the system has it and this process runs one thread (a child forked
    while another thread holds a lock, a logging or I/O lock say, can hang on it). Forked workers
    start in milliseconds; otherwise ``forkserver`` (or ``spawn``) starts them from a fresh
    interpreter."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _warm(settings: Settings, names: tuple[str, ...]) -> None:
    """A worker's start: ignore Ctrl-C (the parent stops the pool) and load the resources now. A
    failure is left for the first partition, which raises it to the caller as itself."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        pipeline_for(settings, names).resources.get_nlp()
    except Exception:  # raised again, with its own type, by run_partition
        pass


def _ready() -> None:
    return None


class Workers:
    """``jobs`` worker processes that run the pipeline ``settings`` describe over partitions.

    ``map(documents)`` reads ``documents`` lazily, keeps at most ``in_flight`` partitions (default
    twice the workers) submitted and not yet yielded, and yields one Record per document in input
    order. An exception a partition raises (a MarsadError, a bug) is raised by ``map`` as itself.
    Use as a context manager; leaving it cancels partitions not yet started.
    """

    def __init__(
        self,
        settings: Settings,
        jobs: int,
        names: Sequence[str] = DEFAULT_STAGES,
        partition_size: int = PARTITION_SIZE,
        in_flight: int | None = None,
    ) -> None:
        if jobs < 1:
            raise ValueError("jobs must be at least 1")
        self.settings = settings
        self.jobs = jobs
        self.names = tuple(names)
        self.partition_size = max(1, partition_size)
        self.in_flight = max(1, in_flight if in_flight is not None else 2 * jobs)
        method = start_method()
        log.info("extracting in %d worker processes (%s)", jobs, method)
        context = multiprocessing.get_context(method)
        if method == "forkserver":
            context.set_forkserver_preload(["marsad.partition"])
        self._pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_warm,
                                         initargs=(settings, self.names))
        # Under fork the first submit starts every worker, each loading its resources from here on.
        self._pool.submit(_ready)

    def map(self, documents: Iterable[Document]) -> Iterator[Record]:
        pending: deque[Future[list[Record]]] = deque()
        for part in partitions(documents, self.partition_size):
            pending.append(self._pool.submit(run_partition, part, self.settings, self.names))
            while len(pending) >= self.in_flight:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
