"""Event records and the formats they are written in (CSV, JSONL, GeoJSON, table)."""

from marsad.exports.formats import (
    ACLED_CSV_FIELDS,
    EVENT_CSV_FIELDS,
    EVENT_WRITERS,
    EXTRACT_WRITERS,
    MARSAD_CSV_FIELDS,
    event_csv_row,
    geojson_feature,
    write_csv,
    write_extract_csv,
    write_extract_jsonl,
    write_geojson,
    write_jsonl,
)
from marsad.exports.records import EXTRACT_FIELDS, mention_record
from marsad.exports.table import render_table

__all__ = [
    "ACLED_CSV_FIELDS",
    "EVENT_CSV_FIELDS",
    "EVENT_WRITERS",
    "EXTRACT_FIELDS",
    "EXTRACT_WRITERS",
    "MARSAD_CSV_FIELDS",
    "event_csv_row",
    "geojson_feature",
    "mention_record",
    "render_table",
    "write_csv",
    "write_extract_csv",
    "write_extract_jsonl",
    "write_geojson",
    "write_jsonl",
]
