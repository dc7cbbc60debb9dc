"""Re-processing stored documents with a newer pipeline: the real pipeline, real SQLite and PostgreSQL.

"An older pipeline" is a real one: the default chain without its geocoding stage (its version
differs), or a document stored with hand-made mentions, as an extractor that saw an event where the
current one sees none would have stored it.
"""

from __future__ import annotations

import os
import subprocess
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from marsad.errors import MarsadError
from marsad.gazetteer import Gazetteer
from marsad.model import Document, Evidence, Mention
from marsad.pipeline import DEFAULT_STAGES, Analysis, Pipeline
from marsad.pipeline.registry import stage
from marsad.settings import Settings
from marsad.store import Store
from marsad.store.tables import documents, event_history, events, mentions
from marsad.workflows import RunReport, ingest, iter_documents, make_pipeline, reprocess
from tests.conftest import MARSAD
from tests.test_e2e import PG_URL, pg_available

OLD_STAGES = ("nlp", "geoparse", "extract")  # what an older Marsad ran: no geocoding of events


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'reprocess.sqlite'}"
        return
    if not pg_available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL at 127.0.0.1:5432 is required in CI")
        pytest.skip("PostgreSQL is not running")
    schema = f"reprocess_{abs(hash(request.node.nodeid)) % 10**8}"
    engine = sa.create_engine(PG_URL)
    with engine.begin() as c:
        c.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        c.execute(sa.text(f"CREATE SCHEMA {schema}"))
    yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    with engine.begin() as c:
        c.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    engine.dispose()


@pytest.fixture
def settings(data_dir: Path, db_url: str) -> Settings:
    return Settings.load(env={"MARSAD_DATA_DIR": str(data_dir)}, db_url=db_url)


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    s = Store.open(settings.db_url)
    yield s
    s.close()


def pipeline(settings: Settings, names: tuple[str, ...] = DEFAULT_STAGES) -> Pipeline:
    return make_pipeline(settings, Gazetteer.open(settings.gazetteer_path), names=names)


def ingest_examples(settings: Settings, store: Store, names: tuple[str, ...], examples: Path) -> RunReport:
    report = RunReport()
    errors: list[str] = []
    ingest(iter_documents([examples], settings, lambda e: errors.append(str(e)), report), pipeline(settings, names),
           store, report)
    assert errors == [] and report.stored >= 8
    return report


def versions(store: Store) -> Counter[str]:
    with store.engine.connect() as conn:
        return Counter(conn.execute(sa.select(documents.c.pipeline_version)).scalars())


def history_rows(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(event_history)).scalar_one())


def assert_consistent(store: Store) -> None:
    """Every mention is in an active event and every active event has a mention."""
    with store.engine.connect() as conn:
        active = set(conn.execute(sa.select(events.c.id).where(events.c.merged_into.is_(None))).scalars())
        placed = list(conn.execute(sa.select(mentions.c.event_id)).scalars())
    assert None not in placed
    assert set(placed) == active


def codings(store: Store) -> Counter[tuple[Any, ...]]:
    return Counter((e["event_type"], e["location"], e["country"], e["fatalities"], len(e["mentions"]))
                   for e in store.query_events())


# -- the default run -----------------------------------------------------------------------------------


