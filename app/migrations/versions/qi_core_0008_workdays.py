"""workdays: public holidays and 调休 working days, the years loaded, the staff change log

Revision ID: qi_core_0008
Revises: qi_core_0007
Create Date: 2026-11-26 06:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'qi_core_0008'
down_revision = 'qi_core_0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('qi_calendar_day',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('is_working', sa.Boolean(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=True),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('changed_by', sa.String(length=100), nullable=True),
    sa.Column('changed_on', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('day')
    )
    op.create_table('qi_calendar_year',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('detail', sa.String(length=200), nullable=True),
    sa.Column('loaded_by', sa.String(length=100), nullable=True),
    sa.Column('loaded_on', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('year')
    )
    op.create_table('qi_calendar_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('old_working', sa.Boolean(), nullable=True),
    sa.Column('new_working', sa.Boolean(), nullable=True),
    sa.Column('old_name', sa.String(length=100), nullable=True),
    sa.Column('new_name', sa.String(length=100), nullable=True),
    sa.Column('changed_by', sa.String(length=100), nullable=False),
    sa.Column('changed_on', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_qi_calendar_change_day', 'qi_calendar_change', ['day'], unique=False)
    op.create_index('ix_qi_calendar_change_changed_on', 'qi_calendar_change', ['changed_on'], unique=False)


def downgrade():
    op.drop_index('ix_qi_calendar_change_changed_on', table_name='qi_calendar_change')
    op.drop_index('ix_qi_calendar_change_day', table_name='qi_calendar_change')
    op.drop_table('qi_calendar_change')
    op.drop_table('qi_calendar_year')
    op.drop_table('qi_calendar_day')
