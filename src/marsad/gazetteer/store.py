"""The gazetteer's SQLite file: schema and the low-level writes the builder and importers share.

One file, stdlib ``sqlite3``: a ``places`` table, a ``names`` table of name keys (see ``names.py``)
pointing at places, ``countries``, and admin ``polygons`` (WKB) used to assign provinces and districts
to points. Place ids are GeoNames ids where a place has one, so a GeoNames or Who's On First import
updates the default entry instead of duplicating it; places without one get ids above ``SYNTHETIC``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from marsad.gazetteer.names import is_latin, name_key, native_key, skeleton, strip_generic

SCHEMA_VERSION = "1"
SYNTHETIC = 10_000_000_000  # ids above this are marsad's own (admin1 centroids, countries)
WOF_BASE = 20_000_000_000  # Who's On First records without a GeoNames id: WOF_BASE + wof_id

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS places (
    id INTEGER PRIMARY KEY,
    gid TEXT NOT NULL,
    name TEXT NOT NULL,
    lat REAL,
    lon REAL,
    country TEXT,
    admin1 TEXT,
    admin2 TEXT,
    admin1_code TEXT,
    fclass TEXT,
    fcode TEXT,
    population INTEGER NOT NULL DEFAULT 0,
    source TEXT
);
CREATE TABLE IF NOT EXISTS names (
    key TEXT NOT NULL,
    skel TEXT NOT NULL,
    place_id INTEGER NOT NULL,
    primary_name INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (key, place_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS countries (
    iso2 TEXT PRIMARY KEY,
    iso3 TEXT,
    name TEXT NOT NULL,
    place_id INTEGER
);
CREATE TABLE IF NOT EXISTS polygons (
    id INTEGER PRIMARY KEY,
    country TEXT,
    level INTEGER NOT NULL,
    name TEXT NOT NULL,
    admin1 TEXT,
    source TEXT,
    wkb BLOB NOT NULL
);
"""
INDEXES = """
CREATE INDEX IF NOT EXISTS names_skel ON names (skel);
CREATE INDEX IF NOT EXISTS places_country ON places (country, fcode);
"""

PLACE_COLUMNS = (
    "id",
    "gid",
    "name",
    "lat",
    "lon",
    "country",
    "admin1",
    "admin2",
    "admin1_code",
    "fclass",
    "fcode",
    "population",
    "source",
)
PlaceRow = tuple[int, str, str, float | None, float | None, str | None, str | None, str | None,
                 str | None, str | None, str | None, int, str]


def connect(path: Path, create: bool = False) -> sqlite3.Connection:
    """A read-write connection; ``create`` makes the file and schema when missing."""
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path))
    conn.execute("PRAGMA synchronous=OFF")
    conn.executescript(SCHEMA)
    conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
    return conn


def finish(conn: sqlite3.Connection) -> None:
    """Indexes and statistics after bulk writes (creating indexes once at the end is much faster),
    and the ``country_keys`` table: each country's distinct name keys, in key order, so that the fuzzy
    fallback reads only one country's names of one prefix (a range scan of its primary key)."""
    conn.executescript(INDEXES)
    conn.executescript(
        """
        DROP TABLE IF EXISTS country_keys;
        CREATE TABLE country_keys (country TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (country, key))
            WITHOUT ROWID;
        INSERT OR IGNORE INTO country_keys
            SELECT p.country, n.key FROM names n JOIN places p ON p.id = n.place_id WHERE p.country IS NOT NULL;
        """
    )
    conn.execute("ANALYZE")
    conn.commit()


def put_places(conn: sqlite3.Connection, rows: Iterable[PlaceRow]) -> None:
    conn.executemany(
        f"INSERT OR REPLACE INTO places ({', '.join(PLACE_COLUMNS)}) VALUES ({', '.join('?' * len(PLACE_COLUMNS))})",
        rows,
    )


def name_rows(
    place_id: int, primary: str, others: Iterable[str], strip: bool = False, native: bool = False
) -> list[tuple[str, str, int, int]]:
    """Index rows for a place's names: Latin-script names, one row per distinct key.

    ``strip`` (for areas, rivers, mountains) also indexes names without their generic word, so that
    "Hamreen basin" finds "Jabal Hamrin" and "Nareen River" finds "Nahr Narin". ``native`` (imports)
    also indexes names in other scripts, by their ``native_key`` (a lookup in that script finds them;
    no Latin-script name or text can reach them).
    """
    seen: dict[str, int] = {}
    for i, raw in enumerate([primary, *others]):
        if not raw:
            continue
        if not is_latin(raw):
            own = native_key(raw) if native else None
            if own and own not in seen:
                seen[own] = 0
            continue
        variants = [raw]
        if strip:
            base, generic = strip_generic(raw)
            if generic and len(name_key(base)) >= 4:
                variants.append(base)
        for variant in variants:
            key = name_key(variant)
            if len(key) < 2 or key.isdigit():
                continue
            if key not in seen:
                seen[key] = 1 if i == 0 else 0
    return [(k, skeleton(k) if k.isascii() else k, place_id, p) for k, p in seen.items()]


def put_names(conn: sqlite3.Connection, rows: Iterable[tuple[str, str, int, int]]) -> None:
    conn.executemany("INSERT OR IGNORE INTO names VALUES (?, ?, ?, ?)", rows)
