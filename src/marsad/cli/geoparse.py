"""``marsad geoparse``: the places found in each document."""

from __future__ import annotations

import json
import sys

import click

from marsad.cli.common import load_settings, print_error
from marsad.workflows import RunReport, document_errors, iter_documents, make_pipeline, open_gazetteer


@click.command("geoparse")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
@click.option("--country", metavar="ISO2", default=None, help="Country the documents are about, if known.")
@click.option("--unresolved", is_flag=True,
              help="Also print names recognised as places that the gazetteer could not resolve (no coordinates).")
def command(paths: tuple[str, ...], fmt: str, country: str | None, unresolved: bool) -> None:
    """Print the places found in each document, with offsets and coordinates (JSON lines)."""
    from marsad.gazetteer.records import toponym_record
    settings = load_settings(default_country=country)
    report = RunReport()
    pipeline = make_pipeline(settings, open_gazetteer(settings), country=country, names=("nlp", "geoparse"))
    docs = iter_documents(paths, settings, print_error, report)
    for analysis in pipeline.run(docs, batch_size=settings.batch_size,
                                 on_error=document_errors(report, print_error)):
        # A name with no reading is a gap of the gazetteer, not a place: shown only when asked for.
        places = [toponym_record(t) for t in analysis.toponyms
                  if unresolved or (t.place is not None and t.place.latitude is not None)]
        row = {"doc_id": analysis.document.id, "places": places}
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    if not report.ok:
        sys.exit(1)
