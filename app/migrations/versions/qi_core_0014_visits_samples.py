"""visits to enterprises (6.3.1-2) with the needs collected on them, and samples at park stations (4.2.1-1)

Revision ID: qi_core_0014
Revises: qi_core_0013
Create Date: 2026-11-26 09:30:31.905050

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'qi_core_0014'
down_revision = 'qi_core_0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('qi_visit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('window_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('planned_on', sa.Date(), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('visitor', sa.String(length=128), nullable=False),
    sa.Column('visitor_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('met', sa.String(length=200), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.Column('cancel_reason', sa.Text(), nullable=True),
    sa.Column('reminded_on', sa.Date(), nullable=True),
    sa.Column('created_by', sa.String(length=128), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by', sa.String(length=128), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['qi_organisation.id'], ),
    sa.ForeignKeyConstraint(['visitor_id'], ['ab_user.id'], ),
    sa.ForeignKeyConstraint(['window_id'], ['qi_window.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('qi_visit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qi_visit_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index('ix_qi_visit_state_planned', ['state', 'planned_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_qi_visit_visitor_id'), ['visitor_id'], unique=False)
        batch_op.create_index('ix_qi_visit_window_planned', ['window_id', 'planned_on'], unique=False)
    op.create_table('qi_visit_need',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['need_id'], ['qi_need.id'], ),
    sa.ForeignKeyConstraint(['visit_id'], ['qi_visit.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('need_id')
    )
    with op.batch_alter_table('qi_visit_need', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qi_visit_need_visit_id'), ['visit_id'], unique=False)
    op.create_table('qi_sample',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('window_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('institution_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('quantity', sa.String(length=100), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('received_by', sa.String(length=128), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('sent_by', sa.String(length=128), nullable=True),
    sa.Column('testing_at', sa.DateTime(), nullable=True),
    sa.Column('testing_by', sa.String(length=128), nullable=True),
    sa.Column('reported_at', sa.DateTime(), nullable=True),
    sa.Column('reported_by', sa.String(length=128), nullable=True),
    sa.Column('handed_at', sa.DateTime(), nullable=True),
    sa.Column('handed_by', sa.String(length=128), nullable=True),
    sa.Column('report_number', sa.String(length=60), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['qi_need_document.id'], ),
    sa.ForeignKeyConstraint(['institution_id'], ['qi_organisation.id'], ),
    sa.ForeignKeyConstraint(['need_id'], ['qi_need.id'], ),
    sa.ForeignKeyConstraint(['organisation_id'], ['qi_organisation.id'], ),
    sa.ForeignKeyConstraint(['window_id'], ['qi_window.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number'),
    sa.UniqueConstraint('token')
    )
    with op.batch_alter_table('qi_sample', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qi_sample_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_qi_sample_need_id'), ['need_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_qi_sample_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index('ix_qi_sample_window_state', ['window_id', 'state'], unique=False)


def downgrade():
    with op.batch_alter_table('qi_sample', schema=None) as batch_op:
        batch_op.drop_index('ix_qi_sample_window_state')
        batch_op.drop_index(batch_op.f('ix_qi_sample_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_qi_sample_need_id'))
        batch_op.drop_index(batch_op.f('ix_qi_sample_institution_id'))
    op.drop_table('qi_sample')
    with op.batch_alter_table('qi_visit_need', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qi_visit_need_visit_id'))
    op.drop_table('qi_visit_need')
    with op.batch_alter_table('qi_visit', schema=None) as batch_op:
        batch_op.drop_index('ix_qi_visit_window_planned')
        batch_op.drop_index(batch_op.f('ix_qi_visit_visitor_id'))
        batch_op.drop_index('ix_qi_visit_state_planned')
        batch_op.drop_index(batch_op.f('ix_qi_visit_organisation_id'))
    op.drop_table('qi_visit')
