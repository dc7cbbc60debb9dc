"""The versioned history and manual control, on SQLite and PostgreSQL: every change recorded with
when, what and why; ``as_of`` reproduces the dataset as it stood; merge, split and edit by hand."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from click.testing import CliRunner

from marsad.cli.main import cli
from marsad.errors import MarsadError
from marsad.model import Document, Evidence, Mention, Place
from marsad.store import EventFilter, Store
from tests.test_store import db_url, pg_database, pg_url  # noqa: F401 - fixtures

KIRKUK = Place("Kirkuk", 35.4681, 44.3922, "IQ", "IRQ", "Iraq", "Kirkuk", None, "P", "94787")
HAWIJA = Place("Hawija", 35.3292, 43.7714, "IQ", "IRQ", "Iraq", "Kirkuk", None, "P", "96205")


def report(key: str, text: str, place: Place = KIRKUK, fatalities: int = 4, **kw: object) -> tuple[Document, list[Mention]]:
    doc = Document(id=key, text=text, published=date(2024, 3, 2), source=f"Outlet {key}", url=f"https://e.org/{key}")
    values: dict = dict(event_type="Battles", sub_event_type="Armed clash", event_date=date(2024, 3, 1),
                        actor1="Islamic State (Iraq)", inter1=2, actor2="Military Forces of Iraq (2018-)", inter2=1,
                        fatalities=fatalities, place=place, evidence=[Evidence(text, 0, len(text))])
    values.update(kw)
    return doc, [Mention(doc_id=key, index=0, **values)]


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:  # noqa: F811
    s = Store.open(db_url)
    yield s
    s.close()


def fill(store: Store) -> None:
    assert store.save_analysis(*report("r1", "Islamic State militants clashed with Iraqi troops in Kirkuk; four killed."), resolve=True)
    assert store.save_analysis(*report("r2", "Four IS fighters were killed in clashes with the army in Kirkuk.", fatalities=4), resolve=True)
    assert store.save_analysis(*report("r3", "Six were killed when Islamic State militants clashed with troops in Kirkuk.", fatalities=6), resolve=True)
    assert store.save_analysis(*report("h1", "Islamic State militants clashed with Iraqi troops in Hawija; two killed.", HAWIJA, 2), resolve=True)


def test_reports_of_one_event_become_one_event_with_history(store: Store) -> None:
    fill(store)
    evs = store.query_events(EventFilter())
    assert len(evs) == 2
    [kirkuk] = [e for e in evs if e["location"] == "Kirkuk"]
    assert sorted(s["doc_id"] for s in kirkuk["sources"]) == ["r1", "r2", "r3"]
    assert (kirkuk["fatalities"], kirkuk["fatalities_low"], kirkuk["fatalities_best"], kirkuk["fatalities_high"]) == (4, 4, 4, 6)
    assert kirkuk["claim_grade"] == "fair" and kirkuk["independent_sources"] == 3
    assert [m["fatalities"] for m in kirkuk["mentions"]] == [4, 4, 6]  # each source keeps its figure
    hist = store.history(kirkuk["event_id"])
    assert [h["action"] for h in hist] == ["created", "source_added", "source_added"]
    assert hist[-1]["why"].startswith("reported in r3") and "fatalities_high" in hist[-1]["changed"]


def test_as_of_reproduces_the_dataset_as_it_stood(store: Store) -> None:
    fill(store)
    [kirkuk] = [e for e in store.query_events(EventFilter()) if e["location"] == "Kirkuk"]
    hist = store.history(kirkuk["event_id"])
    first = datetime.fromisoformat(hist[0]["at"]).replace(tzinfo=UTC)
    then = store.events_as_of(first)
    assert [e["event_id"] for e in then] == [kirkuk["event_id"]]
    assert [s["doc_id"] for s in then[0]["sources"]] == ["r1"]
    assert store.events_as_of(datetime(2000, 1, 1, tzinfo=UTC)) == []
    now = store.events_as_of(datetime.now(UTC))
    assert now == store.query_events(EventFilter())
    assert store.events_as_of(datetime.now(UTC), EventFilter(actor="islamic", since=date(2024, 3, 1))) == now


def test_merge_split_edit_and_resolve_respects_them(store: Store) -> None:
    fill(store)
    kirkuk, hawija = sorted(store.query_events(EventFilter()), key=lambda e: e["location"] != "Kirkuk")
    survivor = store.merge_events([kirkuk["event_id"], hawija["event_id"]], "one attack across two towns")
    assert survivor == kirkuk["event_id"]
    assert store.count_events() == 1
    assert store.get_event(hawija["event_id"])["event_id"] == survivor  # type: ignore[index]
    assert store.history(hawija["event_id"])[-1]["action"] == "merged_away"
    assert store.resolve().merged_away == 0 and store.count_events() == 1  # pinned: stays merged

    merged = store.get_event(survivor)
    assert merged is not None and len(merged["mentions"]) == 4
    h1 = next(m["mention_id"] for m in merged["mentions"] if m["doc_id"] == "h1")
    new = store.split_event(survivor, [h1], "Hawija was a separate clash after all")
    assert new == hawija["event_id"]  # the split restores the id the event had
    assert store.count_events() == 2 and store.resolve().merged_away == 0

    rec = store.edit_event(survivor, {"fatalities": 5, "sub_event_type": "Armed clash"}, "ministry figure")
    assert rec["fatalities"] == 5 and rec["fatalities_high"] == 6
    store.save_analysis(*report("r4", "Islamic State militants and troops clashed in Kirkuk, seven dead.", fatalities=7), resolve=True)
    again = store.get_event(survivor)
    assert again is not None and again["fatalities"] == 5 and len(again["sources"]) == 4  # the edit wins
    assert [h["action"] for h in store.history(survivor)][-2:] == ["edited", "source_added"]

    with pytest.raises(MarsadError, match="E050"):
        store.edit_event(survivor, {"sub_event_type": "Peaceful riot"}, "typo")
    with pytest.raises(MarsadError, match="E050"):
        store.edit_event(survivor, {"fatalities": 1}, " ")
    with pytest.raises(MarsadError, match="E032"):
        store.merge_events(["MRS-000000000000", survivor], "no such")


def test_cli_merge_split_edit_history_and_as_of(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    with Store.open(url) as s:
        fill(s)
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(cli, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    rows = [json.loads(line) for line in run("events", "--db", url, "--format", "jsonl").splitlines()]
    assert {"event_id", "sources", "mentions", "claim_grade", "claim_reason", "fatalities_best"} <= set(rows[0])
    assert run("events", "--db", url, "--format", "csv").splitlines()[0].startswith("event_id_cnty,event_date,year")
    a, b = rows[0]["event_id"], rows[1]["event_id"]
    assert run("events", "merge", a, b, "--why", "same", "--db", url).strip() == a
    rec = json.loads(run("events", "edit", a, "--fatalities", "3", "--why", "checked", "--db", url))
    assert rec["fatalities"] == 3
    mention = rec["mentions"][-1]["mention_id"]
    new = run("events", "split", a, "--mention", str(mention), "--why", "not the same", "--db", url).strip()
    assert new.startswith("MRS-")
    out = run("events", "history", a, "--db", url)
    assert "merged" in out and "edited" in out and "split" in out
    assert run("events", "--db", url, "--as-of", "2000-01-01", "--format", "jsonl") == ""
    summary = json.loads(run("resolve", "--db", url))
    assert summary["events_after"] == 2
    bad = runner.invoke(cli, ["events", "edit", a, "--why", "x", "--sub_event_type", "Nope", "--db", url])
    assert bad.exit_code != 0
