"""record versions: job seekers and vacancies carry a version, who changed them and when

Revision ID: 0010
Revises: 0006
Create Date: 2026-12-01 11:05:00

``version`` starts at 1 and goes up by one on every save through ``srmatch.services.profiles``;
a form that was opened on version 3 and saves after someone else saved version 4 is refused
with "changed by X at T" (optimistic locking, the same way placements have done it since 0005).
``updated_by`` is the login of the last person who saved; vacancies get the ``updated_at``
that job seekers already had. Existing rows start at version 1, changed at migration time.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('job_seeker', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('updated_by', sa.String(length=64), nullable=True))
        batch_op.create_check_constraint(op.f('ck_job_seeker_version_positive'), 'version >= 1')
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('updated_by', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_check_constraint(op.f('ck_vacancy_version_positive'), 'version >= 1')
    op.execute(sa.text("UPDATE vacancy SET updated_at = created_at"))
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        batch_op.alter_column('updated_at', existing_type=sa.DateTime(timezone=True), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_vacancy_version_positive'), type_='check')
        batch_op.drop_column('updated_at')
        batch_op.drop_column('updated_by')
        batch_op.drop_column('version')
    with op.batch_alter_table('job_seeker', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_job_seeker_version_positive'), type_='check')
        batch_op.drop_column('updated_by')
        batch_op.drop_column('version')
