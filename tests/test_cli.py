"""The command line as a user runs it: real processes, real files, real SQLite."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import MARSAD


def run(args: list[str], data_dir: Path, stdin: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "MARSAD_DATA_DIR": str(data_dir), **env}
    full_env.pop("MARSAD_DB", None) if "MARSAD_DB" not in env else None
    return subprocess.run([str(MARSAD), *args], input=stdin, env=full_env, capture_output=True, text=True,
                          timeout=300)


def test_help_lists_every_command_with_one_line(data_dir: Path) -> None:
    p = run(["--help"], data_dir)
    assert p.returncode == 0
    for name in ("extract", "ingest", "events", "serve", "geoparse", "gazetteer"):
        assert any(line.strip().startswith(name + " ") for line in p.stdout.splitlines()), name


def test_extract_jsonl_contract(data_dir: Path, examples_dir: Path) -> None:
    p = run(["extract", "--format", "jsonl", str(examples_dir / "field-reports.jsonl")], data_dir)
    assert p.returncode == 0, p.stderr
    records = [json.loads(line) for line in p.stdout.splitlines()]
    assert records, "no events from the field reports"
    fields = list(records[0])
    assert fields[:3] == ["doc_id", "event_date", "time_precision"]
    for key in ("sub_event_type", "inter1", "interaction", "iso3", "geo_precision", "evidence", "claim",
                "confidence", "injuries", "arrests"):
        assert key in fields
    for r in records:
        assert r["doc_id"].startswith("sample-field-")
        assert r["event_date"] <= "2021-03-16"
        for ev in r["evidence"]:
            assert ev["end"] > ev["start"] >= 0
    bomb = [r for r in records if r["doc_id"] == "sample-field-1"]
    assert bomb and bomb[0]["event_type"] == "Explosions/Remote violence"
    assert bomb[0]["fatalities"] == 1


def test_extract_csv_has_the_same_fields(data_dir: Path, examples_dir: Path) -> None:
    p = run(["extract", "--format", "csv", str(examples_dir / "field-reports.jsonl")], data_dir)
    assert p.returncode == 0, p.stderr
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    assert rows and list(rows[0])[:2] == ["doc_id", "event_date"]
    assert isinstance(json.loads(rows[0]["evidence"]), list)


def test_extract_reads_stdin(data_dir: Path) -> None:
    doc = {"id": "in1", "text": "Gunmen killed two farmers in Kirkuk on Monday.", "published": "2021-03-10"}
    p = run(["extract", "-"], data_dir, stdin=json.dumps(doc) + "\n")
    assert p.returncode == 0, p.stderr
    records = [json.loads(line) for line in p.stdout.splitlines()]
    assert records and records[0]["doc_id"] == "in1"
    assert records[0]["event_date"] == "2021-03-08"


def test_bad_items_get_one_line_each_and_good_ones_go_through(data_dir: Path, tmp_path: Path) -> None:
    good = {"id": "ok", "text": "Police arrested three suspected militants in Mosul on Sunday.",
            "published": "2021-03-10"}
    (tmp_path / "mixed.jsonl").write_text(json.dumps(good) + "\n{broken json\n" + '{"id": "e", "text": ""}\n')
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    p = run(["extract", str(tmp_path / "mixed.jsonl"), str(tmp_path / "blob.txt"), str(tmp_path / "nope.txt")],
            data_dir)
    assert p.returncode == 0
    assert [json.loads(x)["doc_id"] for x in p.stdout.splitlines()] == ["ok"]
    errors = [line for line in p.stderr.splitlines() if line.startswith("error ")]
    assert len(errors) == 4, p.stderr
    assert "Traceback" not in p.stderr


def test_nothing_processable_exits_non_zero_without_traceback(data_dir: Path, tmp_path: Path) -> None:
    p = run(["extract", str(tmp_path / "missing.jsonl")], data_dir)
    assert p.returncode != 0
    assert p.stderr.strip().startswith("error E011")
    assert "Traceback" not in p.stderr


def test_ingest_is_idempotent_and_events_export(data_dir: Path, examples_dir: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    first = run(["ingest", str(examples_dir), "--db", db], data_dir)
    assert first.returncode == 0, first.stderr
    assert " 0 already stored" in first.stderr
    second = run(["ingest", str(examples_dir), "--db", db], data_dir)
    assert second.returncode == 0 and " 0 stored" in second.stderr

    p = run(["events", "--db", db, "--format", "jsonl"], data_dir)
    events = [json.loads(line) for line in p.stdout.splitlines()]
    assert len(events) >= 5
    assert all(e["event_id"] and e["sources"] for e in events)
    assert len({e["event_id"] for e in events}) == len(events)

    p = run(["events", "--db", db, "--format", "csv", "--admin1", "Diyala"], data_dir)
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    assert rows and list(rows[0])[:3] == ["event_id_cnty", "event_date", "year"]
    assert all(r["admin1"] == "Diyala" for r in rows)

    p = run(["events", "--db", db, "--format", "geojson", "--country", "Nigeria"], data_dir)
    fc = json.loads(p.stdout)
    assert fc["type"] == "FeatureCollection" and fc["features"]
    assert all(f["properties"]["country"] == "Nigeria" for f in fc["features"])

    p = run(["events", "--db", db, "--since", "not-a-date"], data_dir)
    assert p.returncode != 0 and "Traceback" not in p.stderr


def test_events_on_a_database_url_that_cannot_open(data_dir: Path) -> None:
    p = run(["events", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none"], data_dir)
    assert p.returncode != 0
    assert p.stderr.strip().splitlines()[-1].startswith("error E030")


def test_geoparse_output_shape(data_dir: Path, tmp_path: Path) -> None:
    text = "Clashes were reported in Baqubah and near Kirkuk."
    (tmp_path / "g.jsonl").write_text(json.dumps({"id": "g1", "text": text}) + "\n")
    p = run(["geoparse", "--format", "jsonl", str(tmp_path / "g.jsonl")], data_dir)
    assert p.returncode == 0, p.stderr
    row = json.loads(p.stdout)
    assert row["doc_id"] == "g1"
    names = {text[pl["start"]:pl["end"]] for pl in row["places"]}
    assert {"Baqubah", "Kirkuk"} <= names
    baqubah = next(pl for pl in row["places"] if pl["text"] == "Baqubah")
    assert abs(baqubah["latitude"] - 33.75) < 0.2 and baqubah["country"] == "IQ"


def test_geoparse_prints_unresolved_names_only_when_asked(data_dir: Path, tmp_path: Path) -> None:
    text = "Gunmen attacked a checkpoint in Qwertzabad village near Baqubah."
    (tmp_path / "g.jsonl").write_text(json.dumps({"id": "g1", "text": text}) + "\n")
    plain = run(["geoparse", str(tmp_path / "g.jsonl")], data_dir)
    every = run(["geoparse", "--unresolved", str(tmp_path / "g.jsonl")], data_dir)
    assert plain.returncode == 0 and every.returncode == 0, plain.stderr + every.stderr
    shown = [pl["text"] for pl in json.loads(plain.stdout)["places"]]
    assert "Baqubah" in shown and not any(t.startswith("Qwertzabad") for t in shown)
    extra = [pl for pl in json.loads(every.stdout)["places"] if pl["text"].startswith("Qwertzabad")]
    assert extra and extra[0]["latitude"] is None


@pytest.mark.shared
def test_seed_article_gives_the_four_events(data_dir: Path, shared_dir: Path) -> None:
    src = shared_dir / "data" / "examples" / "diyala-2020-10-05.jsonl"
    p = run(["extract", "--format", "jsonl", str(src)], data_dir)
    assert p.returncode == 0, p.stderr
    events = [json.loads(line) for line in p.stdout.splitlines()]
    dates = sorted(e["event_date"] for e in events)
    assert dates.count("2020-10-03") >= 2 and dates.count("2020-09-30") >= 2
    assert len(events) <= 5
    assert all(e["admin1"] == "Diyala" for e in events)
    assert sum(e["sub_event_type"] == "Arrests" for e in events) >= 2


def test_a_trained_model_is_used_by_extract_and_recorded_by_ingest(data_dir: Path, tmp_path: Path) -> None:
    coded = Path(__file__).parent / "data" / "coded" / "events.csv"
    model = tmp_path / "model.json"
    assert run(["train", "--from", str(coded), "--output", str(model)], data_dir).returncode == 0
    doc = {"id": "m1", "text": "Gunmen killed two farmers in Kirkuk on Monday.", "published": "2021-03-10"}
    (tmp_path / "m.jsonl").write_text(json.dumps(doc) + "\n")
    p = run(["extract", "--model", str(model), str(tmp_path / "m.jsonl")], data_dir)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout.splitlines()[0])["doc_id"] == "m1"

    db = tmp_path / "m.sqlite"
    assert run(["ingest", "--model", str(model), "--db", f"sqlite:///{db}", str(tmp_path / "m.jsonl")],
               data_dir).returncode == 0
    import sqlite3

    (version,) = sqlite3.connect(db).execute("SELECT pipeline_version FROM documents").fetchone()
    assert "+model-" in version

    (tmp_path / "bad.json").write_text("{}")
    p = run(["extract", "--model", str(tmp_path / "bad.json"), str(tmp_path / "m.jsonl")], data_dir)
    assert p.returncode != 0 and p.stderr.strip().startswith("error E060")


def test_gazetteer_build_if_missing_rebuilds_an_older_build_but_keeps_imports(tmp_path: Path) -> None:
    import sqlite3

    gaz = tmp_path / "gaz.sqlite"
    env = {"MARSAD_GAZETTEER": str(gaz)}
    first = run(["gazetteer", "build", "--country", "IQ"], tmp_path, **env)
    assert first.returncode == 0, first.stderr

    def version() -> str:
        with sqlite3.connect(gaz) as conn:
            return str(conn.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0])

    current = version()
    same = run(["gazetteer", "build", "--country", "IQ", "--if-missing"], tmp_path, **env)
    assert same.returncode == 0 and "already" in same.stderr
    with sqlite3.connect(gaz) as conn:
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'version'")
    rebuilt = run(["gazetteer", "build", "--country", "IQ", "--if-missing"], tmp_path, **env)
    assert rebuilt.returncode == 0 and "older build" in rebuilt.stderr and version() == current
    # An older file with imported boundaries is kept, with advice, not silently replaced.
    with sqlite3.connect(gaz) as conn:
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'version'")
        conn.execute("INSERT INTO polygons (country, level, name, admin1, source, wkb) "
                     "VALUES ('IQ', 1, 'Test', 'Test', 'geojson', x'00')")
    kept = run(["gazetteer", "build", "--country", "IQ", "--if-missing"], tmp_path, **env)
    assert kept.returncode == 0 and "import them again" in kept.stderr and version() == "0"
