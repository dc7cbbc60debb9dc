"""``marsad events``: query the stored events and export them."""

from __future__ import annotations

import sys
from datetime import date

import click

from marsad.cli.common import db_option, load_settings


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (use YYYY-MM-DD)") from None


@click.command("events")
@db_option
@click.option("--since", callback=_date, metavar="YYYY-MM-DD", help="Events on or after this day.")
@click.option("--until", callback=_date, metavar="YYYY-MM-DD", help="Events on or before this day.")
@click.option("--country", help="Country name, ISO2 or ISO3.")
@click.option("--admin1", help="First-level admin area (province, governorate, state).")
@click.option("--type", "event_type", help="Event type or sub-event type, e.g. Battles or 'Air/drone strike'.")
@click.option("--actor", help="Actor name (substring, either side or associated).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many events.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "jsonl", "geojson"]), default="table",
              show_default=True)
def command(db_url: str | None, since: date | None, until: date | None, country: str | None,
            admin1: str | None, event_type: str | None, actor: str | None, limit: int | None,
            fmt: str) -> None:
    """Query stored events and export them (CSV in ACLED's column order, JSONL, GeoJSON, table)."""
    from marsad.exports.formats import render_table, write_csv, write_geojson, write_jsonl
    from marsad.store import EventFilter, Store

    settings = load_settings(db_url=db_url)
    store = Store.open(settings.db_url)
    try:
        flt = EventFilter(since=since, until=until, country=country, admin1=admin1,
                          event_type=event_type, actor=actor)
        records = store.query_events(flt, limit=limit)
        if fmt == "table":
            render_table(records)
            click.echo(f"{len(records)} of {store.count_events(flt)} events", err=True)
        else:
            {"csv": write_csv, "jsonl": write_jsonl, "geojson": write_geojson}[fmt](records, sys.stdout)
    finally:
        store.close()
