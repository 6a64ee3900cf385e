"""social-return accounting: rule sets, valuation inputs, approvals

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-01 08:09:52.098152
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.add_column(sa.Column('awarded_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('labour_share', sa.Numeric(precision=5, scale=4, asdecimal=False), nullable=True))
        batch_op.add_column(sa.Column('percentage_agreed', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('rule_set', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('obligation_cents', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('obligation_explanation', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('last_report_on', sa.Date(), nullable=True))

    with op.batch_alter_table('contribution', schema=None) as batch_op:
        batch_op.add_column(sa.Column('block', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('hours_per_week', sa.Numeric(precision=5, scale=2, asdecimal=False), nullable=True))
        batch_op.add_column(sa.Column('bonuses', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('amount_cents', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('activity_kind', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('quantity', sa.Numeric(precision=10, scale=2, asdecimal=False), nullable=True))
        batch_op.add_column(sa.Column('value_explanation', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('justification', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('submitted_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('second_approved_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('second_approved_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('import_key', sa.String(length=80), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_contribution_amount_not_negative'), 'amount_cents IS NULL OR amount_cents >= 0'
        )
        batch_op.create_index('ix_contribution_contract_status', ['contract_id', 'status'], unique=False)
        batch_op.create_index('uq_contribution_contract_import_key', ['contract_id', 'import_key'], unique=True)
        batch_op.create_index('uq_contribution_placement', ['placement_id'], unique=True)
        batch_op.create_foreign_key(batch_op.f('fk_contribution_submitted_by_id_app_user'), 'app_user', ['submitted_by_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_contribution_second_approved_by_id_app_user'), 'app_user', ['second_approved_by_id'], ['id'])

    with op.batch_alter_table('enforcement_action', schema=None) as batch_op:
        batch_op.add_column(sa.Column('new_date', sa.Date(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('enforcement_action', schema=None) as batch_op:
        batch_op.drop_column('new_date')

    with op.batch_alter_table('contribution', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_contribution_second_approved_by_id_app_user'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_contribution_submitted_by_id_app_user'), type_='foreignkey')
        batch_op.drop_index('uq_contribution_placement')
        batch_op.drop_index('uq_contribution_contract_import_key')
        batch_op.drop_index('ix_contribution_contract_status')
        batch_op.drop_constraint(op.f('ck_contribution_amount_not_negative'), type_='check')
        batch_op.drop_column('import_key')
        batch_op.drop_column('second_approved_at')
        batch_op.drop_column('second_approved_by_id')
        batch_op.drop_column('submitted_at')
        batch_op.drop_column('submitted_by_id')
        batch_op.drop_column('justification')
        batch_op.drop_column('value_explanation')
        batch_op.drop_column('quantity')
        batch_op.drop_column('activity_kind')
        batch_op.drop_column('amount_cents')
        batch_op.drop_column('bonuses')
        batch_op.drop_column('hours_per_week')
        batch_op.drop_column('block')

    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.drop_column('last_report_on')
        batch_op.drop_column('obligation_explanation')
        batch_op.drop_column('obligation_cents')
        batch_op.drop_column('rule_set')
        batch_op.drop_column('percentage_agreed')
        batch_op.drop_column('labour_share')
        batch_op.drop_column('awarded_on')

