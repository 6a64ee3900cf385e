"""contribution.counts_from: the first day of a person's counting window, when not the line's start

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-01 18:40:00

A building block counts for a window of months (Rijnmond: "up to 3 years after the last
benefit"; Den Haag: 12 or 24 months). The window began with the line unless ``counts_from``
says otherwise: the day after the person's last benefit, or the start of the work that a
contractor reports in several lines (``srmatch.services.valuation``).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0013'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('contribution', schema=None) as batch_op:
        batch_op.add_column(sa.Column('counts_from', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('contribution', schema=None) as batch_op:
        batch_op.drop_column('counts_from')
