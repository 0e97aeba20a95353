"""message templates (qi_message_template): the administrators' texts of the platform's messages,
per event, in both languages (app.notify.events; issue 18)

Revision ID: qi_core_0042
Revises: qi_core_0041
Create Date: 2026-11-27 23:30:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'qi_core_0042'
down_revision = 'qi_core_0041'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'qi_message_template',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('title_zh', sa.String(length=200), nullable=True),
        sa.Column('title_en', sa.String(length=200), nullable=True),
        sa.Column('body_zh', sa.Text(), nullable=True),
        sa.Column('body_en', sa.Text(), nullable=True),
        sa.Column('changed_by', sa.String(length=128), nullable=False),
        sa.Column('changed_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('key'),
    )


def downgrade():
    op.drop_table('qi_message_template')
