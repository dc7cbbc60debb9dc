"""A terminal summary of event records (rich), for ``marsad events`` and friends."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from rich.console import Console
from rich.table import Table


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def render_table(
    records: Iterable[Mapping[str, Any]], console: Console | None = None, title: str | None = None
) -> int:
    """Print one row per record: id, date, sub-event type, actors, location, admin1, fatalities.

    Returns the number of rows. Long cells fold rather than truncate so no actor name is cut.
    """
    if console is None:
        # Piped or captured output has no width of its own: give rows room instead of 80 columns.
        probe = Console()
        console = probe if probe.is_terminal else Console(width=180)
    table = Table(title=title, show_lines=False, header_style="bold")
    table.add_column("ID", no_wrap=True)
    table.add_column("Date", no_wrap=True)
    table.add_column("Sub-event type", overflow="fold")
    table.add_column("Actor 1", overflow="fold")
    table.add_column("Actor 2", overflow="fold")
    table.add_column("Location", overflow="fold")
    table.add_column("Admin1", overflow="fold")
    table.add_column("Fatalities", justify="right")
    n = 0
    for r in records:
        kind = _text(r.get("sub_event_type") or r.get("event_type"))
        table.add_row(
            _text(r.get("event_id") or r.get("doc_id")),
            _text(r.get("event_date")),
            kind,
            _text(r.get("actor1")),
            _text(r.get("actor2")),
            _text(r.get("location")),
            _text(r.get("admin1")),
            _text(r.get("fatalities")),
        )
        n += 1
    console.print(table)
    return n
