"""``marsad serve``: the web map, the table and the JSON API."""

from __future__ import annotations

import click

from marsad.cli.common import db_option, load_settings


@click.command("serve")
@db_option
@click.option("--host", default=None, help="Interface to listen on (default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default 8000).")
def command(db_url: str | None, host: str | None, port: int | None) -> None:
    """Serve the events on a web map and table, with a JSON API under /api/events."""
    import uvicorn

    from marsad.api import create_app

    settings = load_settings(db_url=db_url, host=host, port=port)
    app = create_app(settings)
    click.echo(f"serving on http://{settings.host}:{settings.port}  (Ctrl-C to stop)", err=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")
