"""session versions: sessions and tokens that can be ended

Revision ID: qi_core_0006
Revises: qi_core_0005
Create Date: 2026-11-26 04:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'qi_core_0006'
down_revision = 'qi_core_0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('qi_session_version',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['ab_user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id')
    )


def downgrade():
    op.drop_table('qi_session_version')
