"""Cross-source resolution and history: reconciled figures, claim grades, merges, near-duplicate
documents and the event history table.

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-15

Existing events get their own figure as low, best and high, and the grade of a single source; their
history starts at the first change after this migration (``marsad resolve`` records every event).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (SQLite supports it): no table rebuild, so the expression indexes stay.
    op.add_column("documents", sa.Column("minhash", sa.JSON))
    op.add_column("documents", sa.Column("dup_of", sa.Integer))
    for name in ("fatalities_low", "fatalities_best", "fatalities_high"):
        op.add_column("events", sa.Column(name, sa.Integer, nullable=False, server_default="0"))
    op.add_column("events", sa.Column("n_sources", sa.Integer, nullable=False, server_default="1"))
    op.add_column("events", sa.Column("claim_grade", sa.String(16)))
    op.add_column("events", sa.Column("claim_reason", sa.Text))
    op.add_column("events", sa.Column("merged_into", sa.String(32)))
    op.add_column("events", sa.Column("locked", sa.JSON))
    op.add_column("mentions", sa.Column("pinned", sa.Boolean, nullable=False, server_default=sa.false()))
    op.execute(
        "UPDATE events SET fatalities_low = fatalities, fatalities_best = fatalities, "
        "fatalities_high = fatalities, claim_grade = 'weak', claim_reason = 'a single source'"
    )
    op.create_table(
        "doc_bands",
        sa.Column("band", sa.BigInteger, nullable=False),
        sa.Column("document_id", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name="fk_doc_bands_document_id_documents", ondelete="CASCADE"
        ),
    )
    op.create_table(
        "event_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_key", sa.String(32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("why", sa.Text, nullable=False),
        sa.Column("run_id", sa.String(40)),
        sa.Column("before", sa.JSON),
        sa.Column("after", sa.JSON),
        sa.PrimaryKeyConstraint("id", name="pk_event_history"),
    )
    op.create_index("ix_mentions_country_code_event_date", "mentions", ["country_code", "event_date"])
    op.create_index("ix_events_merged_into", "events", ["merged_into"])
    op.create_index("ix_doc_bands_band", "doc_bands", ["band"])
    op.create_index("ix_doc_bands_document_id", "doc_bands", ["document_id"])
    op.create_index("ix_event_history_event_key", "event_history", ["event_key", "id"])
    op.create_index("ix_event_history_at", "event_history", ["at"])


def downgrade() -> None:
    op.drop_table("event_history")
    op.drop_table("doc_bands")
    op.drop_index("ix_events_merged_into", "events")
    op.drop_index("ix_mentions_country_code_event_date", "mentions")
    with op.batch_alter_table("mentions") as batch:
        batch.drop_column("pinned")
    with op.batch_alter_table("events") as batch:
        for name in ("locked", "merged_into", "claim_reason", "claim_grade", "n_sources",
                     "fatalities_high", "fatalities_best", "fatalities_low"):
            batch.drop_column(name)
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("dup_of")
        batch.drop_column("minhash")
