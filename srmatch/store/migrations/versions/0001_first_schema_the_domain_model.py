"""first schema: the domain model

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-28 02:25:54.270700
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('app_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('login', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('caseworker', 'team_lead', 'account_manager', 'admin')", name=op.f('ck_app_user_role_allowed')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_app_user')),
    sa.UniqueConstraint('login', name=op.f('uq_app_user_login'))
    )
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.String(length=120), nullable=True),
    sa.Column('result', sa.String(length=20), nullable=False),
    sa.Column('origin', sa.String(length=120), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_actor'), ['actor'], unique=False)
        batch_op.create_index('ix_audit_event_object', ['object_type', 'object_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_occurred_at'), ['occurred_at'], unique=False)

    op.create_table('organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kvk_number', sa.String(length=8), nullable=True),
    sa.Column('is_contracting_authority', sa.Boolean(), nullable=False),
    sa.Column('is_anchor', sa.Boolean(), nullable=False),
    sa.Column('is_contractor', sa.Boolean(), nullable=False),
    sa.Column('is_social_enterprise', sa.Boolean(), nullable=False),
    sa.Column('social_enterprise_status', sa.String(length=20), nullable=True),
    sa.Column('social_enterprise_since', sa.Date(), nullable=True),
    sa.Column('pso_level', sa.String(length=20), nullable=True),
    sa.Column('municipality', sa.String(length=80), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kvk_number IS NULL OR (length(kvk_number) = 8 AND trim(kvk_number, '0123456789') = '')", name=op.f('ck_organisation_kvk_number_8_digits')),
    sa.CheckConstraint("pso_level IS NULL OR pso_level IN ('aspirant', 'basistrede', 'trede_1', 'trede_2', 'trede_3', 'pso_30_plus')", name=op.f('ck_organisation_pso_level_allowed')),
    sa.CheckConstraint("social_enterprise_status IS NULL OR social_enterprise_status IN ('aspirant', 'erkend')", name=op.f('ck_organisation_social_enterprise_status_allowed')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation')),
    sa.UniqueConstraint('kvk_number', name=op.f('uq_organisation_kvk_number'))
    )
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_is_anchor'), ['is_anchor'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_is_social_enterprise'), ['is_social_enterprise'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_name'), ['name'], unique=False)

    op.create_table('contract',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('buyer_id', sa.Integer(), nullable=False),
    sa.Column('contractor_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('value_cents', sa.BigInteger(), nullable=False),
    sa.Column('percentage', sa.Numeric(precision=5, scale=2, asdecimal=False), nullable=False),
    sa.Column('obligation_override_cents', sa.BigInteger(), nullable=True),
    sa.Column('override_reason', sa.Text(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('interim_report_due', sa.Date(), nullable=True),
    sa.Column('final_report_due', sa.Date(), nullable=True),
    sa.Column('account_manager_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('werk', 'dienst', 'levering')", name=op.f('ck_contract_kind_allowed')),
    sa.CheckConstraint("obligation_override_cents IS NULL OR (obligation_override_cents >= 0 AND override_reason IS NOT NULL AND override_reason <> '')", name=op.f('ck_contract_override_needs_reason')),
    sa.CheckConstraint("status IN ('draft', 'active', 'ended', 'settled')", name=op.f('ck_contract_status_allowed')),
    sa.CheckConstraint('end_date >= start_date', name=op.f('ck_contract_ends_after_start')),
    sa.CheckConstraint('percentage >= 0 AND percentage <= 100', name=op.f('ck_contract_percentage_0_100')),
    sa.CheckConstraint('value_cents >= 0', name=op.f('ck_contract_value_not_negative')),
    sa.ForeignKeyConstraint(['account_manager_id'], ['app_user.id'], name=op.f('fk_contract_account_manager_id_app_user')),
    sa.ForeignKeyConstraint(['buyer_id'], ['organisation.id'], name=op.f('fk_contract_buyer_id_organisation')),
    sa.ForeignKeyConstraint(['contractor_id'], ['organisation.id'], name=op.f('fk_contract_contractor_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contract')),
    sa.UniqueConstraint('reference', name=op.f('uq_contract_reference'))
    )
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contract_account_manager_id'), ['account_manager_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_buyer_id'), ['buyer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_contractor_id'), ['contractor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_end_date'), ['end_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_status'), ['status'], unique=False)

    op.create_table('job_seeker',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_number', sa.String(length=20), nullable=False),
    sa.Column('display_name', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('phone', sa.String(length=30), nullable=True),
    sa.Column('postcode', sa.String(length=7), nullable=False),
    sa.Column('target_group', sa.String(length=40), nullable=False),
    sa.Column('target_group_evidence', sa.String(length=120), nullable=True),
    sa.Column('target_group_evidence_date', sa.Date(), nullable=True),
    sa.Column('ladder_rung', sa.Integer(), nullable=False),
    sa.Column('desired_occupations', sa.JSON(), nullable=False),
    sa.Column('experience', sa.JSON(), nullable=False),
    sa.Column('skills', sa.JSON(), nullable=False),
    sa.Column('certificates', sa.JSON(), nullable=False),
    sa.Column('driving_licences', sa.JSON(), nullable=False),
    sa.Column('hours_min', sa.Integer(), nullable=False),
    sa.Column('hours_max', sa.Integer(), nullable=False),
    sa.Column('max_travel_km', sa.Float(), nullable=False),
    sa.Column('travels_independently', sa.Boolean(), nullable=False),
    sa.Column('work_restrictions', sa.JSON(), nullable=False),
    sa.Column('available_from', sa.Date(), nullable=True),
    sa.Column('caseworker_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('consent_anonymous_profile', sa.Boolean(), nullable=False),
    sa.Column('last_contact_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('active', 'paused', 'placed', 'left')", name=op.f('ck_job_seeker_status_allowed')),
    sa.CheckConstraint("target_group IN ('participatiewet', 'ww', 'wia', 'wajong', 'wsw', 'banenafspraak', 'jongere_zonder_startkwalificatie', 'vso_pro', 'bbl_bol', 'statushouder', 'zonder_uitkering')", name=op.f('ck_job_seeker_target_group_allowed')),
    sa.CheckConstraint('hours_min >= 0 AND hours_max <= 60 AND hours_min <= hours_max', name=op.f('ck_job_seeker_hours_min_hours_max_range')),
    sa.CheckConstraint('ladder_rung BETWEEN 1 AND 6', name=op.f('ck_job_seeker_ladder_rung_1_6')),
    sa.CheckConstraint('max_travel_km >= 0', name=op.f('ck_job_seeker_travel_not_negative')),
    sa.ForeignKeyConstraint(['caseworker_id'], ['app_user.id'], name=op.f('fk_job_seeker_caseworker_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_seeker')),
    sa.UniqueConstraint('client_number', name=op.f('uq_job_seeker_client_number'))
    )
    with op.batch_alter_table('job_seeker', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_seeker_display_name'), ['display_name'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_seeker_postcode'), ['postcode'], unique=False)
        batch_op.create_index('ix_job_seeker_status_caseworker', ['status', 'caseworker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_seeker_target_group'), ['target_group'], unique=False)

    op.create_table('enforcement_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('action_date', sa.Date(), nullable=False),
    sa.Column('amount_cents', sa.BigInteger(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('reminder', 'recovery_period', 'withholding', 'settlement', 'contractor_list_note', 'best_efforts_accepted')", name=op.f('ck_enforcement_action_kind_allowed')),
    sa.CheckConstraint('amount_cents IS NULL OR amount_cents >= 0', name=op.f('ck_enforcement_action_amount_not_negative')),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], name=op.f('fk_enforcement_action_contract_id_contract')),
    sa.ForeignKeyConstraint(['created_by_id'], ['app_user.id'], name=op.f('fk_enforcement_action_created_by_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enforcement_action'))
    )
    with op.batch_alter_table('enforcement_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enforcement_action_contract_id'), ['contract_id'], unique=False)

    op.create_table('vacancy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=40), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('occupation_code', sa.String(length=120), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('skills', sa.JSON(), nullable=False),
    sa.Column('hours_min', sa.Integer(), nullable=False),
    sa.Column('hours_max', sa.Integer(), nullable=False),
    sa.Column('employment_type', sa.String(length=20), nullable=False),
    sa.Column('duration_months', sa.Integer(), nullable=True),
    sa.Column('postcode', sa.String(length=7), nullable=False),
    sa.Column('positions', sa.Integer(), nullable=False),
    sa.Column('driving_licence', sa.String(length=10), nullable=True),
    sa.Column('certificates', sa.JSON(), nullable=False),
    sa.Column('dutch_level', sa.String(length=4), nullable=True),
    sa.Column('physical_demands', sa.JSON(), nullable=False),
    sa.Column('eligible_target_groups', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('closes_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("employment_type IN ('fixed_term', 'permanent', 'bbl', 'internship', 'work_experience')", name=op.f('ck_vacancy_employment_type_allowed')),
    sa.CheckConstraint("status IN ('open', 'on_hold', 'filled', 'closed')", name=op.f('ck_vacancy_status_allowed')),
    sa.CheckConstraint('duration_months IS NULL OR duration_months >= 0', name=op.f('ck_vacancy_duration_not_negative')),
    sa.CheckConstraint('hours_min >= 0 AND hours_max <= 60 AND hours_min <= hours_max', name=op.f('ck_vacancy_hours_min_hours_max_range')),
    sa.CheckConstraint('positions >= 1', name=op.f('ck_vacancy_positions_at_least_one')),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], name=op.f('fk_vacancy_contract_id_contract')),
    sa.ForeignKeyConstraint(['employer_id'], ['organisation.id'], name=op.f('fk_vacancy_employer_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vacancy')),
    sa.UniqueConstraint('reference', name=op.f('uq_vacancy_reference'))
    )
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vacancy_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vacancy_employer_id'), ['employer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vacancy_occupation_code'), ['occupation_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_vacancy_postcode'), ['postcode'], unique=False)
        batch_op.create_index('ix_vacancy_status_closes_on', ['status', 'closes_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_vacancy_title'), ['title'], unique=False)

    op.create_table('placement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seeker_id', sa.Integer(), nullable=False),
    sa.Column('vacancy_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('explanation', sa.JSON(), nullable=False),
    sa.Column('surfaced_by_engine', sa.Boolean(), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=True),
    sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('review_note', sa.Text(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('hours_per_week', sa.Integer(), nullable=True),
    sa.Column('employment_type', sa.String(length=20), nullable=True),
    sa.Column('end_reason', sa.String(length=200), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("employment_type IS NULL OR employment_type IN ('fixed_term', 'permanent', 'bbl', 'internship', 'work_experience')", name=op.f('ck_placement_employment_type_allowed')),
    sa.CheckConstraint("status IN ('proposed', 'needs_info', 'approved', 'rejected', 'introduced', 'not_hired', 'withdrawn', 'started', 'sustained', 'ended')", name=op.f('ck_placement_status_allowed')),
    sa.CheckConstraint('hours_per_week IS NULL OR (hours_per_week >= 0 AND hours_per_week <= 60)', name=op.f('ck_placement_hours_0_60')),
    sa.CheckConstraint('score IS NULL OR (score >= 0 AND score <= 100)', name=op.f('ck_placement_score_0_100')),
    sa.CheckConstraint('version >= 1', name=op.f('ck_placement_version_positive')),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['app_user.id'], name=op.f('fk_placement_proposed_by_id_app_user')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['app_user.id'], name=op.f('fk_placement_reviewed_by_id_app_user')),
    sa.ForeignKeyConstraint(['seeker_id'], ['job_seeker.id'], name=op.f('fk_placement_seeker_id_job_seeker')),
    sa.ForeignKeyConstraint(['vacancy_id'], ['vacancy.id'], name=op.f('fk_placement_vacancy_id_vacancy')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placement'))
    )
    with op.batch_alter_table('placement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_placement_seeker_id'), ['seeker_id'], unique=False)
        batch_op.create_index('ix_placement_status_proposed_at', ['status', 'proposed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_placement_vacancy_id'), ['vacancy_id'], unique=False)

    op.create_table('contribution',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('route', sa.String(length=1), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=True),
    sa.Column('supplier_id', sa.Integer(), nullable=True),
    sa.Column('activity', sa.String(length=200), nullable=True),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('hours', sa.Float(), nullable=True),
    sa.Column('evidence', sa.String(length=200), nullable=True),
    sa.Column('value_cents', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("route IN ('1', '2', '3', '4', '5', '6')", name=op.f('ck_contribution_route_allowed')),
    sa.CheckConstraint("status IN ('draft', 'submitted', 'approved', 'rejected')", name=op.f('ck_contribution_status_allowed')),
    sa.CheckConstraint('hours IS NULL OR hours >= 0', name=op.f('ck_contribution_hours_not_negative')),
    sa.CheckConstraint('period_end IS NULL OR period_end >= period_start', name=op.f('ck_contribution_period_ordered')),
    sa.CheckConstraint('value_cents >= 0', name=op.f('ck_contribution_value_not_negative')),
    sa.ForeignKeyConstraint(['approved_by_id'], ['app_user.id'], name=op.f('fk_contribution_approved_by_id_app_user')),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], name=op.f('fk_contribution_contract_id_contract')),
    sa.ForeignKeyConstraint(['placement_id'], ['placement.id'], name=op.f('fk_contribution_placement_id_placement')),
    sa.ForeignKeyConstraint(['supplier_id'], ['organisation.id'], name=op.f('fk_contribution_supplier_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contribution'))
    )
    with op.batch_alter_table('contribution', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contribution_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contribution_placement_id'), ['placement_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('contribution', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contribution_placement_id'))
        batch_op.drop_index(batch_op.f('ix_contribution_contract_id'))

    op.drop_table('contribution')
    with op.batch_alter_table('placement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_placement_vacancy_id'))
        batch_op.drop_index('ix_placement_status_proposed_at')
        batch_op.drop_index(batch_op.f('ix_placement_seeker_id'))

    op.drop_table('placement')
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vacancy_title'))
        batch_op.drop_index('ix_vacancy_status_closes_on')
        batch_op.drop_index(batch_op.f('ix_vacancy_postcode'))
        batch_op.drop_index(batch_op.f('ix_vacancy_occupation_code'))
        batch_op.drop_index(batch_op.f('ix_vacancy_employer_id'))
        batch_op.drop_index(batch_op.f('ix_vacancy_contract_id'))

    op.drop_table('vacancy')
    with op.batch_alter_table('enforcement_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enforcement_action_contract_id'))

    op.drop_table('enforcement_action')
    with op.batch_alter_table('job_seeker', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_seeker_target_group'))
        batch_op.drop_index('ix_job_seeker_status_caseworker')
        batch_op.drop_index(batch_op.f('ix_job_seeker_postcode'))
        batch_op.drop_index(batch_op.f('ix_job_seeker_display_name'))

    op.drop_table('job_seeker')
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contract_status'))
        batch_op.drop_index(batch_op.f('ix_contract_end_date'))
        batch_op.drop_index(batch_op.f('ix_contract_contractor_id'))
        batch_op.drop_index(batch_op.f('ix_contract_buyer_id'))
        batch_op.drop_index(batch_op.f('ix_contract_account_manager_id'))

    op.drop_table('contract')
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_name'))
        batch_op.drop_index(batch_op.f('ix_organisation_is_social_enterprise'))
        batch_op.drop_index(batch_op.f('ix_organisation_is_anchor'))

    op.drop_table('organisation')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_occurred_at'))
        batch_op.drop_index('ix_audit_event_object')
        batch_op.drop_index(batch_op.f('ix_audit_event_actor'))
        batch_op.drop_index(batch_op.f('ix_audit_event_action'))

    op.drop_table('audit_event')
    op.drop_table('app_user')
