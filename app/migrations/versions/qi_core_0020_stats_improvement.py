"""indexes for the quarterly statistics: the evaluations' ratings by quarter (read from the index
only), invitations by creation time, needs by submission time

Revision ID: qi_core_0020
Revises: qi_core_0019
Create Date: 2026-11-26 13:10:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'qi_core_0020'
down_revision = 'qi_core_0019'
branch_labels = None
depends_on = None

RATINGS = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9']


def upgrade():
    with op.batch_alter_table('qi_evaluation', schema=None) as batch_op:
        batch_op.create_index('ix_qi_evaluation_quarter_ratings',
                              ['year', 'quarter', 'window_id', 'institution_id', *RATINGS], unique=False)
    with op.batch_alter_table('qi_survey_invitation', schema=None) as batch_op:
        batch_op.create_index('ix_qi_survey_invitation_created', ['created_at'], unique=False)
    with op.batch_alter_table('qi_need', schema=None) as batch_op:
        batch_op.create_index('ix_qi_need_submitted', ['submitted_at'], unique=False)


def downgrade():
    with op.batch_alter_table('qi_need', schema=None) as batch_op:
        batch_op.drop_index('ix_qi_need_submitted')
    with op.batch_alter_table('qi_survey_invitation', schema=None) as batch_op:
        batch_op.drop_index('ix_qi_survey_invitation_created')
    with op.batch_alter_table('qi_evaluation', schema=None) as batch_op:
        batch_op.drop_index('ix_qi_evaluation_quarter_ratings')
