"""What the commands share: settings from flags, one-line errors, progress bars on a terminal."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from marsad.errors import MarsadError
from marsad.settings import Settings

if TYPE_CHECKING:
    from marsad.partition import Workers

db_option = click.option("--db", "db_url", metavar="URL", default=None,
                         help="Database URL (default: SQLite in the user data dir; env MARSAD_DB).")

jobs_option = click.option(
    "--jobs", "-j", "jobs", type=click.IntRange(min=1), default=None, metavar="N",
    help="Worker processes that extract in parallel (default: the machine's cores; 1: in this process).")


def load_settings(**flags: Any) -> Settings:
    """CLI flags > environment MARSAD_* > defaults."""
    return Settings.load(**flags)


def print_error(err: MarsadError | str) -> None:
    """One clear line on stderr per bad item."""
    click.echo(f"error {err}", err=True)


def fail(err: MarsadError | str, code: int = 1) -> None:
    print_error(err)
    sys.exit(code)


@contextmanager
def progress_bar(label: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr when it is a terminal; a no-op otherwise (pipes, tests, CI)."""
    if not sys.stderr.isatty():
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=Console(stderr=True), transient=True) as prog:
        task = prog.add_task(label, total=total)
        yield lambda n: prog.advance(task, n)


@contextmanager
def open_workers(settings: Settings, jobs: int | None) -> Iterator[Workers | None]:
    """``jobs`` worker processes (None: one per core), started now so that they load spaCy while the
    command reads its input; None for one job, which runs in this process."""
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1:
        yield None
        return
    from marsad.partition import Workers

    with Workers(settings, jobs) as workers:
        yield workers
