"""The store's tables as SQLAlchemy Core metadata: what queries are written against.

The schema itself is created and changed only by the Alembic migrations in ``migrations/``; these
definitions must stay equal to what the latest migration builds (``test_store`` checks that). An
event carries many mentions (``mentions.event_id``): cross-source resolution points the mentions of
one event, from several documents, at one row. An event merged into another keeps its row (and so
its public id) with ``merged_into`` set to the surviving id; queries show only rows without it.
``event_history`` records every change with when, what and why, and a snapshot of the event record
before and after, from which ``--as-of`` rebuilds the dataset as it stood.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)

# Constraint names are fixed so that later migrations (batch mode on SQLite) can refer to them.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def coding_columns() -> list[Column]:
    """ACLED coding of an event, shared by mentions (as reported) and events (as reconciled)."""
    return [
        Column("event_date", Date, nullable=False),
        Column("time_precision", Integer, nullable=False, default=1),
        Column("event_type", String(64), nullable=False),
        Column("sub_event_type", String(64), nullable=False),
        Column("actor1", Text),
        Column("assoc_actor_1", Text),
        Column("inter1", Integer),
        Column("actor2", Text),
        Column("assoc_actor_2", Text),
        Column("inter2", Integer),
        Column("interaction", Integer),
        Column("fatalities", Integer, nullable=False, default=0),
        Column("injuries", Integer, nullable=False, default=0),
        Column("arrests", Integer, nullable=False, default=0),
        Column("confidence", Float, nullable=False, default=0.5),
        Column("claim", Text),
        Column("evidence", JSON, nullable=False),  # list of {"text", "start", "end"}
    ]


def place_columns() -> list[Column]:
    """Where: the resolved place. ``country`` is the name, ``country_code`` ISO2, ``iso3`` ISO3."""
    return [
        Column("location", Text),
        Column("latitude", Float),
        Column("longitude", Float),
        Column("geo_precision", Integer),
        Column("country", String(128)),
        Column("country_code", String(2)),
        Column("iso3", String(3)),
        Column("admin1", Text),
        Column("admin2", Text),
        Column("gazetteer_id", String(64)),
    ]


documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_key", Text, nullable=False),  # the document's own id, as its source gave it
    Column("content_hash", String(64), nullable=False),
    Column("source", Text),
    Column("url", Text),
    Column("title", Text),
    Column("published", Date),
    Column("fetched", DateTime(timezone=True)),
    Column("language", String(16), nullable=False, default="en"),
    Column("origin", Text),
    Column("text", Text, nullable=False),
    Column("pipeline_version", String(64), nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("minhash", JSON),  # MinHash signature of the text (near-duplicate detection)
    Column("dup_of", Integer),  # the first stored document this one is a near-duplicate of
    UniqueConstraint("content_hash", name="uq_documents_content_hash"),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_key", String(32), nullable=False),  # the stable public id, e.g. MRS-1A2B3C4D5E6F
    *coding_columns(),
    *place_columns(),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_modified", DateTime(timezone=True), nullable=False),
    Column("fatalities_low", Integer, nullable=False, default=0),
    Column("fatalities_best", Integer, nullable=False, default=0),
    Column("fatalities_high", Integer, nullable=False, default=0),
    Column("n_sources", Integer, nullable=False, default=1),  # independent sources
    Column("claim_grade", String(16)),
    Column("claim_reason", Text),
    Column("merged_into", String(32)),  # the surviving event's key, once merged away
    Column("locked", JSON),  # {field: value} set by hand (`marsad events edit`): wins over sources
    UniqueConstraint("event_key", name="uq_events_event_key"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "document_id",
        Integer,
        ForeignKey("documents.id", ondelete="CASCADE", name="fk_mentions_document_id_documents"),
        nullable=False,
    ),
    Column("idx", Integer, nullable=False),
    *coding_columns(),
    *place_columns(),
    Column(
        "event_id",
        Integer,
        ForeignKey("events.id", ondelete="SET NULL", name="fk_mentions_event_id_events"),
        nullable=True,
    ),
    Column("pinned", Boolean, nullable=False, default=False),  # placed by a manual merge or split
    # The place names the extractor saw (list of str, resolved or not) and the date expression it
    # read: what resolution uses to tell templated reports of neighbouring villages or days apart.
    Column("place_names", JSON),
    Column("date_text", Text),
    UniqueConstraint("document_id", "idx", name="uq_mentions_document_id_idx"),
)

doc_bands = Table(
    "doc_bands",
    metadata,
    Column("band", BigInteger, nullable=False),  # an LSH band of a document's MinHash signature
    Column(
        "document_id",
        Integer,
        ForeignKey("documents.id", ondelete="CASCADE", name="fk_doc_bands_document_id_documents"),
        nullable=False,
    ),
)

event_history = Table(
    "event_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_key", String(32), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    # created, source_added, source_removed, updated, edited, merged, merged_away, split, restored
    Column("action", String(16), nullable=False),
    Column("why", Text, nullable=False),
    Column("run_id", String(40)),  # the ingest or resolve run, or the manual command
    Column("before", JSON),  # the event record before the change (None: it did not exist)
    Column("after", JSON),  # the record after (None: merged away)
)

# Indexes for the filters of EventFilter. Filters compare case-insensitively, so the text ones are
# expression indexes on lower(...); iso3 is stored upper-case and event types in ACLED's spelling.
Index("ix_events_event_date", events.c.event_date)
Index("ix_events_country_lower", func.lower(events.c.country))
Index("ix_events_iso3", events.c.iso3)
Index("ix_events_admin1_lower", func.lower(events.c.admin1))
Index("ix_events_event_type", events.c.event_type)
Index("ix_events_sub_event_type", events.c.sub_event_type)
Index("ix_events_actor1", events.c.actor1)
Index("ix_events_actor2", events.c.actor2)
Index("ix_mentions_event_id", mentions.c.event_id)
Index("ix_mentions_document_id", mentions.c.document_id)
Index("ix_mentions_country_code_event_date", mentions.c.country_code, mentions.c.event_date)
Index("ix_events_merged_into", events.c.merged_into)
Index("ix_doc_bands_band", doc_bands.c.band)
Index("ix_doc_bands_document_id", doc_bands.c.document_id)
Index("ix_event_history_event_key", event_history.c.event_key, event_history.c.id)
Index("ix_event_history_at", event_history.c.at)
