"""``marsad extract``: documents in, one record per extracted event out; no database."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import click

from marsad.cli.common import jobs_option, load_settings, open_workers, print_error, progress_bar
from marsad.exports import mention_record
from marsad.workflows import RunReport, extract, iter_documents, make_pipeline, open_gazetteer


@click.command("extract")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("--country", metavar="ISO2", default=None, help="Country the documents are about, if known.")
@click.option("--model", "model_path", metavar="PATH", default=None,
              help="A model from `marsad train` (env MARSAD_MODEL).")
@jobs_option
def command(paths: tuple[str, ...], fmt: str, country: str | None,
            model_path: str | None, jobs: int | None) -> None:
    """Extract coded events from documents to stdout (touches no database)."""
    from marsad.exports.formats import write_extract_csv, write_extract_jsonl

    settings = load_settings(default_country=country, model_path=model_path)
    report = RunReport()
    pipeline = make_pipeline(settings, open_gazetteer(settings), country=country)
    with open_workers(settings, jobs) as workers:
        docs = iter_documents(paths, settings, print_error, report)
        with progress_bar("extracting") as advance:

            def records() -> Iterator[dict[str, Any]]:
                for record in extract(docs, pipeline, settings.batch_size, advance, workers):
                    for mention in record.mentions:
                        yield mention_record(mention, record.document)

            writer = write_extract_csv if fmt == "csv" else write_extract_jsonl
            writer(records(), sys.stdout)
    sys.stdout.flush()
    if not report.ok:
        sys.exit(1)
