"""need list indexes: (need_type, submitted_at) for the consultations list and (window_id,
submitted_at) for a window's needs, both newest first, which sorted every consultation or every
need of the window on each page (issue 16)

Revision ID: qi_core_0033
Revises: qi_core_0032
Create Date: 2026-11-27 15:15:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'qi_core_0033'
down_revision = 'qi_core_0032'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_qi_need_type_submitted', 'qi_need', ['need_type', 'submitted_at'], unique=False)
    op.create_index('ix_qi_need_window_submitted', 'qi_need', ['window_id', 'submitted_at'], unique=False)


def downgrade():
    op.drop_index('ix_qi_need_window_submitted', table_name='qi_need')
    op.drop_index('ix_qi_need_type_submitted', table_name='qi_need')
