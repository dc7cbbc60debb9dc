"""The Store: documents, their mentions and events in SQLite or PostgreSQL (SQLAlchemy Core).

One transaction per document: a document is stored with all its mentions, their resolution into
events and the history rows it causes, or not at all, so an ingest killed at any point leaves a
consistent database, and rerunning it stores the rest (``save_analysis`` is idempotent on the
document's content hash). Resolution itself lives in ``resolving`` (automatic) and ``manual``
(merge, split, edit); ``reprocessing`` replaces a stored document's mentions by a newer pipeline's;
``history`` answers "what changed" and "what did the dataset say then".
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, RowMapping, and_, func, insert, or_, select, update
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, NoSuchModuleError, SQLAlchemyError

from marsad.errors import MarsadError
from marsad.model import Document, Mention
from marsad.store import history as history_
from marsad.store import manual, reprocessing, resolving
from marsad.store.engine import WRITE_OPTION, create_store_engine, migrate, normalize_url, safe_url
from marsad.store.filters import EventFilter, where_clause
from marsad.store.keys import event_key as event_key
from marsad.store.records import records as event_records
from marsad.store.reprocessing import Outcome
from marsad.store.resolving import ResolveReport
from marsad.store.tables import documents, events, mentions


def _utcnow() -> datetime:
    return datetime.now(UTC)


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


def _place_names(m: Mention) -> list[str]:
    """The place names resolution compares: the extractor's hints as written, in order (the
    gazetteer's spelling of the resolved place adds nothing a reader of the text would see)."""
    return [h for h in m.place_hints if h and h.strip()]


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

    def save_analysis(
        self,
        document: Document,
        mentions_: list[Mention],
        pipeline_version: str = "",
        resolve: bool = False,
        run_id: str | None = None,
    ) -> bool:
        """Store a document and its mentions, in one transaction, and give each mention an event.

        With ``resolve`` a mention joins the stored event it reports, if any (cross-source
        resolution, as ``marsad ingest`` does); without, each mention gets an event of its own.
        Either way the document's near-duplicates are noted, events are reconciled and every change
        is recorded in the history. Returns False (and changes nothing) when a document with the same
        content hash is stored.
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
                resolving.mark_near_duplicates(conn, doc_id, document.text)
                if not mentions_:
                    return True
                conn.execute(
                    insert(mentions),
                    [
                        {"document_id": doc_id, "idx": i, **_coding_values(m), "event_id": None, "pinned": False,
                         "place_names": _place_names(m), "date_text": m.date_text}
                        for i, m in zip(indexes, mentions_, strict=True)
                    ],
                )
                why = f"reported in {document.id}" + (f" ({document.source})" if document.source else "")
                resolving.place_document(conn, doc_id, resolve, now, why, run_id)
            return True
        except IntegrityError:
            # Another writer stored the same content between our check and our insert.
            if self.has_document(document.hash):
                return False
            raise

    # -- re-processing -------------------------------------------------------------------------
    @staticmethod
    def _outdated(pipeline_version: str | None) -> ColumnElement[bool]:
        if pipeline_version is None:
            return documents.c.id.is_not(None)
        return documents.c.pipeline_version != pipeline_version

    def count_documents(self, outdated_for: str | None = None) -> int:
        """Stored documents; with ``outdated_for``, those another pipeline version processed."""
        q = select(func.count()).select_from(documents).where(self._outdated(outdated_for))
        with self._engine.connect() as conn:
            return int(conn.execute(q).scalar_one())

    def mark_outdated(self) -> int:
        """Mark every document as due for re-processing (an empty pipeline version), in one statement,
        so an interrupted ``reprocess --all`` is finished by a plain ``reprocess``."""
        with self._write() as conn:
            return int(conn.execute(update(documents).values(pipeline_version="")).rowcount or 0)

    def stored_documents(self, outdated_for: str | None = None, batch_size: int = 100) -> Iterator[Document]:
        """Stored documents as read (oldest first), fetched in pages by row id; with ``outdated_for``
        only those another pipeline version processed. A document without a publication or fetch
        date gets the day it was stored as its fetch date, which is what its relative dates
        ("on Saturday") were read against then."""
        last = 0
        while True:
            q = (select(documents).where(and_(self._outdated(outdated_for), documents.c.id > last))
                 .order_by(documents.c.id).limit(batch_size))
            with self._engine.connect() as conn:
                rows = list(conn.execute(q).mappings())
            for r in rows:
                yield Document(
                    id=r["doc_key"], text=r["text"], title=r["title"], published=r["published"], source=r["source"],
                    url=r["url"], language=r["language"], fetched=r["fetched"] or r["created_at"],
                    origin=r["origin"], hash=r["content_hash"],
                )
            if len(rows) < batch_size:
                return
            last = rows[-1]["id"]

    def reprocess_document(
        self, content_hash: str, mentions_: list[Mention], pipeline_version: str, run_id: str | None = None
    ) -> Outcome | None:
        """Replace a stored document's mentions by ``mentions_`` (what ``pipeline_version`` extracts
        from its stored text), re-resolve the events they touch and record the new version, in one
        transaction. None (nothing changed) when no such document is stored or it is at that version
        already, so rerunning an interrupted re-processing skips what was done."""
        now = _utcnow()
        indexes = [m.index for m in mentions_]
        if len(set(indexes)) != len(indexes):
            indexes = list(range(len(mentions_)))
        rows = [{"idx": i, **_coding_values(m), "place_names": _place_names(m), "date_text": m.date_text}
                for i, m in zip(indexes, mentions_, strict=True)]
        with self._write() as conn:
            doc = conn.execute(
                select(documents.c.id, documents.c.doc_key, documents.c.pipeline_version)
                .where(documents.c.content_hash == content_hash)
            ).first()
            if doc is None or doc[2] == pipeline_version:
                return None
            why = f"re-extracted from {doc[1]} (pipeline {pipeline_version})"
            out = reprocessing.replace_mentions(conn, int(doc[0]), str(doc[1]), rows, pipeline_version, now, why,
                                                  run_id)
            conn.execute(update(documents).where(documents.c.id == doc[0]).values(pipeline_version=pipeline_version))
        return out

    def resolve(self, why: str = "resolve run", threshold: float | None = None) -> ResolveReport:
        """Re-resolve the whole database in one transaction (``marsad resolve``)."""
        now = _utcnow()
        run_id = "resolve-" + now.strftime("%Y%m%dT%H%M%S%fZ")
        with self._write() as conn:
            return resolving.resolve_all(conn, now, why, run_id, threshold)

    def merge_events(self, keys: list[str], why: str) -> str:
        """Merge events into the first of ``keys``; returns the surviving id."""
        with self._write() as conn:
            return manual.merge(conn, keys, why, _utcnow())

    def split_event(self, key: str, mention_ids: list[int], why: str) -> str:
        """Move mentions of an event into a new event; returns the new id."""
        with self._write() as conn:
            return manual.split(conn, key, mention_ids, why, _utcnow())

    def edit_event(self, key: str, changes: dict[str, Any], why: str) -> dict[str, Any]:
        """Set fields of an event by hand (they win over the sources from now on)."""
        with self._write() as conn:
            return manual.edit(conn, key, changes, why, _utcnow())

    # -- history -------------------------------------------------------------------------------
    def history(self, key: str) -> list[dict[str, Any]]:
        """Every recorded change to the event ``key`` (also a merged-away one), oldest first."""
        with self._engine.connect() as conn:
            return history_.history(conn, key.strip().upper())

    def events_as_of(
        self, when: datetime, f: EventFilter | None = None, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """The events as the dataset held them at ``when``, newest first."""
        with self._engine.connect() as conn:
            out = list(history_.as_of(conn, when, f))
        return out[:limit] if limit is not None else out

    # -- reading -------------------------------------------------------------------------------
    @staticmethod
    def _where(f: EventFilter | None) -> ColumnElement[bool]:
        """The filter, over active events only (merged-away rows keep their id for the history)."""
        return and_(where_clause(f or EventFilter(), events), events.c.merged_into.is_(None))

    def count_events(self, f: EventFilter | None = None) -> int:
        q = select(func.count()).select_from(events).where(self._where(f))
        with self._engine.connect() as conn:
            return int(conn.execute(q).scalar_one())

    def query_events(
        self, f: EventFilter | None = None, limit: int | None = None, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Events matching ``f``, newest first (then by event id), as records."""
        q = (
            select(events)
            .where(self._where(f))
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
        where = self._where(f)
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
        """The event with public id ``event_id`` (case-insensitive), or None. A merged-away id gives
        the event it was merged into (ids users cited keep working)."""
        key = event_id.strip().upper()
        with self._engine.connect() as conn:
            for _ in range(20):  # follow merged_into (chains are repointed on merge; this is a guard)
                rows = list(conn.execute(select(events).where(events.c.event_key == key)).mappings())
                if not rows:
                    return None
                if rows[0]["merged_into"] is None:
                    return self._records(conn, rows)[0]
                key = rows[0]["merged_into"]
        return None

    def stats(self) -> dict[str, int]:
        with self._engine.connect() as conn:
            out = {
                name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
                for name, table in (("documents", documents), ("mentions", mentions))
            }
            out["events"] = int(
                conn.execute(select(func.count()).select_from(events).where(events.c.merged_into.is_(None))).scalar_one()
            )
            return out

    def _records(self, conn: Connection, rows: Sequence[RowMapping]) -> list[dict[str, Any]]:
        """Event rows as records, with the documents and mentions that report each event."""
        return event_records(conn, rows)
