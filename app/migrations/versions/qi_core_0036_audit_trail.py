"""the audit trail: qi_audit_entry, append-only by triggers on both databases (issue 17)

Revision ID: qi_core_0036
Revises: qi_core_0035
Create Date: 2026-11-27 19:00:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'qi_core_0036'
down_revision = 'qi_core_0035'
branch_labels = None
depends_on = None

MESSAGE = "audit entries are append-only"


def upgrade():
    op.create_table(
        'qi_audit_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('actor', sa.String(length=128), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('address', sa.String(length=64), nullable=True),
        sa.Column('request_id', sa.String(length=64), nullable=True),
        sa.Column('path', sa.String(length=300), nullable=True),
        sa.Column('table_name', sa.String(length=100), nullable=True),
        sa.Column('record_id', sa.String(length=100), nullable=True),
        sa.Column('details', sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_qi_audit_entry_at', 'qi_audit_entry', ['at', 'id'])
    op.create_index('ix_qi_audit_entry_record', 'qi_audit_entry', ['table_name', 'record_id', 'id'])
    op.create_index('ix_qi_audit_entry_actor', 'qi_audit_entry', ['actor', 'id'])
    # No update or delete path, whoever connects: the application's own account included.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION qi_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$""")
        op.execute("CREATE TRIGGER qi_audit_entry_append_only BEFORE UPDATE OR DELETE ON qi_audit_entry "
                   "FOR EACH ROW EXECUTE FUNCTION qi_audit_append_only()")
        op.execute("CREATE TRIGGER qi_audit_entry_no_truncate BEFORE TRUNCATE ON qi_audit_entry "
                   "FOR EACH STATEMENT EXECUTE FUNCTION qi_audit_append_only()")
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER qi_audit_entry_no_{event.lower()} BEFORE {event} ON qi_audit_entry "
                       f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE qi_audit_entry")
        op.execute("DROP FUNCTION qi_audit_append_only()")
    else:
        op.drop_table('qi_audit_entry')
