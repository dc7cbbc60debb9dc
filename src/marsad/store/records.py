"""Event rows as records: the one shape the CLI, the exports, the API and the history snapshots share.

A record is ``mention_record``'s fields (the ACLED coding, minus ``doc_id``) plus ``event_id``,
``sources`` (each document once: ``{doc_id, source, url, published}``), ``mentions`` (every report
with its own figures, so nothing a source said is lost in reconciliation), the reconciled figures
(``fatalities_low/best/high``), the claim grade and reason, and ``last_modified``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, select

from marsad.exports.records import mention_record
from marsad.model import Evidence, Mention, Place
from marsad.store.tables import documents, events, mentions

IN_CHUNK = 1000  # ids per IN (...) list: stays far below PostgreSQL's 65535 bind parameters


def iso_utc(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a Z; SQLite hands back naive datetimes, which we always wrote in UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def row_mention(row: RowMapping) -> Mention:
    """A stored coding back as a Mention, so records come from the one ``mention_record`` contract."""
    has_place = any(row[k] is not None for k in ("location", "latitude", "country", "iso3", "admin1"))
    place = (
        Place(
            name=row["location"] or "",
            latitude=row["latitude"],
            longitude=row["longitude"],
            country=row["country_code"],
            iso3=row["iso3"],
            country_name=row["country"],
            admin1=row["admin1"],
            admin2=row["admin2"],
            gazetteer_id=row["gazetteer_id"],
            geo_precision=row["geo_precision"] or 1,
        )
        if has_place
        else None
    )
    evidence = [Evidence(str(e["text"]), int(e["start"]), int(e["end"])) for e in (row["evidence"] or [])]
    return Mention(
        doc_id="",
        index=0,
        event_type=row["event_type"],
        sub_event_type=row["sub_event_type"],
        event_date=row["event_date"],
        time_precision=row["time_precision"],
        actor1=row["actor1"],
        assoc_actor_1=row["assoc_actor_1"],
        inter1=row["inter1"],
        actor2=row["actor2"],
        assoc_actor_2=row["assoc_actor_2"],
        inter2=row["inter2"],
        fatalities=row["fatalities"],
        injuries=row["injuries"],
        arrests=row["arrests"],
        confidence=row["confidence"],
        evidence=evidence,
        claim=row["claim"],
        place=place,
    )


def event_record(row: RowMapping, sources: list[dict[str, Any]], reports: list[dict[str, Any]]) -> dict[str, Any]:
    rec = mention_record(row_mention(row))
    del rec["doc_id"]
    names = list(dict.fromkeys(s["source"] for s in sources if s["source"]))
    urls = [s["url"] for s in sources if s["url"]]
    rec["source"] = "; ".join(names)
    rec["url"] = urls[0] if urls else ""
    return {
        "event_id": row["event_key"],
        **rec,
        "fatalities_low": row["fatalities_low"],
        "fatalities_best": row["fatalities_best"],
        "fatalities_high": row["fatalities_high"],
        "independent_sources": row["n_sources"],
        "claim_grade": row["claim_grade"] or "weak",
        "claim_reason": row["claim_reason"] or "",
        "sources": sources,
        "mentions": reports,
        "last_modified": iso_utc(row["last_modified"]),
    }


def records(conn: Connection, rows: Sequence[RowMapping]) -> list[dict[str, Any]]:
    """Event rows as records, with the documents and the mentions that report each event."""
    sources: dict[int, list[dict[str, Any]]] = {row["id"]: [] for row in rows}
    reports: dict[int, list[dict[str, Any]]] = {row["id"]: [] for row in rows}
    seen: set[tuple[int, int]] = set()
    ids = list(sources)
    m = mentions.c
    for start in range(0, len(ids), IN_CHUNK):
        q = (
            select(
                m.event_id, m.id, m.idx, m.event_date, m.event_type, m.sub_event_type, m.actor1, m.actor2,
                m.location, m.admin1, m.fatalities, m.injuries, m.arrests, m.claim,
                documents.c.id.label("doc_pk"), documents.c.doc_key, documents.c.source, documents.c.url,
                documents.c.published, documents.c.dup_of,
            )
            .select_from(mentions.join(documents, m.document_id == documents.c.id))
            .where(m.event_id.in_(ids[start : start + IN_CHUNK]))
            .order_by(m.event_id, documents.c.published, documents.c.id, m.idx)
        )
        for r in conn.execute(q).mappings():
            published = r["published"].isoformat() if r["published"] else None
            reports[r["event_id"]].append(
                {
                    "mention_id": r["id"],
                    "doc_id": r["doc_key"],
                    "source": r["source"],
                    "published": published,
                    "copy_of": r["dup_of"],
                    "event_date": r["event_date"].isoformat(),
                    "event_type": r["event_type"],
                    "sub_event_type": r["sub_event_type"],
                    "actor1": r["actor1"] or "",
                    "actor2": r["actor2"] or "",
                    "location": r["location"] or "",
                    "admin1": r["admin1"] or "",
                    "fatalities": r["fatalities"],
                    "injuries": r["injuries"],
                    "arrests": r["arrests"],
                    "claim": r["claim"] or "",
                }
            )
            if (r["event_id"], r["doc_pk"]) in seen:
                continue
            seen.add((r["event_id"], r["doc_pk"]))
            sources[r["event_id"]].append(
                {"doc_id": r["doc_key"], "source": r["source"], "url": r["url"], "published": published}
            )
    return [event_record(row, sources[row["id"]], reports[row["id"]]) for row in rows]


def records_by_id(conn: Connection, event_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Records of the events with these row ids (merged-away ones included), by row id."""
    out: dict[int, dict[str, Any]] = {}
    ids = list(event_ids)
    for start in range(0, len(ids), IN_CHUNK):
        rows = list(conn.execute(select(events).where(events.c.id.in_(ids[start : start + IN_CHUNK]))).mappings())
        for row, rec in zip(rows, records(conn, rows), strict=True):
            out[row["id"]] = rec
    return out
