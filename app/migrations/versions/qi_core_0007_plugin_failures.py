"""plugin failures: run-time failures of plugins, counted per plugin and kind

Revision ID: qi_core_0007
Revises: qi_core_0006
Create Date: 2026-11-26 04:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'qi_core_0007'
down_revision = 'qi_core_0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('qi_plugin_failure',
    sa.Column('plugin', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('last_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('plugin', 'kind')
    )


def downgrade():
    op.drop_table('qi_plugin_failure')
