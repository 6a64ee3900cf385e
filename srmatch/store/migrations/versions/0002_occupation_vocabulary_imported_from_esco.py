"""occupation vocabulary imported from ESCO

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 02:26:03.460352
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('occupation_concept',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uri', sa.String(length=200), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('preferred_label', sa.String(length=300), nullable=False),
    sa.Column('alt_labels', sa.Text(), nullable=False),
    sa.Column('hidden_labels', sa.Text(), nullable=False),
    sa.Column('isco_code', sa.String(length=4), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('occupation', 'isco_group')", name=op.f('ck_occupation_concept_kind_allowed')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_occupation_concept')),
    sa.UniqueConstraint('uri', name=op.f('uq_occupation_concept_uri'))
    )
    with op.batch_alter_table('occupation_concept', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_occupation_concept_isco_code'), ['isco_code'], unique=False)
        batch_op.create_index('ix_occupation_concept_source_kind', ['source', 'kind'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('occupation_concept', schema=None) as batch_op:
        batch_op.drop_index('ix_occupation_concept_source_kind')
        batch_op.drop_index(batch_op.f('ix_occupation_concept_isco_code'))

    op.drop_table('occupation_concept')
