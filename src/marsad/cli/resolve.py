"""``marsad resolve``: re-resolve every stored mention into events (cross-source resolution)."""

from __future__ import annotations

import json

import click

from marsad.cli.common import db_option, load_settings


@click.command("resolve")
@db_option
@click.option("--why", default="resolve run", show_default=True, metavar="TEXT",
              help="Why this run (kept in the history of every event it changes).")
@click.option("--threshold", type=float, default=None, metavar="SCORE",
              help="Evidence needed to merge two reports (default: the tuned value; higher merges less).")
def command(db_url: str | None, why: str, threshold: float | None) -> None:
    """Resolve all stored mentions into events again: merge reports of one event, split wrong merges."""
    from marsad.store import Store

    store = Store.open(load_settings(db_url=db_url).db_url)
    try:
        report = store.resolve(why=why, threshold=threshold)
    finally:
        store.close()
    click.echo(json.dumps({
        "run_id": report.run_id, "mentions": report.mentions, "events_before": report.events_before,
        "events_after": report.events_after, "created": report.created, "merged_away": report.merged_away,
        "changed": report.changed,
    }))
