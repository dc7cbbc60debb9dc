"""Writers for event records (from ``Store.query_events``/``iter_events``) and raw extract records.

Every writer streams: it writes each record as it comes, so ``records`` may be a generator over a
large store, and returns how many records it wrote. ``fh`` is a text file; open CSV files with
``newline=""`` (the writers end lines with ``\\n`` themselves).

The event CSV puts ACLED's columns first, in ACLED's order and under ACLED's names, so that it loads
wherever an ACLED export does; Marsad's own columns follow.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import IO, Any

from marsad.exports.records import EXTRACT_FIELDS
from marsad.exports.table import render_table as render_table  # re-exported: callers import it here

ACLED_CSV_FIELDS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
    "iso3",
)
MARSAD_CSV_FIELDS: tuple[str, ...] = (
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
)
EVENT_CSV_FIELDS: tuple[str, ...] = ACLED_CSV_FIELDS + MARSAD_CSV_FIELDS

Record = Mapping[str, Any]


def _json_default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def _cell(value: Any) -> Any:
    return "" if value is None else value


def _joined(values: Iterable[Any]) -> str:
    """Distinct non-empty values, in order, joined with "; "."""
    return "; ".join(dict.fromkeys(str(v) for v in values if v))


def _sources(record: Record) -> list[Mapping[str, Any]]:
    """The record's sources; a record without them (an extract record) stands for its own document."""
    sources = record.get("sources")
    if sources:
        return list(sources)
    return [{"doc_id": record.get("doc_id"), "source": record.get("source"), "url": record.get("url")}]


def event_csv_row(record: Record) -> dict[str, Any]:
    """One event record as a row of the event CSV (``EVENT_CSV_FIELDS``)."""
    sources = _sources(record)
    event_date = str(record.get("event_date") or "")
    evidence = record.get("evidence") or []
    notes = " ".join(" ".join(str(e.get("text", "")).split()) for e in evidence if e.get("text"))
    row = {name: _cell(record.get(name)) for name in EVENT_CSV_FIELDS}
    row.update(
        event_id_cnty=_cell(record.get("event_id")),
        year=int(event_date[:4]) if event_date[:4].isdigit() else "",
        source=_joined(s.get("source") for s in sources),
        notes=notes,
        urls=_joined(s.get("url") for s in sources),
        doc_ids=_joined(s.get("doc_id") for s in sources),
        mention_ids=_joined(m.get("mention_id") for m in (record.get("mentions") or [])),
    )
    return row


def _write_csv_rows(rows: Iterable[Mapping[str, Any]], fields: tuple[str, ...], fh: IO[str]) -> int:
    writer = csv.DictWriter(fh, fieldnames=list(fields), lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow(row)
        n += 1
    return n


def write_csv(records: Iterable[Record], fh: IO[str]) -> int:
    """Events as CSV: ACLED's columns in ACLED's order, then Marsad's (see ``EVENT_CSV_FIELDS``)."""
    return _write_csv_rows((event_csv_row(r) for r in records), EVENT_CSV_FIELDS, fh)


def write_jsonl(records: Iterable[Record], fh: IO[str]) -> int:
    """One JSON object per line, the records as they are (evidence and sources stay lists)."""
    n = 0
    for record in records:
        fh.write(_dumps(dict(record)) + "\n")
        n += 1
    return n


def _coordinate(value: Any) -> float | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def geojson_feature(record: Record) -> dict[str, Any]:
    """A GeoJSON Feature; an event without coordinates has ``geometry: null`` (RFC 7946 allows it)."""
    lat, lon = _coordinate(record.get("latitude")), _coordinate(record.get("longitude"))
    geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
    properties = {k: v for k, v in record.items() if k not in ("latitude", "longitude")}
    feature: dict[str, Any] = {"type": "Feature"}
    ident = record.get("event_id") or record.get("doc_id")
    if ident:
        feature["id"] = ident
    feature.update(geometry=geometry, properties=properties)
    return feature


def write_geojson(records: Iterable[Record], fh: IO[str]) -> int:
    """A FeatureCollection, written feature by feature."""
    fh.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for record in records:
        fh.write((",\n" if n else "") + _dumps(geojson_feature(record)))
        n += 1
    fh.write("\n]}\n")
    return n


def extract_csv_row(record: Record) -> dict[str, Any]:
    """An extract record as a CSV row: ``EXTRACT_FIELDS``, evidence as a JSON string."""
    row = {name: _cell(record.get(name)) for name in EXTRACT_FIELDS}
    row["evidence"] = _dumps(list(record.get("evidence") or []))
    return row


def write_extract_csv(records: Iterable[Record], fh: IO[str]) -> int:
    """``marsad extract`` records as CSV in ``EXTRACT_FIELDS`` order."""
    return _write_csv_rows((extract_csv_row(r) for r in records), EXTRACT_FIELDS, fh)


def write_extract_jsonl(records: Iterable[Record], fh: IO[str]) -> int:
    """``marsad extract`` records as JSON lines, keys in ``EXTRACT_FIELDS`` order."""
    n = 0
    for record in records:
        ordered = {name: record.get(name) for name in EXTRACT_FIELDS}
        ordered.update({k: v for k, v in record.items() if k not in ordered})
        fh.write(_dumps(ordered) + "\n")
        n += 1
    return n


Writer = Callable[[Iterable[Record], IO[str]], int]
EVENT_WRITERS: dict[str, Writer] = {"csv": write_csv, "jsonl": write_jsonl, "geojson": write_geojson}
EXTRACT_WRITERS: dict[str, Writer] = {"csv": write_extract_csv, "jsonl": write_extract_jsonl}
