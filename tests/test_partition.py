"""Worker processes (``--jobs``): ``run_partition`` pickles both ways, a pool of two workers gives the
records the in-process pipeline gives, in the same order, and the CLI prints and stores with
``--jobs 2`` what it does with ``--jobs 1``. Real processes, the real spaCy model, a real gazetteer."""

from __future__ import annotations

import json
import multiprocessing
import os
import pickle
import sqlite3
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from itertools import repeat
from pathlib import Path

import pytest

from marsad.errors import MarsadError
from marsad.model import Document
from marsad.partition import Workers, partitions, pipeline_for, run_partition, start_method
from marsad.pipeline import Record
from marsad.resources import Resources
from marsad.settings import Settings
from marsad.stages import build_pipeline
from marsad.workflows import make_pipeline, open_gazetteer
from tests.test_cli import run

# Invented reports, in places of the test gazetteer's countries (Iraq, Syria, Nigeria).
REPORTS = [
    "Gunmen opened fire on a police patrol in Kirkuk on Tuesday, killing two officers, police said.",
    "Government aircraft bombed a village near Idlib on Sunday; four people died, rescuers said.",
    "Suspected insurgents stormed a market in Maiduguri on Friday and killed six traders.",
    "Around two hundred teachers marched peacefully in Basra on Monday to demand unpaid wages.",
    "A roadside bomb struck a army vehicle outside Tikrit on Wednesday, wounding three soldiers.",
    "Police detained five men suspected of smuggling weapons in Kano on Thursday.",
    "Shells fell on a residential district of Aleppo on Saturday, killing a child.",
    "The weather in the region stayed mild all week and farmers began the harvest.",
]


def documents(n: int = len(REPORTS)) -> list[Document]:
    return [Document(id=f"inv-{i}", text=REPORTS[i % len(REPORTS)] + f" Report number {i}.",
                     published=date(2023, 5, 20)) for i in range(n)]


@pytest.fixture(scope="module")
def settings(data_dir: Path) -> Settings:
    return Settings.load(env={"MARSAD_DATA_DIR": str(data_dir)})


def in_process(docs: list[Document], settings: Settings) -> list[Record]:
    pipeline = make_pipeline(settings, open_gazetteer(settings))
    return [Record.of(a) for a in pipeline.run(docs)]


def test_run_partition_inputs_and_outputs_pickle(settings: Settings) -> None:
    docs = documents()
    assert pickle.loads(pickle.dumps((docs, settings))) == (docs, settings)
    records = run_partition(docs, settings)
    assert [r.document.id for r in records] == [d.id for d in docs]
    assert sum(len(r.mentions) for r in records) >= 5
    assert any(m.place is not None and m.place.country == "IQ" for r in records for m in r.mentions)
    assert any(r.toponyms for r in records) and any(r.country for r in records)
    again = pickle.loads(pickle.dumps(records))
    assert again == records
    assert [m.place for r in again for m in r.mentions] == [m.place for r in records for m in r.mentions]


def test_resources_pickle_without_their_connection_or_spacy(settings: Settings, nlp: object) -> None:
    resources = Resources.from_settings(settings)
    resources.nlp = nlp
    copy = pickle.loads(pickle.dumps(resources))
    assert copy.nlp is None  # loaded again on first use
    assert copy.gazetteer is not resources.gazetteer
    assert copy.gazetteer.path == resources.gazetteer.path
    assert copy.gazetteer.fingerprint() == resources.gazetteer.fingerprint()
    assert copy.settings == settings and copy.country_hint == resources.country_hint
    assert build_pipeline(copy).version == build_pipeline(resources).version
    assert isinstance(resources.gazetteer._conn, sqlite3.Connection)  # the original keeps its own


def test_a_process_builds_its_pipeline_once_per_settings(settings: Settings) -> None:
    first = pipeline_for(settings)
    assert pipeline_for(settings) is first
    other = settings.with_(default_country="SY")
    assert pipeline_for(other) is not first and pipeline_for(other).resources.country_hint == "SY"


def _pipeline_identity(settings: Settings) -> tuple[int, int]:
    return os.getpid(), id(pipeline_for(settings))


