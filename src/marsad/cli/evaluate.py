"""``marsad evaluate``: run the extraction over coded data and score it against the coding."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from marsad.cli.common import load_settings, print_error, progress_bar
from marsad.errors import MarsadError


def _date_option(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise MarsadError("E050", name=name, reason=f"{value!r} is not a date (use YYYY-MM-DD)") from None


@click.command("evaluate")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--limit", type=click.IntRange(min=1), metavar="N", default=None, help="Score the first N rows only.")
@click.option("--published", metavar="DATE", default=None,
              help="Reference date for relative dates when rows have no 'published' column.")
@click.option("--country", metavar="ISO2", default=None, help="Country the documents are about, if known.")
@click.option("--model", "model_path", metavar="PATH", default=None,
              help="A model from `marsad train` (env MARSAD_MODEL).")
def command(fmt: str, file: Path, limit: int | None, published: str | None, country: str | None,
            model_path: str | None) -> None:
    """Score the extraction against coded data (ACLED-style CSV or JSONL)."""
    from marsad.evaluation import evaluate, read_coded
    from marsad.evaluation.render import write_text
    from marsad.workflows import make_pipeline, open_gazetteer

    ref = _date_option(published, "--published")
    settings = load_settings(default_country=country, model_path=model_path)
    if settings.model_path is not None:
        from marsad.events import learned

        learned.load(settings.model_path)  # a bad model file fails here, before any NLP is spent
    rows = read_coded(file, limit=limit, on_error=print_error)
    if not rows:
        raise MarsadError("E001", path=file, reason="no coded rows with text")
    pipeline = make_pipeline(settings, open_gazetteer(settings), country=country)
    with progress_bar("evaluating", total=len(rows)) as advance:
        result = evaluate(rows, pipeline, published=ref, batch_size=settings.batch_size, progress=advance)
    if fmt == "json":
        json.dump(result.to_json(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        write_text(result, sys.stdout)
