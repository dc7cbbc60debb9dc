"""Developer entry point for migrations: ``python -m marsad.store.migrate revision -m "add x" [--url U]``.

``revision`` writes a new file in ``migrations/versions`` (``--autogenerate`` compares the database at
``--url``, migrated to head first, with ``tables.py``); ``upgrade`` brings ``--url`` to head.
"""

from __future__ import annotations

import argparse

from alembic import command

from marsad.store.engine import alembic_config, create_store_engine, migrate, safe_url


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m marsad.store.migrate")
    sub = parser.add_subparsers(dest="cmd", required=True)
    rev = sub.add_parser("revision")
    rev.add_argument("-m", "--message", required=True)
    rev.add_argument("--autogenerate", action="store_true")
    rev.add_argument("--url", default="sqlite://")
    up = sub.add_parser("upgrade")
    up.add_argument("--url", required=True)
    args = parser.parse_args(argv)
    engine = create_store_engine(args.url)
    migrate(engine, safe_url(args.url))
    if args.cmd == "revision":
        with engine.begin() as conn:
            command.revision(alembic_config(conn), message=args.message, autogenerate=args.autogenerate)
    engine.dispose()


if __name__ == "__main__":
    main()
