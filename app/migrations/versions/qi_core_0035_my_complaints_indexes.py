"""complaints: (filed_by_id, submitted_at, id) and (organisation_id, submitted_at, id) in place of
the single-column indexes, so that each branch of "my complaints" (filed by me, or my enterprise's)
is read in the list's order and the page is their union, not a sort of both (issue 16)

Revision ID: qi_core_0035
Revises: qi_core_0034
Create Date: 2026-11-27 18:20:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'qi_core_0035'
down_revision = 'qi_core_0034'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('qi_complaint', schema=None) as batch_op:
        batch_op.drop_index('ix_qi_complaint_filed_by_id')
        batch_op.drop_index('ix_qi_complaint_organisation_id')
        batch_op.create_index('ix_qi_complaint_filed_by_submitted', ['filed_by_id', 'submitted_at', 'id'])
        batch_op.create_index('ix_qi_complaint_organisation_submitted', ['organisation_id', 'submitted_at', 'id'])


def downgrade():
    with op.batch_alter_table('qi_complaint', schema=None) as batch_op:
        batch_op.drop_index('ix_qi_complaint_organisation_submitted')
        batch_op.drop_index('ix_qi_complaint_filed_by_submitted')
        batch_op.create_index('ix_qi_complaint_organisation_id', ['organisation_id'], unique=False)
        batch_op.create_index('ix_qi_complaint_filed_by_id', ['filed_by_id'], unique=False)
