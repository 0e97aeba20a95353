"""service windows: the window, its weekly hours, the services it handles and its staff

Revision ID: qi_core_0011
Revises: qi_core_0010
Create Date: 2026-11-26 09:21:55.937103

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'qi_core_0011'
down_revision = 'qi_core_0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('qi_window',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('region_code', sa.String(length=6), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('flow', sa.Text(), nullable=True),
    sa.Column('cycle', sa.String(length=200), nullable=True),
    sa.Column('price', sa.String(length=200), nullable=True),
    sa.Column('industry', sa.String(length=100), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['qi_organisation.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    with op.batch_alter_table('qi_window', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qi_window_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index('ix_qi_window_region_kind', ['region_code', 'kind'], unique=False)

    op.create_table('qi_window_hours',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('window_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('opens', sa.Time(), nullable=False),
    sa.Column('closes', sa.Time(), nullable=False),
    sa.Column('slot_minutes', sa.Integer(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['window_id'], ['qi_window.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('window_id', 'weekday', 'opens', name='uq_qi_window_hours')
    )
    with op.batch_alter_table('qi_window_hours', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qi_window_hours_window_id'), ['window_id'], unique=False)

    op.create_table('qi_window_service',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('window_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('category_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['category_id'], ['qi_service_category.id'], ),
    sa.ForeignKeyConstraint(['item_id'], ['qi_service_item.id'], ),
    sa.ForeignKeyConstraint(['window_id'], ['qi_window.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('window_id', 'item_id', 'category_id', name='uq_qi_window_service')
    )
    with op.batch_alter_table('qi_window_service', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qi_window_service_category_id'), ['category_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_qi_window_service_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_qi_window_service_window_id'), ['window_id'], unique=False)

    op.create_table('qi_window_staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('window_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('duty', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['ab_user.id'], ),
    sa.ForeignKeyConstraint(['window_id'], ['qi_window.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('window_id', 'user_id', name='uq_qi_window_staff')
    )
    with op.batch_alter_table('qi_window_staff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qi_window_staff_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('qi_window_staff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qi_window_staff_user_id'))

    op.drop_table('qi_window_staff')
    with op.batch_alter_table('qi_window_service', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qi_window_service_window_id'))
        batch_op.drop_index(batch_op.f('ix_qi_window_service_item_id'))
        batch_op.drop_index(batch_op.f('ix_qi_window_service_category_id'))

    op.drop_table('qi_window_service')
    with op.batch_alter_table('qi_window_hours', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qi_window_hours_window_id'))

    op.drop_table('qi_window_hours')
    with op.batch_alter_table('qi_window', schema=None) as batch_op:
        batch_op.drop_index('ix_qi_window_region_kind')
        batch_op.drop_index(batch_op.f('ix_qi_window_organisation_id'))

    op.drop_table('qi_window')
