"""windows pages: the government and university resources of the regional network

Revision ID: qi_core_0012
Revises: qi_core_0011
Create Date: 2026-11-26 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'qi_core_0012'
down_revision = 'qi_core_0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('qi_network_resource',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('region_code', sa.String(length=6), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('contact', sa.String(length=200), nullable=True),
    sa.Column('offers', sa.Text(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('qi_network_resource', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qi_network_resource_region_code'), ['region_code'], unique=False)


def downgrade():
    with op.batch_alter_table('qi_network_resource', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qi_network_resource_region_code'))
    op.drop_table('qi_network_resource')
