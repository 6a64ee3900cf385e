"""placement workflow: notes, review reason, last changer, database-enforced invariants

Revision ID: 0005
Revises: 0008
Create Date: 2026-12-01 08:30:00

At most one started placement per person and at most one open placement per person and
vacancy are partial unique indexes (the same on SQLite and PostgreSQL). That a vacancy never
has more started placements than positions cannot be a portable constraint; the placement
service enforces it under a lock on the vacancy row.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OPEN = "status IN ('proposed', 'needs_info', 'approved', 'introduced', 'started')"
_STARTED = "status = 'started'"


def upgrade() -> None:
    with op.batch_alter_table('placement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('proposal_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('review_reason', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('updated_by', sa.String(length=64), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_placement_working_has_start_date'),
            "status NOT IN ('started', 'sustained', 'ended') OR start_date IS NOT NULL",
        )
    op.create_index(
        'uq_placement_one_started_per_seeker', 'placement', ['seeker_id'], unique=True,
        sqlite_where=sa.text(_STARTED), postgresql_where=sa.text(_STARTED),
    )
    op.create_index(
        'uq_placement_one_open_per_pair', 'placement', ['seeker_id', 'vacancy_id'], unique=True,
        sqlite_where=sa.text(_OPEN), postgresql_where=sa.text(_OPEN),
    )


def downgrade() -> None:
    op.drop_index('uq_placement_one_open_per_pair', table_name='placement')
    op.drop_index('uq_placement_one_started_per_seeker', table_name='placement')
    with op.batch_alter_table('placement', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_placement_working_has_start_date'), type_='check')
        batch_op.drop_column('updated_by')
        batch_op.drop_column('review_reason')
        batch_op.drop_column('proposal_note')
