"""``marsad reprocess``: run the current pipeline again over stored documents (their stored text)."""

from __future__ import annotations

import sys

import click

from marsad.cli.common import db_option, load_settings, print_error, progress_bar
from marsad.workflows import ReprocessReport, make_pipeline, open_gazetteer, reprocess


@click.command("reprocess")
@db_option
@click.option("--all", "all_", is_flag=True,
              help="Re-run every stored document (e.g. after `marsad gazetteer import`), not only outdated ones.")
@click.option("--limit", type=click.IntRange(min=1), default=None, metavar="N",
              help="Re-run at most N documents; a later run does the rest.")
@click.option("--country", metavar="ISO2", default=None, help="Country the documents are about, if known.")
@click.option("--model", "model_path", metavar="PATH", default=None,
              help="A model from `marsad train` (env MARSAD_MODEL).")
def command(db_url: str | None, all_: bool, limit: int | None, country: str | None, model_path: str | None) -> None:
    """Re-extract stored documents that an older pipeline processed, keeping manual fixes (resumable)."""
    from marsad.store import Store

    settings = load_settings(db_url=db_url, default_country=country, model_path=model_path)
    report = ReprocessReport()
    store = Store.open(settings.db_url)
    try:
        pipeline = make_pipeline(settings, open_gazetteer(settings), country=country)
        total = store.count_documents(None if all_ else pipeline.version)
        total = min(total, limit) if limit is not None else total
        with progress_bar("reprocessing", total) as advance:
            reprocess(pipeline, store, report, only_outdated=not all_, limit=limit, batch_size=settings.batch_size,
                      progress=advance, on_error=print_error,
                      on_notice=lambda line: click.echo(f"note {line}", err=True))
    finally:
        store.close()
    left = report.outdated - report.reprocessed - report.skipped
    click.echo(
        f"{report.reprocessed} documents reprocessed, {max(left, 0)} still outdated, "
        f"{report.mentions_before} -> {report.mentions} events extracted, {report.created} events created, "
        f"{report.removed} left without reports, {report.changed} changed, {len(report.notices)} notes, "
        f"{len(report.errors)} errors",
        err=True,
    )
    if not report.ok:
        sys.exit(1)
