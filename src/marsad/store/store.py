"""The Store: documents, their mentions and events in SQLite or PostgreSQL (SQLAlchemy Core).

One transaction per document: a document is stored with all its mentions and events or not at all,
so an ingest killed at any point leaves a consistent database, and rerunning it stores the rest
(``save_analysis`` is idempotent on the document's content hash).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, RowMapping, and_, func, insert, or_, select
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, NoSuchModuleError, SQLAlchemyError

from marsad.errors import MarsadError
from marsad.exports.records import mention_record
from marsad.model import Document, Evidence, Mention, Place
from marsad.store.engine import WRITE_OPTION, create_store_engine, migrate, normalize_url, safe_url
from marsad.store.filters import EventFilter, where_clause
from marsad.store.tables import documents, events, mentions

_IN_CHUNK = 1000  # ids per IN (...) list: stays far below PostgreSQL's 65535 bind parameters


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _iso_utc(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a Z; SQLite hands back naive datetimes, which we always wrote in UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def event_key(content_hash: str, idx: int) -> str:
    """The public id of the event first seen as mention ``idx`` of the document with ``content_hash``.

    Derived from content, not from a row id, so the same input gives the same ids in any database
    (a rebuilt store keeps the ids users have cited).
    """
    return "MRS-" + hashlib.sha256(f"{content_hash}:{idx}".encode()).hexdigest()[:12].upper()


def _coding_values(m: Mention) -> dict[str, Any]:
    p = m.place
    return {
        "event_date": m.event_date,
        "time_precision": m.time_precision,
        "event_type": m.event_type,
        "sub_event_type": m.sub_event_type,
        "actor1": m.actor1,
        "assoc_actor_1": m.assoc_actor_1,
        "inter1": m.inter1,
        "actor2": m.actor2,
        "assoc_actor_2": m.assoc_actor_2,
        "inter2": m.inter2,
        "interaction": m.interaction,
        "fatalities": m.fatalities,
        "injuries": m.injuries,
        "arrests": m.arrests,
        "confidence": m.confidence,
        "claim": m.claim,
        "evidence": [{"text": e.text, "start": e.start, "end": e.end} for e in m.evidence],
        "location": p.name if p else None,
        "latitude": p.latitude if p else None,
        "longitude": p.longitude if p else None,
        "geo_precision": p.geo_precision if p else None,
        "country": p.country_name if p else None,
        "country_code": p.country.upper() if p and p.country else None,
        "iso3": p.iso3.upper() if p and p.iso3 else None,
        "admin1": p.admin1 if p else None,
        "admin2": p.admin2 if p else None,
        "gazetteer_id": p.gazetteer_id if p else None,
    }


def _row_mention(row: RowMapping) -> Mention:
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


def _event_record(row: RowMapping, sources: list[dict[str, Any]]) -> dict[str, Any]:
    rec = mention_record(_row_mention(row))
    del rec["doc_id"]
    names = list(dict.fromkeys(s["source"] for s in sources if s["source"]))
    urls = [s["url"] for s in sources if s["url"]]
    rec["source"] = "; ".join(names)
    rec["url"] = urls[0] if urls else ""
    return {
        "event_id": row["event_key"],
        **rec,
        "sources": sources,
        "last_modified": _iso_utc(row["last_modified"]),
    }


class Store:
    """Documents, mentions and events. Open with ``Store.open(url)``; pass it in, never a global."""

    def __init__(self, engine: Engine, url: str) -> None:
        self._engine = engine
        self.url = url  # for messages: password hidden

    # -- lifecycle -----------------------------------------------------------------------------
    @classmethod
    def open(cls, url: str) -> Store:
        """Open (creating if needed) the database at ``url`` and migrate it to this Marsad's schema.

        E030 when it cannot be opened, E031 when it was written by a newer Marsad.
        """
        shown = safe_url(url)
        try:
            engine = create_store_engine(normalize_url(url))
        except (ArgumentError, NoSuchModuleError, ValueError, OSError) as exc:
            raise MarsadError("E030", url=shown, reason=str(exc)) from None
        try:
            migrate(engine, shown)
        except MarsadError:
            engine.dispose()
            raise
        except (SQLAlchemyError, OSError) as exc:
            engine.dispose()
            reason = exc.orig if isinstance(exc, DBAPIError) else exc
            raise MarsadError("E030", url=shown, reason=str(reason).strip().splitlines()[0]) from None
        return cls(engine, shown)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def engine(self) -> Engine:
        return self._engine

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self._engine.connect() as conn:
            conn = conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                yield conn

    # -- writing -------------------------------------------------------------------------------
    def has_document(self, content_hash: str) -> bool:
        with self._engine.connect() as conn:
            q = select(documents.c.id).where(documents.c.content_hash == content_hash)
            return conn.execute(q).first() is not None

    def save_analysis(self, document: Document, mentions_: list[Mention], pipeline_version: str = "") -> bool:
        """Store a document, its mentions and one event per mention, in one transaction.

        Returns False (and changes nothing) when a document with the same content hash is stored.
        """
        now = _utcnow()
        indexes = [m.index for m in mentions_]
        if len(set(indexes)) != len(indexes):  # a confused extractor must not lose mentions
            indexes = list(range(len(mentions_)))
        try:
            with self._write() as conn:
                exists = select(documents.c.id).where(documents.c.content_hash == document.hash)
                if conn.execute(exists).first() is not None:
                    return False
                doc_row = {
                    "doc_key": document.id,
                    "content_hash": document.hash,
                    "source": document.source,
                    "url": document.url,
                    "title": document.title,
                    "published": document.published,
                    "fetched": document.fetched,
                    "language": document.language,
                    "origin": document.origin,
                    "text": document.text,
                    "pipeline_version": pipeline_version,
                    "created_at": now,
                }
                doc_id = conn.execute(
                    insert(documents).values(**doc_row).returning(documents.c.id)
                ).scalar_one()
                if not mentions_:
                    return True
                codings = [_coding_values(m) for m in mentions_]
                event_rows = [
                    {"event_key": event_key(document.hash, i), **c, "created_at": now, "last_modified": now}
                    for i, c in zip(indexes, codings, strict=True)
                ]
                stmt = insert(events).returning(events.c.id, sort_by_parameter_order=True)
                event_ids = conn.execute(stmt, event_rows).scalars().all()
                conn.execute(
                    insert(mentions),
                    [
                        {"document_id": doc_id, "idx": i, **c, "event_id": eid}
                        for i, c, eid in zip(indexes, codings, event_ids, strict=True)
                    ],
                )
            return True
        except IntegrityError:
            # Another writer stored the same content between our check and our insert.
            if self.has_document(document.hash):
                return False
            raise

    # -- reading -------------------------------------------------------------------------------
    def count_events(self, f: EventFilter | None = None) -> int:
        q = select(func.count()).select_from(events).where(where_clause(f or EventFilter(), events))
        with self._engine.connect() as conn:
            return int(conn.execute(q).scalar_one())

    def query_events(
        self, f: EventFilter | None = None, limit: int | None = None, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Events matching ``f``, newest first (then by event id), as records."""
        q = (
            select(events)
            .where(where_clause(f or EventFilter(), events))
            .order_by(events.c.event_date.desc(), events.c.event_key)
            .offset(max(offset, 0))
        )
        if limit is not None:
            q = q.limit(max(limit, 0))
        with self._engine.connect() as conn:
            rows = list(conn.execute(q).mappings())
            return self._records(conn, rows)

    def iter_events(self, f: EventFilter | None = None, batch_size: int = 500) -> Iterator[dict[str, Any]]:
        """All events matching ``f`` in ``query_events`` order, fetched in pages (for exports).

        Pages continue from the last key seen (keyset), so a long export costs the same per page.
        """
        where = where_clause(f or EventFilter(), events)
        last: tuple[date, str] | None = None
        while True:
            q = select(events).where(where)
            if last is not None:
                d, k = last
                q = q.where(
                    or_(events.c.event_date < d, and_(events.c.event_date == d, events.c.event_key > k))
                )
            q = q.order_by(events.c.event_date.desc(), events.c.event_key).limit(batch_size)
            with self._engine.connect() as conn:
                rows = list(conn.execute(q).mappings())
                records = self._records(conn, rows)
            yield from records
            if len(rows) < batch_size:
                return
            last = (rows[-1]["event_date"], rows[-1]["event_key"])

    def get_event(self, event_id: str) -> dict[str, Any] | None:
        """The event with public id ``event_id`` (case-insensitive), or None."""
        q = select(events).where(events.c.event_key == event_id.strip().upper())
        with self._engine.connect() as conn:
            rows = list(conn.execute(q).mappings())
            records = self._records(conn, rows)
        return records[0] if records else None

    def stats(self) -> dict[str, int]:
        with self._engine.connect() as conn:
            return {
                name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
                for name, table in (("documents", documents), ("mentions", mentions), ("events", events))
            }

    def _records(self, conn: Connection, rows: Sequence[RowMapping]) -> list[dict[str, Any]]:
        """Event rows as records, with the documents that report each event."""
        sources: dict[int, list[dict[str, Any]]] = {row["id"]: [] for row in rows}
        seen: set[tuple[int, int]] = set()
        ids = list(sources)
        for start in range(0, len(ids), _IN_CHUNK):
            q = (
                select(
                    mentions.c.event_id,
                    documents.c.id,
                    documents.c.doc_key,
                    documents.c.source,
                    documents.c.url,
                    documents.c.published,
                )
                .select_from(mentions.join(documents, mentions.c.document_id == documents.c.id))
                .where(mentions.c.event_id.in_(ids[start : start + _IN_CHUNK]))
                .order_by(mentions.c.event_id, documents.c.published, documents.c.id)
            )
            for ev_id, doc_pk, doc_key, source, url, published in conn.execute(q):
                if (ev_id, doc_pk) in seen:
                    continue
                seen.add((ev_id, doc_pk))
                sources[ev_id].append(
                    {
                        "doc_id": doc_key,
                        "source": source,
                        "url": url,
                        "published": published.isoformat() if published else None,
                    }
                )
        return [_event_record(row, sources[row["id"]]) for row in rows]
