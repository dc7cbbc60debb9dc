"""Initial schema: documents, events, mentions (one event per mention until resolution).

Revision ID: 0001
Revises:
Create Date: 2025-01-01

Written out in full rather than imported from ``tables.py``: a migration is a frozen record of what
the schema was at that revision.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _coding() -> list[sa.Column]:
    return [
        sa.Column("event_date", sa.Date, nullable=False),
        sa.Column("time_precision", sa.Integer, nullable=False),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("sub_event_type", sa.String(64), nullable=False),
        sa.Column("actor1", sa.Text),
        sa.Column("assoc_actor_1", sa.Text),
        sa.Column("inter1", sa.Integer),
        sa.Column("actor2", sa.Text),
        sa.Column("assoc_actor_2", sa.Text),
        sa.Column("inter2", sa.Integer),
        sa.Column("interaction", sa.Integer),
        sa.Column("fatalities", sa.Integer, nullable=False),
        sa.Column("injuries", sa.Integer, nullable=False),
        sa.Column("arrests", sa.Integer, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("claim", sa.Text),
        sa.Column("evidence", sa.JSON, nullable=False),
    ]


def _place() -> list[sa.Column]:
    return [
        sa.Column("location", sa.Text),
        sa.Column("latitude", sa.Float),
        sa.Column("longitude", sa.Float),
        sa.Column("geo_precision", sa.Integer),
        sa.Column("country", sa.String(128)),
        sa.Column("country_code", sa.String(2)),
        sa.Column("iso3", sa.String(3)),
        sa.Column("admin1", sa.Text),
        sa.Column("admin2", sa.Text),
        sa.Column("gazetteer_id", sa.String(64)),
    ]


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("doc_key", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.Date),
        sa.Column("fetched", sa.DateTime(timezone=True)),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("origin", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("pipeline_version", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
        sa.UniqueConstraint("content_hash", name="uq_documents_content_hash"),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_key", sa.String(32), nullable=False),
        *_coding(),
        *_place(),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_modified", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
        sa.UniqueConstraint("event_key", name="uq_events_event_key"),
    )
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.Integer, nullable=False),
        sa.Column("idx", sa.Integer, nullable=False),
        *_coding(),
        *_place(),
        sa.Column("event_id", sa.Integer, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_mentions"),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name="fk_mentions_document_id_documents", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name="fk_mentions_event_id_events", ondelete="SET NULL"
        ),
        sa.UniqueConstraint("document_id", "idx", name="uq_mentions_document_id_idx"),
    )
    op.create_index("ix_events_event_date", "events", ["event_date"])
    op.create_index("ix_events_country_lower", "events", [sa.text("lower(country)")])
    op.create_index("ix_events_iso3", "events", ["iso3"])
    op.create_index("ix_events_admin1_lower", "events", [sa.text("lower(admin1)")])
    op.create_index("ix_events_event_type", "events", ["event_type"])
    op.create_index("ix_events_sub_event_type", "events", ["sub_event_type"])
    op.create_index("ix_events_actor1", "events", ["actor1"])
    op.create_index("ix_events_actor2", "events", ["actor2"])
    op.create_index("ix_mentions_event_id", "mentions", ["event_id"])
    op.create_index("ix_mentions_document_id", "mentions", ["document_id"])


def downgrade() -> None:
    op.drop_table("mentions")
    op.drop_table("events")
    op.drop_table("documents")
