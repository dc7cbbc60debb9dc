"""Alembic environment: runs on the connection ``Store.open`` passes in ``config.attributes``.

Without one (``python -m marsad.store.migrate``, for developers writing a new revision) it opens
``sqlalchemy.url`` from the config itself.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from marsad.store.tables import metadata

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from marsad.store.engine import create_store_engine

    engine = create_store_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("marsad migrations run online only (Store.open runs them)")
run_migrations_online()