def test_outdated_documents_are_re_extracted(settings: Settings, store: Store, examples_dir: Path,
                                             tmp_path: Path) -> None:
    ingest_examples(settings, store, OLD_STAGES, examples_dir)
    old_keys = [e["event_id"] for e in store.query_events()]
    assert all(not e["location"] for e in store.query_events()), "the old pipeline geocodes nothing"
    current = pipeline(settings)
    assert versions(store) == Counter({pipeline(settings, OLD_STAGES).version: 8})

    report = reprocess(current, store)

    assert (report.outdated, report.reprocessed, report.errors) == (8, 8, [])
    assert report.mentions == report.mentions_before == store.stats()["mentions"]
    assert versions(store) == Counter({current.version: 8})
    assert_consistent(store)
    # The events now say what a fresh ingest with the current pipeline says.
    fresh = Store.open(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    try:
        ingest_examples(settings, fresh, DEFAULT_STAGES, examples_dir)
        assert codings(store) == codings(fresh)
        assert all(e["location"] for e in store.query_events())
        fresh_ids = {e["event_id"] for e in fresh.query_events()}
    finally:
        fresh.close()
    # The ids a user may have exported stay (the same ids a fresh ingest gives, an event of two
    # reports included), and each event's history says what the re-processing changed.
    assert {e["event_id"] for e in store.query_events()} == set(old_keys) == fresh_ids
    for key in old_keys:
        assert any(h["run_id"].startswith("reprocess-") and "location" in h["changed"] for h in store.history(key))

    # A second run finds nothing to do and changes nothing.
    rows = history_rows(store)
    again = reprocess(current, store)
    assert (again.outdated, again.reprocessed, again.skipped, again.errors) == (0, 0, 0, [])
    assert history_rows(store) == rows


# -- manual decisions ------------------------------------------------------------------------------------

CALM = "The city council of Kirkuk met on Monday to discuss the budget for new schools. Parents welcomed it."


def fabricated(doc: Document) -> list[Mention]:
    """What a worse extractor stored for the CALM text: two events in a text that reports none."""
    first = CALM.index(".") + 1
    second = (first + 1, len(CALM))
    return [
        Mention(doc_id=doc.id, index=0, event_type="Protests", sub_event_type="Peaceful protest",
                event_date=date(2024, 5, 6), actor1="Protesters (Iraq)",
                evidence=[Evidence(CALM[:first], 0, first)]),
        Mention(doc_id=doc.id, index=1, event_type="Riots", sub_event_type="Violent demonstration",
                event_date=date(2024, 5, 6), actor1="Rioters (Iraq)",
                evidence=[Evidence(CALM[second[0]:second[1]], *second)]),
    ]


def by_doc(store: Store, doc_id: str) -> dict[str, Any]:
    return next(e for e in store.query_events() if any(m["doc_id"] == doc_id for m in e["mentions"]))


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_manual_edits_and_merges_survive_or_are_reported(settings: Settings, store: Store,
                                                         examples_dir: Path) -> None:
    current = pipeline(settings)
    ingest_examples(settings, store, DEFAULT_STAGES, examples_dir)
    calm = Document(id="calm-1", text=CALM, published=date(2024, 5, 7), source="Invented Wire")
    assert store.save_analysis(calm, fabricated(calm), pipeline_version="0-older")

    real = [e for e in store.query_events() if len(e["sources"]) == 1 and e["mentions"][0]["doc_id"] != "calm-1"]
    edited, a, b = real[0], real[1], real[2]
    edited_mentions = [m["mention_id"] for m in edited["mentions"]]
    store.edit_event(edited["event_id"], {"fatalities": 7}, why="checked with the local council")
    survivor = store.merge_events([a["event_id"], b["event_id"]], why="the same clash, told twice")
    fake_edit = by_doc(store, "calm-1")
    store.edit_event(fake_edit["event_id"], {"actor1": "Teachers (Iraq)"}, why="who protested")
    fake_merged = next(e for e in store.query_events()
                       if e["mentions"][0]["doc_id"] == "calm-1" and e["event_id"] != fake_edit["event_id"])
    target = real[3]
    store.merge_events([target["event_id"], fake_merged["event_id"]], why="filed under the same incident")
    fake_mention = fake_merged["mentions"][0]["mention_id"]
    with store.engine.begin() as conn:  # every document now looks processed by an older Marsad
        conn.execute(sa.update(documents).values(pipeline_version="0-older"))

    notes: list[str] = []
    report = reprocess(current, store, on_notice=notes.append)

    assert report.errors == [] and report.reprocessed == 9
    assert_consistent(store)
    # An edit to an event whose report is still extracted stays, on the same id and mentions.
    now = store.get_event(edited["event_id"])
    assert now is not None and now["event_id"] == edited["event_id"] and now["fatalities"] == 7
    assert [m["mention_id"] for m in now["mentions"]] == edited_mentions
    # A merge stays: both reports are still in the survivor.
    merged = store.get_event(survivor)
    assert merged is not None and merged["event_id"] == survivor
    assert {m["doc_id"] for m in merged["mentions"]} == {a["mentions"][0]["doc_id"], b["mentions"][0]["doc_id"]}
    assert store.get_event(b["event_id"])["event_id"] == survivor  # type: ignore[index]
    # The invented text reports no event: the edited event is gone, and said so in one line ...
    assert store.get_event(fake_edit["event_id"]) is None
    assert not any(m["doc_id"] == "calm-1" for e in store.query_events() for m in e["mentions"])
    assert len(notes) == 2 == len(report.notices)
    assert any(fake_edit["event_id"] in n and "actor1" in n for n in notes)
    assert any(f"mention {fake_mention}" in n and target["event_id"] in n for n in notes)
    # ... while the history keeps what the person did and shows the event as it was before.
    actions = [h["action"] for h in store.history(fake_edit["event_id"])]
    assert actions == ["created", "edited", "source_removed"]
    assert store.history(fake_edit["event_id"])[1]["why"] == "who protested"
    # The event the invented report was merged into keeps its own report and its id.
    still = store.get_event(target["event_id"])
    assert still is not None and still["event_id"] == target["event_id"]
    assert [m["mention_id"] for m in still["mentions"]] == [m["mention_id"] for m in target["mentions"]]


# -- interruptions and bad documents ---------------------------------------------------------------------


@stage("refuse_marked", requires=("mentions",), produces=())
def _refuse_marked(analysis: Analysis, resources: Any) -> Analysis:
    """A stage that fails on one kind of input, as a real bug on odd text would."""
    if analysis.document.id == "sample-field-3":
        raise ValueError("cannot read this document")
    return analysis


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_an_interrupted_run_resumes_and_a_bad_document_is_one_line(settings: Settings, store: Store,
                                                                    examples_dir: Path) -> None:
    ingest_examples(settings, store, OLD_STAGES, examples_dir)
    current = pipeline(settings)

    # Stopped after 3 documents (--limit): those are done, the rest untouched, all consistent.
    first = reprocess(current, store, limit=3)
    assert (first.outdated, first.reprocessed) == (8, 3)
    assert versions(store)[current.version] == 3 and store.count_documents(current.version) == 5
    assert_consistent(store)

    # Killed between documents (Ctrl-C in the progress callback, after the 2nd commit).
    done: list[int] = []

    def interrupt(n: int) -> None:
        done.append(n)
        if len(done) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        reprocess(current, store, progress=interrupt)
    assert store.count_documents(current.version) == 3
    assert_consistent(store)

    # Rerunning finishes the job.
    rest = reprocess(current, store)
    assert (rest.outdated, rest.reprocessed, rest.errors) == (3, 3, [])
    assert versions(store) == Counter({current.version: 8})
    assert_consistent(store)

    # A stage failing on one document: one line naming it; it keeps its old mentions and version.
    faulty = make_pipeline(settings, Gazetteer.open(settings.gazetteer_path),
                           names=(*DEFAULT_STAGES, "refuse_marked"))
    with store.engine.connect() as conn:
        before = dict(conn.execute(sa.select(documents.c.doc_key, documents.c.id)).all())
        old_mentions = conn.execute(sa.select(sa.func.count()).select_from(mentions)).scalar_one()
    errors: list[MarsadError] = []
    bad = reprocess(faulty, store, on_error=errors.append, batch_size=4)
    assert bad.reprocessed == 7 and len(errors) == len(bad.errors) == 1
    assert str(errors[0]).startswith("E033: ") and "cannot reprocess (cannot read this document)" in str(errors[0])
    stale = [k for k, v in versions(store).items() if v and k != faulty.version]
    assert stale == [current.version] and store.count_documents(faulty.version) == 1
    assert str(errors[0]).startswith("E033: sample-field-3: ") and "sample-field-3" in before
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(mentions)).scalar_one() == old_mentions
    assert_consistent(store)


