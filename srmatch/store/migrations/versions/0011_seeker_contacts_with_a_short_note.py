"""seeker contacts: the contacts a caseworker logs with a job seeker, each with a short note

Revision ID: 0011
Revises: 0012
Create Date: 2026-12-01 11:15:00

``seeker_contact`` holds one row per logged contact (``srmatch.services.profiles.log_contact``):
the day, a note of at most 500 characters, and the login of who logged it. The person's
``last_contact_on`` keeps the latest day, as before. Erasure deletes a person's contacts and
the subject-access export lists them (``services/privacy.py``).

Numbered 0011 but chained after 0012 (the contribution indexes landed first): one head.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'seeker_contact',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('seeker_id', sa.Integer(), nullable=False),
        sa.Column('contacted_on', sa.Date(), nullable=False),
        sa.Column('note', sa.String(length=500), server_default='', nullable=False),
        sa.Column('logged_by', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('is_demo', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(['seeker_id'], ['job_seeker.id'], name=op.f('fk_seeker_contact_seeker_id_job_seeker')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_seeker_contact')),
    )
    with op.batch_alter_table('seeker_contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seeker_contact_seeker_id'), ['seeker_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('seeker_contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seeker_contact_seeker_id'))
    op.drop_table('seeker_contact')
