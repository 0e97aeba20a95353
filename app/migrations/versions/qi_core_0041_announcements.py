"""announcements (qi_announcement): bilingual notices published for a period, on the home page and
at /announcements/, pinned ones first (issue 18)

Revision ID: qi_core_0041
Revises: qi_core_0040
Create Date: 2026-11-27 23:00:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'qi_core_0041'
down_revision = 'qi_core_0040'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'qi_announcement',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('title_zh', sa.String(length=200), nullable=False),
        sa.Column('title_en', sa.String(length=200), nullable=True),
        sa.Column('body_zh', sa.Text(), nullable=False),
        sa.Column('body_en', sa.Text(), nullable=True),
        sa.Column('publish_from', sa.Date(), nullable=False),
        sa.Column('publish_until', sa.Date(), nullable=True),
        sa.Column('pinned', sa.Boolean(), nullable=False),
        sa.Column('created_by', sa.String(length=128), nullable=True),
        sa.Column('changed_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_qi_announcement_shown', 'qi_announcement', ['pinned', 'publish_from', 'id'], unique=False)


def downgrade():
    op.drop_index('ix_qi_announcement_shown', table_name='qi_announcement')
    op.drop_table('qi_announcement')
