"""settings saved in the UI (qi_setting): typed runtime settings read by every worker at its next
request; an environment variable still wins (issue 18)

Revision ID: qi_core_0040
Revises: qi_core_0039
Create Date: 2026-11-27 22:30:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'qi_core_0040'
down_revision = 'qi_core_0039'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'qi_setting',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('value', sa.Text(), nullable=False),
        sa.Column('changed_by', sa.String(length=128), nullable=False),
        sa.Column('changed_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('key'),
    )


def downgrade():
    op.drop_table('qi_setting')
