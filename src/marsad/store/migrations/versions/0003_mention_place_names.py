"""What resolution needs to tell templated reports apart: the place names a mention's extractor saw
(even those the geocoder could not place) and the date expression it read.

Revision ID: 0003
Revises: 0002
Create Date: 2025-01-20

Two reports of neighbouring villages' shelling geocoded to one province look alike to resolution
unless it still knows the village names; "On 2 May 2020" against "On 3 May 2020" are two days for
certain, "on Friday" against "on Saturday" from two outlets may be one night. Existing mentions get
no names (resolution then falls back to the evidence text alone).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (SQLite supports it): no table rebuild, so the expression indexes stay.
    op.add_column("mentions", sa.Column("place_names", sa.JSON))
    op.add_column("mentions", sa.Column("date_text", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("mentions") as batch:
        batch.drop_column("date_text")
        batch.drop_column("place_names")
