"""The store against real SQLite (file and in-memory) and the real PostgreSQL at 127.0.0.1:5432."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import delete, func, inspect, select, text, update

from marsad.errors import MarsadError
from marsad.exports.records import EXTRACT_FIELDS
from marsad.model import Document, Evidence, Mention, Place
from marsad.store import EventFilter, Store, event_key
from marsad.store.engine import head_revision, normalize_url
from marsad.store.tables import documents, events, mentions, metadata

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test"

# -- fixtures ---------------------------------------------------------------------------------------


def _pg_admin():  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3)


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A fresh, uniquely named PostgreSQL database for this test session, dropped afterwards."""
    import psycopg

    try:
        admin = _pg_admin()
    except psycopg.OperationalError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"PostgreSQL at 127.0.0.1:5432 unreachable: {exc}")
    name = f"marsad_store_{uuid.uuid4().hex[:10]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def pg_url(pg_database: str) -> str:
    """The session's PostgreSQL database, emptied (so every test starts from an unmigrated one)."""
    import psycopg

    with psycopg.connect(pg_database.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
    return pg_database


@pytest.fixture(params=["sqlite-file", "sqlite-memory", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL to an empty database, per backend."""
    if request.param == "sqlite-file":
        return f"sqlite:///{tmp_path / 'sub' / 'dir' / 'marsad.sqlite'}"
    if request.param == "sqlite-memory":
        return "sqlite://"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store.open(db_url)
    yield s
    s.close()


def persistent(db_url: str) -> None:
    if db_url == "sqlite://":
        pytest.skip("an in-memory database does not outlive its Store")


# -- test data (written for these tests) ------------------------------------------------------------

ALEPPO = Place("Aleppo", 36.2021, 37.1343, "SY", "SYR", "Syria", "Aleppo", "Jebel Saman", "P", "170063")
MAIDUGURI = Place("Maiduguri", 11.8464, 13.1603, "NG", "NGA", "Nigeria", "Borno", None, "P", "2331447")
MOSUL = Place("Mosul", 36.335, 43.1189, "IQ", "IRQ", "Iraq", "Nineveh", "Mosul", "P", "99072")


def make_doc(
    key: str, text_: str, published: date | None = date(2024, 3, 2), source: str = "Test Wire"
) -> Document:
    return Document(
        id=key,
        text=text_,
        title=f"Title of {key}",
        published=published,
        source=source,
        url=f"https://example.org/{key}",
        fetched=datetime(2024, 3, 3, 8, 30, tzinfo=UTC),
        origin=f"fixtures.jsonl:{key}",
    )


def make_mention(doc: Document, idx: int, **kw: object) -> Mention:
    values: dict = {
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "event_date": date(2024, 3, 1),
        "actor1": "Military Forces of Syria (2000-)",
        "inter1": 1,
        "actor2": "Hayat Tahrir al-Sham",
        "inter2": 2,
        "fatalities": 2,
        "evidence": [Evidence(doc.text[:20], 0, 20)],
        "place": ALEPPO,
    }
    values.update(kw)
    return Mention(doc_id=doc.id, index=idx, **values)


def corpus_doc(i: int) -> tuple[Document, list[Mention]]:
    """Document number ``i`` of a generated corpus with ``i % 7 + 1`` mentions (used by the kill test)."""
    doc = make_doc(f"gen-{i}", f"Generated report number {i}: clashes were reported near the river.")
    return doc, [make_mention(doc, j, fatalities=j) for j in range(i % 7 + 1)]


def add_corpus(store: Store) -> dict[str, Document]:
    """Five events in three countries with varied coding."""
    d1 = make_doc("d1", "Government troops clashed with rebels in Aleppo; two died.")
    d2 = make_doc(
        "d2", "An air strike hit a market in Mosul.", published=date(2024, 2, 11), source="Other Wire"
    )
    d3 = make_doc(
        "d3", "Gunmen abducted 5 farmers near Maiduguri. Police arrested 3 suspects.", published=None
    )
    assert store.save_analysis(d1, [make_mention(d1, 0)], pipeline_version="t1")
    assert store.save_analysis(
        d2,
        [
            make_mention(
                d2,
                0,
                event_type="Explosions/Remote violence",
                sub_event_type="Air/drone strike",
                event_date=date(2024, 2, 10),
                actor1="Military Forces of Iraq (2014-)",
                actor2="Civilians (Iraq)",
                inter2=7,
                fatalities=0,
                injuries=4,
                place=MOSUL,
            )
        ],
    )
    assert store.save_analysis(
        d3,
        [
            make_mention(
                d3,
                0,
                event_type="Violence against civilians",
                sub_event_type="Abduction/forced disappearance",
                event_date=date(2024, 1, 5),
                actor1="Unidentified Armed Group (Nigeria)",
                inter1=3,
                actor2="Civilians (Nigeria)",
                assoc_actor_2="Farmers (Nigeria)",
                inter2=7,
                fatalities=0,
                place=MAIDUGURI,
            ),
            make_mention(
                d3,
                1,
                event_type="Strategic developments",
                sub_event_type="Arrests",
                event_date=date(2024, 1, 6),
                actor1="Police Forces of Nigeria (2023-)",
                actor2=None,
                inter2=None,
                arrests=3,
                fatalities=0,
                place=None,
                claim="police",
            ),
        ],
    )
    return {"d1": d1, "d2": d2, "d3": d3}


# -- schema and migrations --------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_fresh_database_is_migrated_to_head_and_matches_tables(store: Store) -> None:
    with store.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_heads() == (head_revision(),)
        names = set(inspect(conn).get_table_names())
        assert {"documents", "mentions", "events", "alembic_version"} <= names
        index_names = {ix["name"] for ix in inspect(conn).get_indexes("events")}
        assert {
            "ix_events_event_date",
            "ix_events_iso3",
            "ix_events_actor1",
            "ix_events_actor2",
        } <= index_names
        # tables.py (what queries use) and the migrations (what builds the schema) must agree.
        diffs = [d for d in compare_metadata(MigrationContext.configure(conn), metadata)]
        assert diffs == []


def test_sqlite_connection_setup(tmp_path: Path) -> None:
    s = Store.open(f"sqlite:///{tmp_path / 'x.sqlite'}")
    try:
        with s.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        s.close()


def test_reopening_keeps_data_and_schema(db_url: str) -> None:
    persistent(db_url)
    s = Store.open(db_url)
    doc = make_doc("r1", "Shelling hit the eastern districts overnight.")
    assert s.save_analysis(doc, [make_mention(doc, 0)])
    s.close()
    s = Store.open(db_url)
    try:
        assert s.stats() == {"documents": 1, "mentions": 1, "events": 1}
        assert not s.save_analysis(doc, [make_mention(doc, 0)])
    finally:
        s.close()


def test_concurrent_opens_of_a_fresh_database_both_succeed(db_url: str) -> None:
    persistent(db_url)
    from concurrent.futures import ThreadPoolExecutor

    if db_url.startswith("postgresql"):
        db_url += "?options=-c%20lock_timeout%3D20000"  # a regression fails instead of hanging
    with ThreadPoolExecutor(4) as pool:
        stores = list(pool.map(Store.open, [db_url] * 4))
    for s in stores:
        assert s.stats() == {"documents": 0, "mentions": 0, "events": 0}
        s.close()


def test_database_from_a_newer_marsad_is_refused_with_e031(db_url: str) -> None:
    persistent(db_url)
    s = Store.open(db_url)
    with s.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'f00dfeed9999'"))
    s.close()
    with pytest.raises(MarsadError) as exc:
        Store.open(db_url)
    assert exc.value.code == "E031"
    assert "f00dfeed9999" in str(exc.value) and head_revision() in str(exc.value)


def test_unopenable_databases_give_e030(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    for url in (
        f"sqlite:///{blocker / 'db.sqlite'}",  # its directory cannot be created
        "nosuchdialect://somewhere/db",
        "postgresql://postgres@127.0.0.1:1/test",  # nothing listens on port 1
    ):
        with pytest.raises(MarsadError) as exc:
            Store.open(url)
        assert exc.value.code == "E030", url
    not_a_db = tmp_path / "garbage.sqlite"
    not_a_db.write_bytes(b"this is not an SQLite database at all, just some bytes" * 100)
    with pytest.raises(MarsadError) as exc:
        Store.open(f"sqlite:///{not_a_db}")
    assert exc.value.code == "E030"


def test_sqlite_path_with_tilde_is_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    Store.open("sqlite:///~/data/m.sqlite").close()
    assert (tmp_path / "data" / "m.sqlite").is_file()


def test_e030_hides_passwords() -> None:
    with pytest.raises(MarsadError) as exc:
        Store.open("postgresql://postgres:s3cret-pw@127.0.0.1:1/test")
    assert "s3cret-pw" not in str(exc.value)


def test_plain_postgresql_urls_use_psycopg() -> None:
    assert normalize_url("postgresql://postgres@127.0.0.1:5432/test").drivername == "postgresql+psycopg"
    assert normalize_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("postgresql+psycopg://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("sqlite:///x.db").drivername == "sqlite"


@pytest.mark.postgres
def test_plain_postgresql_url_opens(pg_url: str) -> None:
    s = Store.open(pg_url.replace("postgresql+psycopg://", "postgresql://"))
    try:
        assert s.engine.dialect.driver == "psycopg"
        assert isinstance(s.stats()["events"], int)
    finally:
        s.close()


# -- writing ----------------------------------------------------------------------------------------


def test_save_analysis_stores_document_mentions_and_one_event_each(store: Store) -> None:
    docs = add_corpus(store)
    assert store.stats() == {"documents": 3, "mentions": 4, "events": 4}
    with store.engine.connect() as conn:
        row = conn.execute(select(documents).where(documents.c.doc_key == "d1")).mappings().one()
        assert row["content_hash"] == docs["d1"].hash
        assert row["title"] == "Title of d1" and row["origin"] == "fixtures.jsonl:d1"
        assert row["published"] == date(2024, 3, 2) and row["pipeline_version"] == "t1"
        assert row["text"] == docs["d1"].text
        fetched = row["fetched"] if row["fetched"].tzinfo else row["fetched"].replace(tzinfo=UTC)
        assert fetched == datetime(2024, 3, 3, 8, 30, tzinfo=UTC)
        # every mention points at its own event, which carries the mention's coding
        pairs = conn.execute(
            select(mentions.c.idx, mentions.c.sub_event_type, events.c.sub_event_type, events.c.event_key)
            .join(events, mentions.c.event_id == events.c.id)
            .join(documents, mentions.c.document_id == documents.c.id)
            .where(documents.c.doc_key == "d3")
            .order_by(mentions.c.idx)
        ).all()
    assert [(p[0], p[1]) for p in pairs] == [(0, "Abduction/forced disappearance"), (1, "Arrests")]
    assert all(p[1] == p[2] for p in pairs)
    assert [p[3] for p in pairs] == [event_key(docs["d3"].hash, 0), event_key(docs["d3"].hash, 1)]


def test_save_analysis_is_idempotent_on_content(store: Store) -> None:
    doc = make_doc("i1", "Protesters gathered in the square on Friday.")
    m = make_mention(doc, 0, event_type="Protests", sub_event_type="Peaceful protest", actor2=None)
    assert store.has_document(doc.hash) is False
    assert store.save_analysis(doc, [m]) is True
    assert store.has_document(doc.hash) is True
    before = store.stats()
    assert store.save_analysis(doc, [m]) is False
    # Same text with other whitespace and another id is the same content.
    again = make_doc("other-id", "Protesters  gathered in the square\non Friday.")
    assert store.save_analysis(again, [m, m]) is False
    assert store.stats() == before == {"documents": 1, "mentions": 1, "events": 1}


def test_document_without_events_is_stored_and_remembered(store: Store) -> None:
    doc = make_doc("n1", "The weather was calm and markets opened as usual.")
    assert store.save_analysis(doc, []) is True
    assert store.save_analysis(doc, []) is False
    assert store.stats() == {"documents": 1, "mentions": 0, "events": 0}


def test_duplicate_mention_indexes_do_not_lose_mentions(store: Store) -> None:
    doc = make_doc("dup", "Two separate clashes were reported on the same day.")
    assert store.save_analysis(doc, [make_mention(doc, 0), make_mention(doc, 0, fatalities=9)])
    assert store.stats()["mentions"] == 2
    assert sorted(r["fatalities"] for r in store.query_events(EventFilter())) == [2, 9]


def test_deleting_a_document_cascades_to_its_mentions(store: Store) -> None:
    add_corpus(store)
    with store.engine.begin() as conn:
        conn.execute(delete(documents).where(documents.c.doc_key == "d3"))
        assert conn.execute(select(func.count()).select_from(mentions)).scalar_one() == 2


def test_failed_save_rolls_back_everything(store: Store) -> None:
    """A document whose mentions cannot be written leaves no trace (one transaction per document)."""
    doc = make_doc("bad", "A report whose second mention carries an impossible value.")
    good = make_mention(doc, 0)
    bad = make_mention(doc, 1)
    bad.event_date = "not a date"  # type: ignore[assignment]
    with pytest.raises(Exception):  # noqa: B017 - the driver's own error type differs per backend
        store.save_analysis(doc, [good, bad])
    assert store.stats() == {"documents": 0, "mentions": 0, "events": 0}
    assert store.save_analysis(doc, [good]) is True


# -- reading ----------------------------------------------------------------------------------------


def test_event_records_have_the_contract_keys_and_roundtrip(store: Store) -> None:
    doc = make_doc("e1", 'Fighters said "we hold the bridge" — ÿ, 中文, and a comma, too.')
    ev = [
        Evidence('Fighters said "we hold the bridge"', 0, 34),
        Evidence("ÿ, 中文, and a comma, too.", 37, 62),
    ]
    m = make_mention(doc, 0, evidence=ev, claim="Hayat Tahrir al-Sham", injuries=3, confidence=0.8766)
    assert store.save_analysis(doc, [m])
    [rec] = store.query_events(EventFilter())
    expected = (set(EXTRACT_FIELDS) - {"doc_id"}) | {
        "event_id",
        "sources",
        "mentions",
        "last_modified",
        "fatalities_low",
        "fatalities_best",
        "fatalities_high",
        "independent_sources",
        "claim_grade",
        "claim_reason",
    }
    assert set(rec) == expected
    assert (rec["fatalities_low"], rec["fatalities_best"], rec["fatalities_high"]) == (2, 2, 2)
    assert rec["claim_grade"] == "weak" and rec["independent_sources"] == 1
    [mention] = rec["mentions"]
    assert mention["doc_id"] == "e1" and mention["fatalities"] == 2 and isinstance(mention["mention_id"], int)
    assert rec["event_id"] == event_key(doc.hash, 0)
    assert rec["evidence"] == [{"text": e.text, "start": e.start, "end": e.end} for e in ev]
    assert rec["event_date"] == "2024-03-01" and rec["time_precision"] == 1
    assert (rec["event_type"], rec["sub_event_type"]) == ("Battles", "Armed clash")
    assert rec["interaction"] == 12 and rec["inter1"] == 1 and rec["inter2"] == 2
    assert (rec["country"], rec["iso3"], rec["admin1"], rec["admin2"]) == (
        "Syria",
        "SYR",
        "Aleppo",
        "Jebel Saman",
    )
    assert (rec["location"], rec["latitude"], rec["longitude"], rec["geo_precision"]) == (
        "Aleppo",
        36.2021,
        37.1343,
        1,
    )
    assert (rec["fatalities"], rec["injuries"], rec["arrests"]) == (2, 3, 0)
    assert rec["confidence"] == 0.877 and rec["claim"] == "Hayat Tahrir al-Sham"
    assert rec["source"] == "Test Wire" and rec["url"] == "https://example.org/e1"
    assert rec["sources"] == [
        {"doc_id": "e1", "source": "Test Wire", "url": "https://example.org/e1", "published": "2024-03-02"}
    ]
    modified = datetime.fromisoformat(rec["last_modified"].replace("Z", "+00:00"))
    assert rec["last_modified"].endswith("Z") and modified.tzinfo is not None
    assert store.get_event(rec["event_id"]) == rec


def test_event_without_place_or_second_actor(store: Store) -> None:
    add_corpus(store)
    [rec] = store.query_events(EventFilter(event_type="arrests"))
    assert rec["location"] == "" and rec["latitude"] is None and rec["geo_precision"] is None
    assert rec["actor2"] == "" and rec["interaction"] == 10 and rec["arrests"] == 3
    assert rec["sources"][0]["published"] is None


def test_events_sort_newest_first_then_by_id_and_page(store: Store) -> None:
    add_corpus(store)
    same_day = make_doc("s1", "Three clashes on one day in one town.")
    store.save_analysis(same_day, [make_mention(same_day, i) for i in range(3)])
    recs = store.query_events(EventFilter())
    keys = [(r["event_date"], r["event_id"]) for r in recs]
    assert keys == sorted(keys, key=lambda k: (-date.fromisoformat(k[0]).toordinal(), k[1]))
    assert [r["event_date"] for r in recs][:4] == ["2024-03-01"] * 4
    assert store.query_events(EventFilter(), limit=2) == recs[:2]
    assert store.query_events(EventFilter(), limit=3, offset=2) == recs[2:5]
    assert store.query_events(EventFilter(), offset=100) == []
    assert list(store.iter_events(EventFilter(), batch_size=2)) == recs
    assert list(store.iter_events(EventFilter(country="iq"), batch_size=1)) == store.query_events(
        EventFilter(country="iq")
    )


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (EventFilter(), {"d1#0", "d2#0", "d3#0", "d3#1"}),
        (EventFilter(since=date(2024, 2, 10)), {"d1#0", "d2#0"}),  # inclusive
        (EventFilter(until=date(2024, 1, 5)), {"d3#0"}),  # inclusive
        (EventFilter(since=date(2024, 1, 6), until=date(2024, 2, 10)), {"d2#0", "d3#1"}),
        (EventFilter(country="Syria"), {"d1#0"}),
        (EventFilter(country="syria"), {"d1#0"}),
        (EventFilter(country="SY"), {"d1#0"}),
        (EventFilter(country="irq"), {"d2#0"}),
        (EventFilter(country="ng"), {"d3#0"}),  # the Arrests event has no place
        (EventFilter(country="France"), set()),
        (EventFilter(admin1="NINEVEH"), {"d2#0"}),
        (EventFilter(admin1="Nine"), set()),  # admin1 is an exact (case-insensitive) match
        (EventFilter(event_type="battles"), {"d1#0"}),
        (EventFilter(event_type="Explosions/Remote violence"), {"d2#0"}),
        (EventFilter(event_type="air/drone STRIKE"), {"d2#0"}),
        (EventFilter(event_type="abduction/forced disappearance"), {"d3#0"}),
        (EventFilter(event_type="no such type"), set()),
        (EventFilter(actor="civilians"), {"d2#0", "d3#0"}),  # actor2
        (EventFilter(actor="FARMERS"), {"d3#0"}),  # an associated actor
        (EventFilter(actor="military forces of"), {"d1#0", "d2#0"}),
        (EventFilter(actor="%"), set()),  # LIKE wildcards are literal
        (EventFilter(actor="_"), set()),
        (EventFilter(country="nigeria", actor="police"), set()),
        (EventFilter(country="nigeria", actor="group", event_type="Violence against civilians"), {"d3#0"}),
    ],
)
def test_filters(store: Store, flt: EventFilter, expected: set[str]) -> None:
    docs = add_corpus(store)
    names = {event_key(d.hash, i): f"{k}#{i}" for k, d in docs.items() for i in range(2)}
    got = {names[r["event_id"]] for r in store.query_events(flt)}
    assert got == expected
    assert store.count_events(flt) == len(expected)


def test_get_event(store: Store) -> None:
    docs = add_corpus(store)
    key = event_key(docs["d2"].hash, 0)
    rec = store.get_event(key)
    assert rec is not None and rec["event_id"] == key and rec["location"] == "Mosul"
    assert store.get_event(key.lower()) == rec
    assert store.get_event("MRS-000000000000") is None


def test_event_with_several_documents_lists_each_source(store: Store) -> None:
    """The schema lets resolution point several mentions at one event; records list every source."""
    docs = add_corpus(store)
    with store.engine.begin() as conn:
        target = conn.execute(
            select(events.c.id).where(events.c.event_key == event_key(docs["d1"].hash, 0))
        ).scalar_one()
        d2_id = conn.execute(select(documents.c.id).where(documents.c.doc_key == "d2")).scalar_one()
        conn.execute(update(mentions).where(mentions.c.document_id == d2_id).values(event_id=target))
    rec = store.get_event(event_key(docs["d1"].hash, 0))
    assert rec is not None
    assert [s["doc_id"] for s in rec["sources"]] == ["d2", "d1"]  # oldest publication first
    assert rec["source"] == "Other Wire; Test Wire"


def test_event_ids_are_stable_across_databases() -> None:
    stores = [Store.open("sqlite://"), Store.open("sqlite://")]
    try:
        for s in stores:
            add_corpus(s)
        a, b = ([r["event_id"] for r in s.query_events(EventFilter())] for s in stores)
        assert a == b and len(set(a)) == 4
    finally:
        for s in stores:
            s.close()


# -- interrupted ingest -----------------------------------------------------------------------------

CHILD = """
import sys
sys.path.insert(0, {root!r})
from tests.test_store import corpus_doc
from marsad.store import Store
store = Store.open({url!r})
for i in range({n}):
    doc, ms = corpus_doc(i)
    store.save_analysis(doc, ms, pipeline_version="kill-test")
    print(i, flush=True)
print("done", flush=True)
"""


def test_ingest_killed_mid_way_leaves_a_consistent_database(tmp_path: Path) -> None:
    n = 1500
    url = f"sqlite:///{tmp_path / 'killed.sqlite'}"
    Store.open(url).close()  # migrate first, so the child spends its time storing
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(root=str(ROOT), url=url, n=n)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    seen = 0
    for line in child.stdout:
        if line.strip() == "done":
            break
        seen += 1
        if seen == 100:
            os.kill(child.pid, signal.SIGKILL)
            break
    child.wait()
    assert child.returncode == -signal.SIGKILL, child.stderr.read() if child.stderr else ""

    store = Store.open(url)
    try:
        with store.engine.connect() as conn:
            per_doc = dict(
                conn.execute(
                    select(documents.c.doc_key, func.count(mentions.c.id))
                    .select_from(documents.outerjoin(mentions, mentions.c.document_id == documents.c.id))
                    .group_by(documents.c.doc_key)
                ).all()
            )
            orphans = conn.execute(
                select(func.count()).select_from(mentions).where(mentions.c.event_id.is_(None))
            ).scalar_one()
        stored = len(per_doc)
        assert 100 <= stored < n
        for key, count in per_doc.items():
            assert count == int(key.split("-")[1]) % 7 + 1, key  # every stored document is complete
        assert orphans == 0
        assert store.stats()["events"] == store.stats()["mentions"] == sum(per_doc.values())

        # Rerunning completes the rest and skips what was stored.
        results = [store.save_analysis(*corpus_doc(i)) for i in range(n)]
        assert results.count(False) == stored and results.count(True) == n - stored
        assert store.stats() == {
            "documents": n,
            "mentions": sum(i % 7 + 1 for i in range(n)),
            "events": sum(i % 7 + 1 for i in range(n)),
        }
    finally:
        store.close()