# -- the command -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_command_and_all(settings: Settings, store: Store, examples_dir: Path, data_dir: Path) -> None:
    ingest_examples(settings, store, OLD_STAGES, examples_dir)
    store.close()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "MARSAD_DATA_DIR": str(data_dir)}
        env.pop("MARSAD_DB", None)
        env.pop("MARSAD_MODEL", None)
        return subprocess.run([str(MARSAD), "reprocess", "--db", settings.db_url, *args], env=env,
                              capture_output=True, text=True, timeout=300)

    p = run("--limit", "5")
    assert p.returncode == 0, p.stderr
    assert "5 documents reprocessed, 3 still outdated" in p.stderr
    p = run()
    assert p.returncode == 0 and "3 documents reprocessed, 0 still outdated" in p.stderr, p.stderr
    p = run()
    assert p.returncode == 0 and "0 documents reprocessed" in p.stderr, p.stderr
    # --all re-runs everything (e.g. after a gazetteer import); stopped midway, a plain run finishes it.
    p = run("--all", "--limit", "2")
    assert p.returncode == 0 and "2 documents reprocessed, 6 still outdated" in p.stderr, p.stderr
    p = run()
    assert p.returncode == 0 and "6 documents reprocessed, 0 still outdated" in p.stderr, p.stderr
