"""appointments at service windows: slots with their places taken, and the appointments (4.2.2-3)

Revision ID: qi_core_0013
Revises: qi_core_0012
Create Date: 2026-11-26 09:30:01.839126

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'qi_core_0013'
down_revision = 'qi_core_0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('qi_appointment_slot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('window_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('booked', sa.Integer(), nullable=False),
    sa.CheckConstraint('booked >= 0 AND booked <= capacity', name='ck_qi_appointment_slot_places'),
    sa.ForeignKeyConstraint(['window_id'], ['qi_window.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('window_id', 'starts_at', name='uq_qi_appointment_slot_window_start')
    )
    op.create_table('qi_appointment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('window_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('contact_phone', sa.String(length=40), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by', sa.String(length=100), nullable=True),
    sa.Column('reminded_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['qi_service_item.id'], ),
    sa.ForeignKeyConstraint(['organisation_id'], ['qi_organisation.id'], ),
    sa.ForeignKeyConstraint(['slot_id'], ['qi_appointment_slot.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['ab_user.id'], ),
    sa.ForeignKeyConstraint(['window_id'], ['qi_window.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number'),
    sa.UniqueConstraint('token')
    )
    with op.batch_alter_table('qi_appointment', schema=None) as batch_op:
        batch_op.create_index('ix_qi_appointment_org_start', ['organisation_id', 'starts_at'], unique=False)
        batch_op.create_index('ix_qi_appointment_state_start', ['state', 'starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_qi_appointment_user_id'), ['user_id'], unique=False)
        batch_op.create_index('ix_qi_appointment_window_start', ['window_id', 'starts_at'], unique=False)
        batch_op.create_index('uq_qi_appointment_org_slot', ['slot_id', 'organisation_id'], unique=True, sqlite_where=sa.text("state != 'cancelled'"), postgresql_where=sa.text("state != 'cancelled'"))



def downgrade():
    with op.batch_alter_table('qi_appointment', schema=None) as batch_op:
        batch_op.drop_index('uq_qi_appointment_org_slot', sqlite_where=sa.text("state != 'cancelled'"), postgresql_where=sa.text("state != 'cancelled'"))
        batch_op.drop_index('ix_qi_appointment_window_start')
        batch_op.drop_index(batch_op.f('ix_qi_appointment_user_id'))
        batch_op.drop_index('ix_qi_appointment_state_start')
        batch_op.drop_index('ix_qi_appointment_org_start')

    op.drop_table('qi_appointment')
    op.drop_table('qi_appointment_slot')
