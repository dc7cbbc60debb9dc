"""``marsad train``: fit a sub-event-type model on the user's own coded data."""

from __future__ import annotations

import random
from pathlib import Path

import click

from marsad.cli.common import load_settings, print_error
from marsad.errors import MarsadError


@click.command("train")
@click.option("--from", "source", required=True, type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="Coded data: CSV or JSONL with a 'notes' or 'text' column and 'sub_event_type'.")
@click.option("--output", type=click.Path(path_type=Path, dir_okay=False), metavar="PATH", default=None,
              help="Where to save the model (default: model.json in the data dir).")
@click.option("--eval-split", type=click.FloatRange(0.0, 0.9), default=0.0, show_default=True, metavar="FRACTION",
              help="Hold out this share of the rows and print the model's accuracy on them.")
@click.option("--seed", type=int, default=0, show_default=True, help="Shuffle seed for --eval-split.")
def command(source: Path, output: Path | None, eval_split: float, seed: int) -> None:
    """Train a sub-event-type model from coded data (use it with --model or MARSAD_MODEL)."""
    from marsad.evaluation import read_coded
    from marsad.events import learned
    from marsad.model.event import EVENT_TYPE_OF

    settings = load_settings()
    out = output or settings.data_dir / "model.json"
    rows = []
    for r in read_coded(source, require=("sub_event_type",), on_error=print_error):
        if r.sub_event_type not in EVENT_TYPE_OF:
            print_error(MarsadError("E061", path=f"{source}:{r.row}",
                                    reason=f"{r.sub_event_type!r} is not an ACLED sub-event type"))
            continue
        rows.append(r)
    if len(rows) < 2:
        raise MarsadError("E001", path=source, reason=f"{len(rows)} usable coded rows; training needs at least 2")
    held: list = []
    if eval_split > 0:
        random.Random(seed).shuffle(rows)
        cut = max(1, round(len(rows) * eval_split))
        held, rows = rows[:cut], rows[cut:]
    model = learned.train([r.text for r in rows], [r.sub_event_type or "" for r in rows],
                          meta={"source": source.name, "eval_split": eval_split, "seed": seed})
    if held:
        right = sum(model.predict(r.text) == r.sub_event_type for r in held)
        common = max(sum(r.sub_event_type == c for r in held) for c in {r.sub_event_type for r in held})
        model.meta["held_out_accuracy"] = round(right / len(held), 4)
        click.echo(f"held-out accuracy: {right / len(held):.3f} on {len(held)} rows "
                   f"(most frequent type alone: {common / len(held):.3f})")
    model.save(out)
    click.echo(f"trained on {len(rows)} rows: {len(model.classes)} sub-event types, {len(model.vocab)} features")
    click.echo(f"saved {out}; use it with `marsad extract --model {out}` or MARSAD_MODEL={out}")
