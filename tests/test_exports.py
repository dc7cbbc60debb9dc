"""Exports: CSV in ACLED's column order, JSONL, GeoJSON, the extract formats and the terminal table."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from rich.console import Console

from marsad.exports import (
    ACLED_CSV_FIELDS,
    EVENT_CSV_FIELDS,
    EXTRACT_FIELDS,
    mention_record,
    render_table,
    write_csv,
    write_extract_csv,
    write_extract_jsonl,
    write_geojson,
    write_jsonl,
)
from marsad.model import Document, Evidence, Mention, Place
from marsad.store import EventFilter, Store

ACLED_ORDER = (
    "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,assoc_actor_1,inter1,"
    "actor2,assoc_actor_2,inter2,interaction,country,admin1,admin2,location,latitude,longitude,"
    "geo_precision,source,notes,fatalities,iso3"
).split(",")
MARSAD_ORDER = [
    "event_id",
    "injuries",
    "arrests",
    "confidence",
    "claim",
    "urls",
    "doc_ids",
    "last_modified",
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "independent_sources",
    "claim_grade",
    "claim_reason",
    "mention_ids",
]


def _doc(key: str, text: str, source: str) -> Document:
    return Document(
        id=key, text=text, published=date(2024, 5, 2), source=source, url=f"https://news.example/{key}"
    )


@pytest.fixture
def events() -> Iterator[list[dict[str, Any]]]:
    """Event records as the real store produces them: one placed event, one without coordinates."""
    store = Store.open("sqlite://")
    d1 = _doc("k1", 'Clashes in Homs, "heavy", killed 4.\nResidents fled the area.', "Wire, Inc.")
    d2 = _doc("k2", "Police detained 12 protesters in Kano on Tuesday.", "Daily Example")
    store.save_analysis(
        d1,
        [
            Mention(
                doc_id="k1",
                index=0,
                event_type="Battles",
                sub_event_type="Armed clash",
                event_date=date(2024, 5, 1),
                actor1="Military Forces of Syria (2000-)",
                inter1=1,
                actor2="Islamic State (Syria)",
                inter2=2,
                fatalities=4,
                evidence=[
                    Evidence('Clashes in Homs, "heavy", killed 4.', 0, 35),
                    Evidence("Residents fled", 36, 50),
                ],
                place=Place("Homs", 34.7268, 36.7234, "SY", "SYR", "Syria", "Homs"),
            )
        ],
    )
    store.save_analysis(
        d2,
        [
            Mention(
                doc_id="k2",
                index=0,
                event_type="Strategic developments",
                sub_event_type="Arrests",
                event_date=date(2024, 4, 30),
                actor1="Police Forces of Nigeria (2023-)",
                inter1=1,
                arrests=12,
                evidence=[Evidence("Police detained 12 protesters in Kano on Tuesday.", 0, 49)],
                place=Place("Kano", None, None, "NG", "NGA", "Nigeria", "Kano", geo_precision=3),
            )
        ],
    )
    yield store.query_events(EventFilter())
    store.close()


def test_event_csv_columns_follow_acled_then_marsad(events: list[dict[str, Any]]) -> None:
    assert list(EVENT_CSV_FIELDS) == ACLED_ORDER + MARSAD_ORDER
    assert list(ACLED_CSV_FIELDS) == ACLED_ORDER
    buf = io.StringIO()
    assert write_csv(events, buf) == 2
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert buf.getvalue().splitlines()[0] == ",".join(ACLED_ORDER + MARSAD_ORDER)
    first, second = rows
    assert first["event_id_cnty"] == first["event_id"] == events[0]["event_id"]
    assert (first["event_date"], first["year"], first["time_precision"]) == ("2024-05-01", "2024", "1")
    assert (first["event_type"], first["sub_event_type"]) == ("Battles", "Armed clash")
    assert (first["inter1"], first["inter2"], first["interaction"]) == ("1", "2", "12")
    assert (first["country"], first["iso3"], first["location"], first["admin1"]) == (
        "Syria",
        "SYR",
        "Homs",
        "Homs",
    )
    assert (float(first["latitude"]), float(first["longitude"]), first["geo_precision"]) == (
        34.7268,
        36.7234,
        "1",
    )
    assert first["source"] == "Wire, Inc."  # commas survive quoting
    assert first["notes"] == 'Clashes in Homs, "heavy", killed 4. Residents fled'
    assert (first["urls"], first["doc_ids"]) == ("https://news.example/k1", "k1")
    assert first["last_modified"].endswith("Z")
    assert (first["fatalities_low"], first["fatalities_best"], first["fatalities_high"]) == ("4", "4", "4")
    assert (first["claim_grade"], first["independent_sources"]) == ("weak", "1")
    assert first["mention_ids"] == str(events[0]["mentions"][0]["mention_id"])
    assert (second["latitude"], second["longitude"], second["geo_precision"]) == ("", "", "")
    assert (second["actor2"], second["arrests"], second["fatalities"]) == ("", "12", "0")


def test_event_csv_joins_several_sources() -> None:
    record = {
        "event_id": "MRS-ABC",
        "event_date": "2023-12-31",
        "event_type": "Riots",
        "sub_event_type": "Mob violence",
        "evidence": [{"text": "A mob  attacked\nthe shop.", "start": 0, "end": 25}],
        "sources": [
            {"doc_id": "a", "source": "One", "url": "https://a.example/1", "published": "2024-01-01"},
            {"doc_id": "b", "source": "Two", "url": None, "published": None},
            {"doc_id": "c", "source": "One", "url": "https://a.example/2", "published": None},
        ],
    }
    buf = io.StringIO()
    write_csv([record], buf)
    [row] = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert row["source"] == "One; Two"
    assert row["urls"] == "https://a.example/1; https://a.example/2"
    assert row["doc_ids"] == "a; b; c"
    assert row["notes"] == "A mob attacked the shop."
    assert row["year"] == "2023"


def test_writers_stream_records_as_they_come(events: list[dict[str, Any]]) -> None:
    """Each record is written before the next is asked for, so a generator over a big store works."""
    for writer in (write_csv, write_jsonl, write_geojson):
        buf = io.StringIO()
        sizes: list[int] = []

        def gen(buf: io.StringIO = buf, sizes: list[int] = sizes) -> Iterator[dict[str, Any]]:
            for record in events:
                sizes.append(len(buf.getvalue()))
                yield record
            sizes.append(len(buf.getvalue()))

        assert writer(gen(), buf) == 2
        assert sizes[0] < sizes[1] < sizes[2], writer.__name__


def test_jsonl_roundtrips_records(events: list[dict[str, Any]]) -> None:
    buf = io.StringIO()
    assert write_jsonl(iter(events), buf) == 2
    lines = buf.getvalue().splitlines()
    assert [json.loads(line) for line in lines] == events
    assert "Wire, Inc." in lines[0]


def test_geojson_is_a_feature_collection_with_null_geometry_when_unplaced(
    events: list[dict[str, Any]],
) -> None:
    buf = io.StringIO()
    assert write_geojson(events, buf) == 2
    doc = json.loads(buf.getvalue())
    assert doc["type"] == "FeatureCollection"
    placed, unplaced = doc["features"]
    assert placed["type"] == "Feature" and placed["id"] == events[0]["event_id"]
    assert placed["geometry"] == {"type": "Point", "coordinates": [36.7234, 34.7268]}  # lon, lat
    assert placed["properties"]["actor2"] == "Islamic State (Syria)"
    assert placed["properties"]["sources"][0]["doc_id"] == "k1"
    assert "latitude" not in placed["properties"]
    assert unplaced["geometry"] is None and unplaced["properties"]["location"] == "Kano"


def test_empty_exports_are_still_valid() -> None:
    buf = io.StringIO()
    assert write_geojson([], buf) == 0
    assert json.loads(buf.getvalue()) == {"type": "FeatureCollection", "features": []}
    buf = io.StringIO()
    assert write_csv([], buf) == 0
    assert buf.getvalue().strip().split(",") == list(EVENT_CSV_FIELDS)


def _extract_records() -> list[dict[str, Any]]:
    doc = _doc(
        "x1", 'Gunmen attacked a village near Jos, killing 7; "it was terrible", a witness said.', "Wire"
    )
    m = Mention(
        doc_id="x1",
        index=0,
        event_type="Violence against civilians",
        sub_event_type="Attack",
        event_date=date(2024, 3, 9),
        actor1="Unidentified Armed Group (Nigeria)",
        inter1=3,
        actor2="Civilians (Nigeria)",
        inter2=7,
        fatalities=7,
        evidence=[Evidence("Gunmen attacked a village near Jos, killing 7;", 0, 47)],
        place=Place("Jos", 9.8965, 8.8583, "NG", "NGA", "Nigeria", "Plateau", geo_precision=2),
    )
    return [mention_record(m, doc)]


def test_extract_csv_uses_extract_fields_and_json_evidence() -> None:
    records = _extract_records()
    buf = io.StringIO()
    assert write_extract_csv(iter(records), buf) == 1
    reader = csv.DictReader(io.StringIO(buf.getvalue()))
    assert reader.fieldnames == list(EXTRACT_FIELDS)
    [row] = list(reader)
    assert json.loads(row["evidence"]) == records[0]["evidence"]
    assert (row["doc_id"], row["fatalities"], row["interaction"], row["geo_precision"]) == (
        "x1",
        "7",
        "37",
        "2",
    )
    assert row["url"] == "https://news.example/x1"


def test_extract_jsonl_keeps_field_order() -> None:
    records = _extract_records()
    buf = io.StringIO()
    assert write_extract_jsonl(records, buf) == 1
    obj = json.loads(buf.getvalue())
    assert list(obj) == list(EXTRACT_FIELDS)
    assert obj == records[0]


def test_render_table_summarises_events(events: list[dict[str, Any]]) -> None:
    out = io.StringIO()
    console = Console(file=out, width=240, color_system=None)
    assert render_table(events, console=console) == 2
    text = out.getvalue()
    for expected in (
        "2024-05-01",
        "Armed clash",
        "Military Forces of Syria (2000-)",
        "Islamic State (Syria)",
        "Homs",
        "Arrests",
        "Kano",
        events[0]["event_id"],
    ):
        assert expected in text
    header = next(line for line in text.splitlines() if "Date" in line)
    assert (
        header.index("Date") < header.index("Actor 1") < header.index("Location") < header.index("Fatalities")
    )
