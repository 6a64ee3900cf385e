"""matching: seekers' occupation codes and Dutch level, imported postcode centroids

Revision ID: 0004
Revises: 0009
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('job_seeker', schema=None) as batch_op:
        batch_op.add_column(sa.Column('desired_occupation_codes', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('experience_codes', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('dutch_level', sa.String(length=4), nullable=True))
    op.create_table('postcode_centroid',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pc4', sa.String(length=4), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=False),
    sa.Column('longitude', sa.Float(), nullable=False),
    sa.Column('place', sa.String(length=120), nullable=False),
    sa.Column('municipality_code', sa.String(length=8), nullable=False),
    sa.Column('municipality', sa.String(length=120), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('latitude >= -90 AND latitude <= 90 AND longitude >= -180 AND longitude <= 180', name=op.f('ck_postcode_centroid_coordinates_valid')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_postcode_centroid')),
    sa.UniqueConstraint('pc4', name=op.f('uq_postcode_centroid_pc4'))
    )


def downgrade() -> None:
    op.drop_table('postcode_centroid')
    with op.batch_alter_table('job_seeker', schema=None) as batch_op:
        batch_op.drop_column('dutch_level')
        batch_op.drop_column('experience_codes')
        batch_op.drop_column('desired_occupation_codes')
