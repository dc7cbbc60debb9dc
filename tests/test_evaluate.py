"""``marsad evaluate``: reading coded data, the scoring rules, and runs of the real pipeline over coded
notes written for these tests (tests/data/coded/events.csv)."""

from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest

from marsad.errors import MarsadError
from marsad.evaluation import CodedRow, evaluate, primary, read_coded, score
from marsad.evaluation.scoring import NONE, reference_dates, same_actor, same_admin
from marsad.model import Mention, Place
from marsad.settings import Settings
from marsad.workflows import make_pipeline, open_gazetteer
from tests.conftest import MARSAD, ROOT, SHARED

CODED = ROOT / "tests" / "data" / "coded" / "events.csv"
ACLED = SHARED / "data" / "events" / "acled-2020-04-27_to_05-03.csv"


def run(args: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MARSAD_DATA_DIR": str(data_dir)}
    for key in ("MARSAD_DB", "MARSAD_MODEL", "MARSAD_GAZETTEER"):
        env.pop(key, None)
    return subprocess.run([str(MARSAD), *args], env=env, capture_output=True, text=True, timeout=600, cwd=ROOT)


def mention(sub: str, et: str, conf: float, index: int = 0, **kw: object) -> Mention:
    return Mention(doc_id="d", index=index, event_type=et, sub_event_type=sub, event_date=date(2021, 6, 2),
                   confidence=conf, **kw)  # type: ignore[arg-type]


# --- reading coded data ---------------------------------------------------------------------------


def test_reads_acled_csv_columns() -> None:
    rows = read_coded(CODED)
    assert len(rows) == 36
    first = rows[0]
    assert first.id == "TST1" and first.row == 1
    assert first.event_date == date(2021, 6, 2)
    assert (first.event_type, first.sub_event_type) == ("Battles", "Armed clash")
    assert first.fatalities == 3 and first.inter1 == "1" and first.admin1 == "Kirkuk"
    assert first.latitude == pytest.approx(35.4681) and first.published is None
    assert read_coded(CODED, limit=5)[-1].id == "TST5"


def test_date_spellings_ids_inter_names_and_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "coded.csv"
    path.write_text(
        "text,event_date,sub_event_type,inter1,published\n"
        "Gunmen attacked a village.,03 May 2020,Attack,Political militia,2020-05-09\n"
        "Troops clashed with rebels.,2020-05-04,Armed clash,State forces,\n"
        ",2020-05-04,Armed clash,1,\n"
        "Police shelled nothing.,yesterday,Attack,1,\n"
        "Residents marched.,5-May-20,Peaceful protest,6,\n",
        encoding="utf-8",
    )
    errors: list[MarsadError] = []
    rows = read_coded(path, on_error=errors.append)
    assert [r.id for r in rows] == ["1", "2", "5"]  # no id column: the record number
    assert [r.event_date for r in rows] == [date(2020, 5, 3), date(2020, 5, 4), date(2020, 5, 5)]
    assert [r.inter1 for r in rows] == ["3", "1", "6"]
    assert rows[0].published == date(2020, 5, 9) and rows[1].published is None
    assert rows[0].fatalities is None  # no fatalities column: not scored
    assert [e.code for e in errors] == ["E061", "E061"]
    assert str(errors[0]).endswith("coded.csv:3: empty 'text'")
    assert "coded.csv:4: bad date" in str(errors[1])


def test_reads_jsonl_and_refuses_a_file_without_text(tmp_path: Path) -> None:
    good = tmp_path / "coded.jsonl"
    good.write_text('{"id": "a", "text": "Protesters gathered.", "sub_event_type": "Peaceful protest", "inter1": 6}\n'
                    "not json\n\n"
                    '{"id": "b", "text": "Gunmen killed two.", "fatalities": 2}\n', encoding="utf-8")
    errors: list[MarsadError] = []
    rows = read_coded(good, on_error=errors.append)
    assert [(r.id, r.inter1, r.fatalities) for r in rows] == [("a", "6", None), ("b", None, 2)]
    assert [e.code for e in errors] == ["E005"]
    bad = tmp_path / "bad.csv"
    bad.write_text("summary,event_date\nsomething,2020-01-01\n", encoding="utf-8")
    with pytest.raises(MarsadError) as exc:
        read_coded(bad)
    assert exc.value.code == "E001" and "no text column" in str(exc.value)
    with pytest.raises(MarsadError) as exc:
        read_coded(tmp_path / "missing.csv")
    assert exc.value.code == "E011"


# --- the scoring rules ----------------------------------------------------------------------------


def test_primary_is_highest_confidence_then_first() -> None:
    a = mention("Attack", "Violence against civilians", 0.6, 0)
    b = mention("Armed clash", "Battles", 0.8, 1)
    c = mention("Peaceful protest", "Protests", 0.8, 2)
    assert primary([a, b, c]) is b
    assert primary([a]) is a
    assert primary([]) is None


def test_score_counts_fields_types_and_confusion() -> None:
    kirkuk = Place("Kirkuk", 35.47, 44.39, country="IQ", country_name="Iraq", admin1="Kirkuk Governorate")
    rows = [
        CodedRow(1, "r1", "x", date(2021, 6, 2), "Battles", "Armed clash", 3, "1", "Military Forces of Iraq",
                 "Kirkuk", 35.4681, 44.3922),
        CodedRow(2, "r2", "x", date(2021, 6, 3), "Violence against civilians", "Attack", 0, "3", None, "Basra",
                 30.5, 47.8),
        CodedRow(3, "r3", "x", date(2021, 6, 4), "Protests", "Peaceful protest", 0, "6", None, "Basra", None, None),
    ]
    predicted = [
        # r1: a low-confidence wrong event first, then the right one with higher confidence
        [mention("Attack", "Violence against civilians", 0.3),
         mention("Armed clash", "Battles", 0.7, 1, fatalities=3, inter1=1, place=kirkuk,
                 actor1="Military Forces of Iraq (2020-)")],
        [mention("Armed clash", "Battles", 0.5, inter1=3)],  # r2: wrong type, wrong date, no place
        [],  # r3: nothing found
    ]
    ev = score(rows, predicted)
    assert ev.n == 3
    assert ev.accuracy["detected"] == pytest.approx(2 / 3)
    assert ev.accuracy["sub_event_type"] == pytest.approx(1 / 3)
    assert ev.accuracy["date"] == pytest.approx(1 / 3)  # all predicted dates are 2021-06-02
    assert ev.accuracy["fatalities"] == pytest.approx(2 / 3)  # r2 predicts 0 = gold 0
    assert ev.accuracy["inter1"] == pytest.approx(2 / 3)
    assert ev.accuracy["admin1"] == pytest.approx(1 / 3)
    assert ev.counted["actor1"] == 1 and ev.accuracy["actor1"] == 1.0
    assert ev.counted["within_25km"] == 2  # r3 has no gold coordinates
    assert ev.accuracy["within_25km"] == pytest.approx(1 / 2)
    subs = {t.label: t for t in ev.sub_event_types}
    assert (subs["Armed clash"].precision, subs["Armed clash"].recall) == (0.5, 1.0)
    assert subs["Armed clash"].f1 == pytest.approx(2 / 3)
    assert (subs["Attack"].support, subs["Attack"].predicted, subs["Attack"].f1) == (1, 0, 0.0)
    assert ev.weighted_f1 == pytest.approx((2 / 3) / 3)
    assert ev.confusion == {"Armed clash": {"Armed clash": 1}, "Attack": {"Armed clash": 1},
                            "Peaceful protest": {NONE: 1}}
    ets = {t.label: t for t in ev.event_types}
    assert ets["Battles"].predicted == 2 and ets["Protests"].recall == 0.0
    assert ev.events_per_doc == 1.0
    out = ev.to_json()
    assert out["accuracy"]["sub_event_type"] == pytest.approx(0.3333, abs=1e-4)
    json.dumps(out)  # serialisable as it is


def test_lenient_matches() -> None:
    assert same_admin("Kirkuk Governorate", "Kirkuk")
    assert same_admin("Al-Anbar", "Anbar")
    assert same_admin("Salah ad Din", "Salah al-Din")
    assert not same_admin("Basra", "Ninewa") and not same_admin("", "Basra")
    assert same_actor("Military Forces of Iraq (2020-)", "Military Forces of Iraq (2020-) Air Force")
    assert not same_actor("Protesters (Iraq)", "Military Forces of Iraq (2020-)")


def test_reference_date_prefers_row_then_option_then_latest_gold() -> None:
    rows = [CodedRow(1, "a", "t", date(2021, 6, 2)), CodedRow(2, "b", "t", date(2021, 6, 7)),
            CodedRow(3, "c", "t", None, published=date(2021, 6, 9))]
    refs, how = reference_dates(rows, None)
    assert refs == [date(2021, 6, 7), date(2021, 6, 7), date(2021, 6, 9)]
    assert "latest gold event_date" in how and "published" in how
    refs, how = reference_dates(rows[:2], date(2021, 7, 1))
    assert refs == [date(2021, 7, 1)] * 2 and "--published" in how


# --- the real pipeline ----------------------------------------------------------------------------


def test_evaluate_runs_the_pipeline_over_coded_notes(data_dir: Path) -> None:
    settings = Settings.load(env={}, data_dir=data_dir)
    pipeline = make_pipeline(settings, open_gazetteer(settings))
    rows = read_coded(CODED)
    ev = evaluate(rows, pipeline)
    assert ev.n == 36 and len(ev.results) == 36
    assert ev.accuracy["detected"] >= 0.9
    assert ev.accuracy["sub_event_type"] >= 0.7  # the notes are plain; the rules get most of them
    assert ev.accuracy["date"] >= 0.9  # every note states its date
    assert ev.accuracy["within_161km"] >= 0.6
    assert {t.label for t in ev.sub_event_types} >= {"Armed clash", "Attack", "Peaceful protest", "Arrests"}
    assert sum(sum(r.values()) for r in ev.confusion.values()) == 36
    # each result pairs a row with its primary event's record (the `marsad extract` contract)
    row, rec = ev.results[12]
    assert row.id == "TST13" and rec is not None and rec["doc_id"] == "TST13"


def test_cli_text_and_json(data_dir: Path) -> None:
    p = run(["evaluate", "--limit", "12", str(CODED)], data_dir)
    assert p.returncode == 0, p.stderr
    for heading in ("12 documents", "sub_event_type", "within 25 km", "Event types", "Sub-event types",
                    "Confusion", "reference date for relative dates: the latest gold event_date, 2021-06-07"):
        assert heading in p.stdout, heading
    p = run(["evaluate", "--format", "json", "--published", "2021-06-10", "--country", "IQ", str(CODED)], data_dir)
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["n"] == 36 and out["reference_date"] == "--published 2021-06-10"
    assert set(out["accuracy"]) >= {"detected", "event_type", "sub_event_type", "date", "fatalities", "inter1",
                                    "admin1", "within_25km", "within_161km"}
    assert 0.0 <= out["sub_event_weighted_f1"] <= 1.0
    assert sum(t["support"] for t in out["sub_event_types"]) == 36


def test_cli_errors_are_one_line(data_dir: Path, tmp_path: Path) -> None:
    p = run(["evaluate", str(tmp_path / "nope.csv")], data_dir)
    assert p.returncode == 1 and p.stderr.startswith("error E011") and "Traceback" not in p.stderr
    p = run(["evaluate", "--published", "soon", str(CODED)], data_dir)
    assert p.returncode == 1 and "error E050" in p.stderr
    bad = tmp_path / "model.json"
    bad.write_text("{}", encoding="utf-8")
    p = run(["evaluate", "--model", str(bad), str(CODED)], data_dir)
    assert p.returncode == 1 and p.stderr.startswith("error E060")


@pytest.mark.shared
def test_first_100_acled_rows_agree_with_the_project_scorer(shared_dir: Path, data_dir: Path) -> None:
    """Same primary-event rule and metrics as ../shared/tools/score.py: the figures are identical."""
    ours = run(["evaluate", "--format", "json", "--limit", "100", "--published", "2020-05-10", str(ACLED)], data_dir)
    assert ours.returncode == 0, ours.stderr
    got = json.loads(ours.stdout)
    assert got["n"] == 100
    env = {**os.environ, "MARSAD_DATA_DIR": str(data_dir)}
    env.pop("MARSAD_MODEL", None)
    scorer = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), str(shared_dir / "tools" / "score.py"), "acled",
                             "--limit", "100"], env=env, capture_output=True, text=True, timeout=600, cwd=ROOT)
    theirs = dict(re.findall(r"^acled (\w+): ([\d.]+)$", scorer.stdout, re.M))
    assert theirs, scorer.stdout + scorer.stderr
    for key in ("detected", "event_type", "sub_event_type", "date", "admin1", "within_25km", "within_161km",
                "fatalities", "inter1"):
        assert got["accuracy"][key] == pytest.approx(float(theirs[key]), abs=0.0015), key
    assert got["events_per_doc"] == pytest.approx(float(theirs["events_per_doc"]), abs=0.0015)
