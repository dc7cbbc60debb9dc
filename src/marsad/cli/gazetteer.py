"""``marsad gazetteer``: build, import, fetch and inspect the local gazetteer."""

from __future__ import annotations

import json
from pathlib import Path

import click

from marsad.cli.common import load_settings


@click.group("gazetteer")
def command() -> None:
    """Build the default gazetteer, import more places, show what it holds."""


@command.command("build")
@click.option("--country", "countries", multiple=True, metavar="ISO2",
              help="Only these countries (repeatable); default: the whole world.")
@click.option("--if-missing", is_flag=True,
              help="Do nothing if a current gazetteer is already there (one from an older build is rebuilt, "
                   "unless it holds imported places).")
def build(countries: tuple[str, ...], if_missing: bool) -> None:
    """Build the default gazetteer from installed packages (offline)."""
    from marsad.gazetteer import build_default
    from marsad.gazetteer.build import outdated

    settings = load_settings()
    path = Path(settings.gazetteer_path)
    if if_missing and path.exists():
        old, imported = outdated(path)
        if not old:
            click.echo(f"gazetteer already at {path}", err=True)
            return
        if imported:
            # A rebuild would drop the user's imports: say so, keep the file.
            click.echo(f"gazetteer at {path} is from an older build and holds imported places; "
                       "run `marsad gazetteer build` and import them again to update it", err=True)
            return
        click.echo(f"gazetteer at {path} is from an older build: rebuilding", err=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    stats = build_default(path, countries={c.upper() for c in countries} or None)
    click.echo(f"gazetteer built at {path}: {json.dumps(stats)}", err=True)


@command.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def import_(paths: tuple[Path, ...]) -> None:
    """Import GeoNames dumps, Who's On First TSVs, GeoJSON boundaries, or a folder of them."""
    from marsad.gazetteer import import_path

    settings = load_settings()
    for p in paths:
        stats = import_path(Path(settings.gazetteer_path), p)
        click.echo(f"imported {p}: {json.dumps(stats)}", err=True)


@command.command("fetch")
@click.argument("country")
@click.option("--base-url", default="https://download.geonames.org/export/dump/", show_default=True)
def fetch(country: str, base_url: str) -> None:
    """Download a GeoNames country file (online users) and import it."""
    from marsad.gazetteer import fetch as fetch_country

    settings = load_settings()
    stats = fetch_country(country.upper(), Path(settings.gazetteer_path), base_url=base_url)
    click.echo(f"fetched {country.upper()}: {json.dumps(stats)}", err=True)


@command.command("stats")
def stats() -> None:
    """What the gazetteer holds."""
    from marsad.gazetteer import Gazetteer

    settings = load_settings()
    click.echo(json.dumps(Gazetteer.open(Path(settings.gazetteer_path)).stats(), indent=2))
