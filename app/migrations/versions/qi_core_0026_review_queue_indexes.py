"""review queue indexes: pending applications and change requests by due date, (status,
review_due_on, id), so every page of the review queue reads an index (issue 16)

Revision ID: qi_core_0026
Revises: qi_core_0025
Create Date: 2026-11-27 04:40:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'qi_core_0026'
down_revision = 'qi_core_0025'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_qi_organisation_status_review_due', 'qi_organisation',
                    ['status', 'review_due_on', 'id'], unique=False)
    op.create_index('ix_qi_org_change_request_status_review_due', 'qi_org_change_request',
                    ['status', 'review_due_on', 'id'], unique=False)


def downgrade():
    op.drop_index('ix_qi_org_change_request_status_review_due', table_name='qi_org_change_request')
    op.drop_index('ix_qi_organisation_status_review_due', table_name='qi_organisation')
