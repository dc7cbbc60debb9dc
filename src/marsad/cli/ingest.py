"""``marsad ingest``: run the pipeline and store documents, mentions and events."""

from __future__ import annotations

import sys

import click

from marsad.cli.common import db_option, jobs_option, load_settings, open_workers, print_error, progress_bar
from marsad.workflows import RunReport, ingest, iter_documents, make_pipeline, open_gazetteer


@click.command("ingest")
@click.argument("paths", nargs=-1, required=False)
@db_option
@click.option("--feed", "feeds", multiple=True, metavar="URL", help="Read an RSS/Atom feed (repeatable).")
@click.option("--country", metavar="ISO2", default=None, help="Country the documents are about, if known.")
@click.option("--model", "model_path", metavar="PATH", default=None,
              help="A model from `marsad train` (env MARSAD_MODEL).")
@jobs_option
def command(paths: tuple[str, ...], db_url: str | None, feeds: tuple[str, ...], country: str | None,
            model_path: str | None, jobs: int | None) -> None:
    """Extract events from documents and store them (idempotent; safe to rerun after an interruption)."""
    from marsad.store import Store

    if not paths and not feeds:
        raise click.UsageError("give at least one PATH or --feed URL")
    settings = load_settings(db_url=db_url, default_country=country, model_path=model_path)
    report = RunReport()
    pipeline = make_pipeline(settings, open_gazetteer(settings), country=country)
    # Workers only extract (started before the store opens, so none inherits its connections); the
    # store is written here, in this process.
    with open_workers(settings, jobs) as workers:
        store = Store.open(settings.db_url)
        try:
            docs = iter_documents([*paths, *feeds], settings, print_error, report)
            with progress_bar("ingesting") as advance:
                ingest(docs, pipeline, store, report, settings.batch_size, advance, workers=workers)
        finally:
            store.close()
    click.echo(
        f"{report.documents} documents read, {report.stored} stored, {report.skipped} already stored, "
        f"{report.mentions} events extracted, {len(report.errors)} errors",
        err=True,
    )
    if not report.ok:
        sys.exit(1)
