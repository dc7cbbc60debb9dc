"""``marsad events``: query the stored events and export them; merge, split and edit them by hand;
show an event's history. ``--as-of`` reproduces the dataset as it stood at a time."""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime, time
from typing import Any

import click

from marsad.cli.common import db_option, load_settings


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (use YYYY-MM-DD)") from None


def _moment(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    """A date (the end of that day, UTC) or an ISO 8601 datetime (UTC when no offset is given)."""
    if value is None:
        return None
    try:
        if len(value.strip()) == 10:
            return datetime.combine(date.fromisoformat(value.strip()), time.max, tzinfo=UTC)
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date or ISO 8601 datetime") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@click.group("events", invoke_without_command=True)
@db_option
@click.option("--since", callback=_date, metavar="YYYY-MM-DD", help="Events on or after this day.")
@click.option("--until", callback=_date, metavar="YYYY-MM-DD", help="Events on or before this day.")
@click.option("--country", help="Country name, ISO2 or ISO3.")
@click.option("--admin1", help="First-level admin area (province, governorate, state).")
@click.option("--type", "event_type", help="Event type or sub-event type, e.g. Battles or 'Air/drone strike'.")
@click.option("--actor", help="Actor name (substring, either side or associated).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many events.")
@click.option("--as-of", "as_of", callback=_moment, metavar="DATE|DATETIME",
              help="The dataset as it stood then (end of day for a date; UTC unless an offset is given).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "jsonl", "geojson"]), default="table",
              show_default=True)
@click.pass_context
def command(ctx: click.Context, db_url: str | None, since: date | None, until: date | None, country: str | None,
            admin1: str | None, event_type: str | None, actor: str | None, limit: int | None,
            as_of: datetime | None, fmt: str) -> None:
    """Query stored events and export them (CSV in ACLED's column order, JSONL, GeoJSON, table);
    subcommands merge, split and edit events by hand and show their history."""
    ctx.ensure_object(dict)
    ctx.obj["db_url"] = db_url
    if ctx.invoked_subcommand is not None:
        return
    from marsad.exports.formats import render_table, write_csv, write_geojson, write_jsonl
    from marsad.store import EventFilter, Store

    settings = load_settings(db_url=db_url)
    store = Store.open(settings.db_url)
    try:
        flt = EventFilter(since=since, until=until, country=country, admin1=admin1,
                          event_type=event_type, actor=actor)
        if as_of is not None:
            records = store.events_as_of(as_of, flt)
            total = len(records)
            records = records[:limit] if limit is not None else records
        else:
            records = store.query_events(flt, limit=limit)
            total = -1
        if fmt == "table":
            render_table(records)
            click.echo(f"{len(records)} of {total if total >= 0 else store.count_events(flt)} events", err=True)
        else:
            {"csv": write_csv, "jsonl": write_jsonl, "geojson": write_geojson}[fmt](records, sys.stdout)
    finally:
        store.close()


def _open(ctx: click.Context, db_url: str | None) -> Any:
    from marsad.store import Store

    return Store.open(load_settings(db_url=db_url or ctx.obj.get("db_url")).db_url)


why_option = click.option("--why", required=True, metavar="TEXT", help="Why (kept in the event's history).")


@command.command("merge")
@click.argument("event_ids", nargs=-1, required=True)
@why_option
@db_option
@click.pass_context
def merge_command(ctx: click.Context, event_ids: tuple[str, ...], why: str, db_url: str | None) -> None:
    """Merge events into the first ID given (the others keep their ids in the history)."""
    store = _open(ctx, db_url)
    try:
        survivor = store.merge_events(list(event_ids), why)
    finally:
        store.close()
    click.echo(survivor)


@command.command("split")
@click.argument("event_id")
@click.option("--mention", "mention_ids", type=int, multiple=True, required=True, metavar="M",
              help="A mention id (from the event's `mentions`) to move to a new event (repeatable).")
@why_option
@db_option
@click.pass_context
def split_command(ctx: click.Context, event_id: str, mention_ids: tuple[int, ...], why: str,
                  db_url: str | None) -> None:
    """Move mentions of an event into a new event; prints the new event's id."""
    store = _open(ctx, db_url)
    try:
        new = store.split_event(event_id, list(mention_ids), why)
    finally:
        store.close()
    click.echo(new)


_EDIT_FIELDS: list[tuple[str, Any]] = [
    ("event_date", None), ("time_precision", click.IntRange(1, 3)), ("event_type", str), ("sub_event_type", str),
    ("actor1", str), ("assoc_actor_1", str), ("inter1", click.IntRange(1, 8)), ("actor2", str),
    ("assoc_actor_2", str), ("inter2", click.IntRange(1, 8)), ("fatalities", click.IntRange(min=0)),
    ("fatalities_best", click.IntRange(min=0)), ("injuries", click.IntRange(min=0)), ("arrests", click.IntRange(min=0)),
    ("location", str), ("admin1", str), ("admin2", str), ("country", str), ("latitude", click.FloatRange(-90, 90)),
    ("longitude", click.FloatRange(-180, 180)), ("geo_precision", click.IntRange(1, 3)), ("claim_grade", str),
    ("claim_reason", str),
]


def _edit(ctx: click.Context, event_id: str, why: str, db_url: str | None, **fields: Any) -> None:
    """Set fields of an event by hand; they win over the sources from now on. Prints the new record."""
    changes = {k: v for k, v in fields.items() if v is not None}
    store = _open(ctx, db_url)
    try:
        rec = store.edit_event(event_id, changes, why)
    finally:
        store.close()
    click.echo(json.dumps(rec, ensure_ascii=False))


edit_command = click.pass_context(_edit)
for _name, _type in reversed(_EDIT_FIELDS):
    if _name == "event_date":
        edit_command = click.option("--event_date", "--event-date", "event_date", callback=_date, metavar="YYYY-MM-DD",
                                    help="Set event_date.")(edit_command)
    else:
        _names = list(dict.fromkeys([f"--{_name}", f"--{_name.replace('_', '-')}"]))
        edit_command = click.option(*_names, _name, type=_type, default=None,
                                    help=f"Set {_name}.")(edit_command)
edit_command = db_option(why_option(click.argument("event_id")(edit_command)))
command.command("edit", help=_edit.__doc__)(edit_command)


@command.command("history")
@click.argument("event_id")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@db_option
@click.pass_context
def history_command(ctx: click.Context, event_id: str, fmt: str, db_url: str | None) -> None:
    """Every change to an event: when, what and why (jsonl: with the record before and after)."""
    from marsad.errors import MarsadError

    store = _open(ctx, db_url)
    try:
        rows = store.history(event_id)
    finally:
        store.close()
    if not rows:
        raise MarsadError("E032", event_id=event_id)
    for row in rows:
        if fmt == "jsonl":
            click.echo(json.dumps(row, ensure_ascii=False))
        else:
            what = ", ".join(row["changed"]) or "-"
            click.echo(f"{row['at']}  {row['action']:<12} {row['why']}  [{what}]")
