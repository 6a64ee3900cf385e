"""demo rows marked is_demo

Revision ID: 0003
Revises: 0005
Create Date: 2026-12-01 08:20:00

Every table that ``srmatch demo`` writes gets ``is_demo`` (false by default). Rows that
exist before this migration stay unmarked, i.e. real: srmatch cannot tell an earlier demo's
rows from records added after it, and guessing wrong would let the next demo delete real
records. An older demo database is therefore refused by ``srmatch demo`` until it is
deleted (the message says so).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("app_user", "organisation", "contract", "vacancy", "job_seeker", "placement", "contribution",
          "enforcement_action")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("is_demo", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("is_demo")
