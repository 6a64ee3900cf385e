"""contract.full_time_hours_per_year: the contractor's own full time, where the rule set takes it

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 19:00:00

Some regions (Friesland) value a person's hours against the contractor's own full-time hours a
year instead of a fixed 36 or 40 hours a week. A rule set says so with
``full_time.contractor_hours = true``; the contract then states the hours.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.add_column(sa.Column('full_time_hours_per_year', sa.Numeric(precision=7, scale=2, asdecimal=False),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.drop_column('full_time_hours_per_year')
