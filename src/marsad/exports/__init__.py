"""Event records and the formats they are written in (CSV, JSONL, GeoJSON, table)."""

from marsad.exports.records import EXTRACT_FIELDS, mention_record

__all__ = ["EXTRACT_FIELDS", "mention_record"]
