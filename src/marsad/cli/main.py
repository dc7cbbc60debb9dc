"""``marsad``: the command group. Each command lives in its own module."""

from __future__ import annotations

import logging
import sys

import click

from marsad import __version__
from marsad.cli import (
    evaluate,
    events,
    extract,
    gazetteer,
    geoparse,
    ingest,
    reprocess,
    resolve,
    serve,
    train,
)
from marsad.errors import MarsadError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="marsad")
@click.option("-v", "--verbose", is_flag=True, help="Log what the pipeline does to stderr.")
def cli(verbose: bool) -> None:
    """Marsad: news and field reports in, coded and geolocated conflict events out."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")


for module in (extract, ingest, reprocess, resolve, events, serve, geoparse, gazetteer, evaluate, train):
    cli.add_command(module.command)


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except MarsadError as exc:
        click.echo(f"error {exc}", err=True)
        sys.exit(1)
    except BrokenPipeError:
        sys.exit(0)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
