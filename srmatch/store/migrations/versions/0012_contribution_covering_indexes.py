"""contribution indexes that answer the books' sums on their own

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-01 11:15:00

The contracts list, the programme dashboard and the report add up approved contributions per
contract and route, and per period. Two covering indexes let the database answer those sums
from the index alone, in group order (about five times faster at 200,000 lines on SQLite,
``benchmarks/social_return.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = '0012'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('contribution', schema=None) as batch_op:
        batch_op.create_index('ix_contribution_status_contract_route', ['status', 'contract_id', 'route', 'value_cents'],
                              unique=False)
        batch_op.create_index('ix_contribution_status_period', ['status', 'period_start', 'value_cents'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('contribution', schema=None) as batch_op:
        batch_op.drop_index('ix_contribution_status_period')
        batch_op.drop_index('ix_contribution_status_contract_route')
