"""search keys: folded, accent-free text of job seekers and vacancies for search

Revision ID: 0009
Revises: 0003
Create Date: 2026-12-01 08:40:00

``job_seeker.search_key``, ``vacancy.search_key`` and ``organisation.search_key`` hold what a search matches, folded in
Python by ``srmatch.store.search_keys.fold`` (so "celik" finds Çelik on SQLite and PostgreSQL
alike). Existing rows get their keys here.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from srmatch.store.search_keys import rebuild_search_keys

revision: str = '0009'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('job_seeker', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_key', sa.String(length=200), server_default='', nullable=False))
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_key', sa.Text(), server_default='', nullable=False))
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_key', sa.String(length=220), server_default='', nullable=False))
    rebuild_search_keys(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('search_key')
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        batch_op.drop_column('search_key')
    with op.batch_alter_table('job_seeker', schema=None) as batch_op:
        batch_op.drop_column('search_key')
