"""needs: cases with their history, service records, documents and return visits; case counters

Revision ID: qi_core_0009
Revises: qi_core_0008
Create Date: 2026-11-26 06:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'qi_core_0009'
down_revision = 'qi_core_0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('qi_case_counter',
    sa.Column('prefix', sa.String(length=8), nullable=False),
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('prefix', 'year')
    )
    op.create_table('qi_need',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('need_type', sa.String(length=60), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('category_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('institution_id', sa.Integer(), nullable=True),
    sa.Column('window_id', sa.Integer(), nullable=True),
    sa.Column('filed_by_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('contact_name', sa.String(length=100), nullable=False),
    sa.Column('contact', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('title_key', sa.JSON(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('details', sa.JSON(), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('resume_state', sa.String(length=20), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('counted_from', sa.Date(), nullable=False),
    sa.Column('respond_due', sa.Date(), nullable=False),
    sa.Column('answer_due', sa.Date(), nullable=False),
    sa.Column('paused_on', sa.Date(), nullable=True),
    sa.Column('responded_at', sa.DateTime(), nullable=True),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('plan', sa.Text(), nullable=True),
    sa.Column('plan_key', sa.JSON(), nullable=True),
    sa.Column('referral', sa.Text(), nullable=True),
    sa.Column('result', sa.Text(), nullable=True),
    sa.Column('informed_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('reminded_on', sa.Date(), nullable=True),
    sa.Column('escalated_on', sa.Date(), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['qi_service_category.id'], ),
    sa.ForeignKeyConstraint(['filed_by_id'], ['ab_user.id'], ),
    sa.ForeignKeyConstraint(['institution_id'], ['qi_organisation.id'], ),
    sa.ForeignKeyConstraint(['item_id'], ['qi_service_item.id'], ),
    sa.ForeignKeyConstraint(['organisation_id'], ['qi_organisation.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number'),
    sa.UniqueConstraint('token')
    )
    op.create_index('ix_qi_need_need_type', 'qi_need', ['need_type'])
    op.create_index('ix_qi_need_item_id', 'qi_need', ['item_id'])
    op.create_index('ix_qi_need_window_id', 'qi_need', ['window_id'])
    op.create_index('ix_qi_need_filed_by_id', 'qi_need', ['filed_by_id'])
    op.create_index('ix_qi_need_state_respond_due', 'qi_need', ['state', 'respond_due'])
    op.create_index('ix_qi_need_state_answer_due', 'qi_need', ['state', 'answer_due'])
    op.create_index('ix_qi_need_org_submitted', 'qi_need', ['organisation_id', 'submitted_at'])
    op.create_index('ix_qi_need_institution_state', 'qi_need', ['institution_id', 'state'])
    op.create_index('ix_qi_need_state_category', 'qi_need', ['state', 'category_id'])
    op.create_index('ix_qi_need_state_window', 'qi_need', ['state', 'window_id'])
    op.create_table('qi_need_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=128), nullable=False),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('from_state', sa.String(length=20), nullable=True),
    sa.Column('to_state', sa.String(length=20), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('comment_key', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['need_id'], ['qi_need.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_qi_need_event_need', 'qi_need_event', ['need_id', 'id'])
    op.create_table('qi_need_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('items', sa.Text(), nullable=False),
    sa.Column('cycle', sa.String(length=100), nullable=True),
    sa.Column('price', sa.String(length=100), nullable=True),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('finished_on', sa.Date(), nullable=True),
    sa.Column('follow_ups', sa.Text(), nullable=True),
    sa.Column('problems', sa.Text(), nullable=True),
    sa.Column('coordination', sa.Text(), nullable=True),
    sa.Column('changed_by', sa.String(length=128), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['need_id'], ['qi_need.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('need_id')
    )
    op.create_table('qi_need_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('stored_name', sa.String(length=100), nullable=False),
    sa.Column('uploaded_by', sa.String(length=128), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['need_id'], ['qi_need.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_qi_need_document_need_id', 'qi_need_document', ['need_id'])
    op.create_table('qi_need_visit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('scheduled_on', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('done_by', sa.String(length=128), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['need_id'], ['qi_need.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_qi_need_visit_need_id', 'qi_need_visit', ['need_id'])
    op.create_index('ix_qi_need_visit_scheduled_on', 'qi_need_visit', ['scheduled_on'])


def downgrade():
    for table in ('qi_need_visit', 'qi_need_document', 'qi_need_record', 'qi_need_event', 'qi_need',
                  'qi_case_counter'):
        op.drop_table(table)