def test_a_pool_of_two_gives_the_in_process_records_in_order(settings: Settings) -> None:
    docs = documents(20)
    expected = in_process(docs, settings)
    parts = list(partitions(docs, 3))
    assert [len(p) for p in parts] == [3] * 6 + [2]
    context = multiprocessing.get_context(start_method())
    with ProcessPoolExecutor(2, mp_context=context) as pool:
        got = [r for part in pool.map(run_partition, parts, repeat(settings)) for r in part]
        identities = list(pool.map(_pipeline_identity, repeat(settings, 8)))
    assert got == expected
    assert [[m.index for m in r.mentions] for r in got] == [[m.index for m in r.mentions] for r in expected]
    # Each worker built its resources once and reused them for every partition it ran.
    by_process: dict[int, set[int]] = {}
    for pid, ident in identities:
        by_process.setdefault(pid, set()).add(ident)
    assert pid != os.getpid() and all(len(ids) == 1 for ids in by_process.values())


def test_workers_yield_in_input_order_with_few_in_flight(settings: Settings) -> None:
    docs = documents(11)
    expected = in_process(docs, settings)
    read: list[str] = []

    def lazily() -> object:
        for d in docs:
            read.append(d.id)
            yield d

    with Workers(settings, 2, partition_size=2, in_flight=2) as workers:
        stream = workers.map(lazily())  # type: ignore[arg-type]
        first = next(stream)
        # Streaming: the first record comes back before the input is read to its end.
        assert first == expected[0] and len(read) < len(docs)
        assert [first, *stream] == expected


def test_an_error_in_a_worker_reaches_the_caller_as_itself(settings: Settings, tmp_path: Path) -> None:
    bad_model = tmp_path / "model.json"
    bad_model.write_text("{not a model")
    with Workers(settings.with_(model_path=bad_model), 2) as workers, pytest.raises(MarsadError) as caught:
        list(workers.map(documents(3)))
    assert caught.value.code == "E060"


def test_extract_jobs_2_prints_what_jobs_1_prints(data_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    # Forty documents (more than two partitions), a text file, and one file that is not text.
    with (folder / "a-batch.jsonl").open("w") as f:
        for d in documents(40):
            f.write(json.dumps({"id": d.id, "text": d.text, "published": "2023-05-20"}) + "\n")
    (folder / "b-note.txt").write_text("Armed men abducted three travellers on the road south of Mosul on Monday.\n")
    (folder / "c-blob.txt").write_bytes(b"\x00\x01binary\x00" * 40)
    one = run(["extract", "--jobs", "1", str(folder)], data_dir)
    two = run(["extract", "--jobs", "2", str(folder)], data_dir)
    assert one.returncode == two.returncode == 0, two.stderr
    lines = one.stdout.splitlines()
    assert len(lines) >= 35 and {json.loads(x)["doc_id"] for x in lines} >= {"inv-0", "inv-38", "b-note"}
    assert two.stdout.splitlines() == lines
    for p in (one, two):
        errors = [x for x in p.stderr.splitlines() if x.startswith("error ")]
        assert len(errors) == 1 and errors[0].startswith("error E002") and "c-blob.txt" in errors[0]
        assert "Traceback" not in p.stderr


def test_ingest_jobs_2_stores_what_jobs_1_stores(data_dir: Path, examples_dir: Path, tmp_path: Path) -> None:
    stored = []
    for jobs in ("1", "2"):
        db = f"sqlite:///{tmp_path / f'jobs{jobs}.sqlite'}"
        p = run(["ingest", "--jobs", jobs, str(examples_dir), "--db", db], data_dir)
        assert p.returncode == 0 and " 0 already stored" in p.stderr and "0 errors" in p.stderr, p.stderr
        events = run(["events", "--db", db, "--format", "jsonl"], data_dir)
        # Everything but when each event was written.
        stored.append([{k: v for k, v in json.loads(line).items() if k != "last_modified"}
                       for line in events.stdout.splitlines()])
        with sqlite3.connect(tmp_path / f"jobs{jobs}.sqlite") as conn:
            stored.append(conn.execute(
                "SELECT doc_key, content_hash, pipeline_version FROM documents ORDER BY id").fetchall())
    assert len(stored[0]) >= 5
    assert stored[0] == stored[2]  # the same events, sources and places
    assert stored[1] == stored[3]  # the same documents, stored in the same order at the same version
