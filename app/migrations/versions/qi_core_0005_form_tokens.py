"""one-use add-form tokens

Revision ID: qi_core_0005
Revises: qi_core_0004
Create Date: 2026-11-28 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'qi_core_0005'
down_revision = 'qi_core_0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('qi_form_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('view', sa.String(length=100), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('record_id', sa.String(length=100), nullable=False),
    sa.Column('claimed_on', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('view', 'token', name='uq_qi_form_token_view_token')
    )


def downgrade():
    op.drop_table('qi_form_token')
