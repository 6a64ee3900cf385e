"""privacy: erasure marker on job seekers; the audit log is append-only in the database

Revision ID: 0008
Revises: 0002
Create Date: 2026-12-01 08:20:00

Triggers (SQLite and PostgreSQL) refuse every UPDATE of ``audit_event`` and every DELETE,
except of events older than ``audit_retention.purge_before`` (set by the retention purge of
the audit log itself, ``srmatch audit purge``). PostgreSQL also refuses TRUNCATE.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = "audit events are append-only: they cannot be changed"
KEPT = "audit events are kept until their retention period ends"

SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
    BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END""",
    f"""CREATE TRIGGER audit_event_delete_only_expired BEFORE DELETE ON audit_event
    WHEN OLD.occurred_at >= COALESCE((SELECT purge_before FROM audit_retention WHERE id = 1), '')
    BEGIN SELECT RAISE(ABORT, '{KEPT}'); END""",
)

POSTGRESQL_GUARD = (
    f"""CREATE FUNCTION srmatch_audit_event_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            RAISE EXCEPTION '{APPEND_ONLY}';
        END IF;
        IF TG_OP = 'TRUNCATE' OR OLD.occurred_at >= COALESCE(
            (SELECT purge_before FROM audit_retention WHERE id = 1), '-infinity'::timestamptz) THEN
            RAISE EXCEPTION '{KEPT}';
        END IF;
        RETURN OLD;
    END $$""",
    """CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION srmatch_audit_event_guard()""",
    """CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION srmatch_audit_event_guard()""",
)


def upgrade() -> None:
    with op.batch_alter_table('job_seeker', schema=None) as batch_op:
        batch_op.add_column(sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table('audit_retention',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('purge_before', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_retention'))
    )
    dialect = op.get_bind().dialect.name
    statements = SQLITE_TRIGGERS if dialect == 'sqlite' else POSTGRESQL_GUARD if dialect == 'postgresql' else ()
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_event_delete_only_expired")
    elif dialect == 'postgresql':
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event")
        op.execute("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event")
        op.execute("DROP FUNCTION IF EXISTS srmatch_audit_event_guard()")
    op.drop_table('audit_retention')
    with op.batch_alter_table('job_seeker', schema=None) as batch_op:
        batch_op.drop_column('erased_at')
