"""need board indexes: the open needs grouped by category and by window read their due dates from
the index, (state, category_id|window_id, respond_due, answer_due), not from every row (issue 16)

Revision ID: qi_core_0027
Revises: qi_core_0026
Create Date: 2026-11-27 08:30:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'qi_core_0027'
down_revision = 'qi_core_0026'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index('ix_qi_need_state_category', table_name='qi_need')
    op.drop_index('ix_qi_need_state_window', table_name='qi_need')
    op.create_index('ix_qi_need_state_category_due', 'qi_need', ['state', 'category_id', 'respond_due', 'answer_due'])
    op.create_index('ix_qi_need_state_window_due', 'qi_need', ['state', 'window_id', 'respond_due', 'answer_due'])


def downgrade():
    op.drop_index('ix_qi_need_state_window_due', table_name='qi_need')
    op.drop_index('ix_qi_need_state_category_due', table_name='qi_need')
    op.create_index('ix_qi_need_state_category', 'qi_need', ['state', 'category_id'])
    op.create_index('ix_qi_need_state_window', 'qi_need', ['state', 'window_id'])
