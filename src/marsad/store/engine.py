"""Engines and migrations: URL normalisation, SQLite pragmas and transactions, ``alembic upgrade``.

SQLite gets WAL (readers never block the writer), foreign keys ON (for ``ON DELETE CASCADE``), a busy
timeout, and real transactions: pysqlite's own transaction handling does not BEGIN before DDL or
SELECT, so the driver is put in autocommit mode and SQLAlchemy's ``begin`` emits ``BEGIN`` itself
(SQLAlchemy's documented recipe). Write transactions use ``BEGIN IMMEDIATE`` so that two writers
queue on the busy timeout instead of failing on a lock upgrade.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool

from marsad.errors import MarsadError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_PG_MIGRATION_LOCK = 0x6D61727361640001  # an advisory-lock key of our own ("marsad" + 1)
WRITE_OPTION = "marsad_write"  # execution option: this transaction writes (SQLite: BEGIN IMMEDIATE)


def normalize_url(url: str) -> URL:
    """Parse ``url``; plain ``postgresql://`` / ``postgres://`` use psycopg 3 (the driver we ship)."""
    parsed = make_url(url.strip())
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database.startswith("~"):
        parsed = parsed.set(database=str(Path(parsed.database).expanduser()))
    return parsed


def safe_url(url: str | URL) -> str:
    """The URL for messages, with any password hidden."""
    try:
        return (url if isinstance(url, URL) else make_url(url)).render_as_string(hide_password=True)
    except Exception:  # an unparseable URL is shown as given (it cannot hold a parsed password)
        return str(url)


def is_memory_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def create_store_engine(url: str | URL) -> Engine:
    """An engine for ``url`` with Marsad's connection setup; creates a SQLite file's directory."""
    parsed = normalize_url(url) if isinstance(url, str) else url
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False, "timeout": 30}}
    if is_memory_sqlite(parsed):
        # One connection for the engine's life: an in-memory database lives only as long as it.
        kwargs["poolclass"] = StaticPool
    else:
        assert parsed.database is not None
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed, **kwargs)
    _setup_sqlite(engine)
    return engine


def _setup_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # autocommit at the driver: we BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")  # safe with WAL: a crash loses no committed state
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    """An Alembic config pointing into the package (no alembic.ini needed)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The schema revision this Marsad expects."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def migrate(engine: Engine, shown_url: str) -> None:
    """Bring the database to head in one transaction; refuse (E031) a database from a newer Marsad."""
    with engine.connect() as conn:
        conn = conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            if conn.dialect.name == "postgresql":
                # Two processes opening a fresh database at once (server and ingest) take turns.
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
            script = ScriptDirectory.from_config(alembic_config())
            known = {rev.revision for rev in script.walk_revisions()}
            current = MigrationContext.configure(conn).get_current_heads()
            unknown = [rev for rev in current if rev not in known]
            if unknown:
                raise MarsadError(
                    "E031", url=shown_url, found=", ".join(unknown), expected=script.get_current_head()
                )
            command.upgrade(alembic_config(conn), "head")
