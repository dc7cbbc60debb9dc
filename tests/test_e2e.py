"""End to end, in one process: files -> pipeline -> database -> JSON API, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from marsad.api import create_app
from marsad.gazetteer import Gazetteer
from marsad.settings import Settings
from marsad.store import Store
from marsad.workflows import RunReport, ingest, iter_documents, make_pipeline

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def pg_available() -> bool:
    import sqlalchemy as sa

    try:
        sa.create_engine(PG_URL).connect().close()
        return True
    except Exception:
        return False


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'e2e.sqlite'}"
    if not pg_available():
        import os

        if os.environ.get("CI"):
            pytest.fail("PostgreSQL at 127.0.0.1:5432 is required in CI")
        pytest.skip("PostgreSQL is not running")
    import sqlalchemy as sa

    # A fresh schema per test keeps runs independent.
    schema = f"e2e_{abs(hash(request.node.nodeid)) % 10**8}"
    engine = sa.create_engine(PG_URL)
    with engine.begin() as c:
        c.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        c.execute(sa.text(f"CREATE SCHEMA {schema}"))
    request.addfinalizer(lambda: _drop(engine, schema))
    return f"{PG_URL}?options=-csearch_path%3D{schema}"


def _drop(engine, schema: str) -> None:  # type: ignore[no-untyped-def]
    import sqlalchemy as sa

    with engine.begin() as c:
        c.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    engine.dispose()


def test_examples_to_database_to_api(db_url: str, data_dir: Path, examples_dir: Path) -> None:
    settings = Settings.load(env={"MARSAD_DATA_DIR": str(data_dir)}, db_url=db_url)
    errors: list[str] = []
    report = RunReport()
    store = Store.open(settings.db_url)
    try:
        pipeline = make_pipeline(settings, Gazetteer.open(settings.gazetteer_path))
        docs = iter_documents([examples_dir], settings, lambda e: errors.append(str(e)), report)
        ingest(docs, pipeline, store, report)
        assert errors == []
        assert report.documents == report.stored >= 8
        # Two reports of the Dikwa attack (the feed and a field report) resolve into one event.
        assert 0 < store.stats()["events"] == report.mentions - 1

        # The same files again: nothing new is stored.
        again = RunReport()
        ingest(iter_documents([examples_dir], settings, errors.append, again), pipeline, store, again)
        assert again.stored == 0 and again.skipped == report.stored
    finally:
        store.close()

    with TestClient(create_app(settings)) as client:
        page = client.get("/api/events", params={"limit": 100}).json()
        assert page["total"] == report.mentions - 1
        dikwa = client.get("/api/events", params={"actor": "Boko Haram"}).json()["events"]
        assert len(dikwa) == 1 and len(dikwa[0]["sources"]) == 2
        assert dikwa[0]["fatalities"] == 5 and dikwa[0]["fatalities_high"] == 7
        assert dikwa[0]["claim_grade"] == "fair"
        diyala = client.get("/api/events", params={"admin1": "Diyala"}).json()["events"]
        assert diyala and all(e["admin1"] == "Diyala" for e in diyala)
        assert any(e["fatalities"] == 3 for e in diyala)
        one = diyala[0]
        assert one["sources"][0]["doc_id"] == "sample-diyala-1"
        assert client.get(f"/api/events/{one['event_id']}").json()["event_id"] == one["event_id"]
        idlib = client.get("/api/events", params={"type": "Shelling/artillery/missile attack"}).json()
        assert idlib["total"] >= 1 and idlib["events"][0]["country"] == "Syria"
