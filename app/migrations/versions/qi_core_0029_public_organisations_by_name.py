"""public organisations by name: (status, name, id), so a public list of approved institutions in
name order (certification bodies, IP agencies) walks the index and stops at its page instead of
sorting every approved organisation (18 ms at 100,000 organisations; issue 16)

Revision ID: qi_core_0029
Revises: qi_core_0028
Create Date: 2026-11-27 09:30:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'qi_core_0029'
down_revision = 'qi_core_0028'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_qi_organisation_status_name', 'qi_organisation', ['status', 'name', 'id'], unique=False)


def downgrade():
    op.drop_index('ix_qi_organisation_status_name', table_name='qi_organisation')
