"""complaints (6.4.2), Appendix B evaluations with their invitations, dissatisfaction cases and published quarters (7.1), improvement actions and yearly summaries (7.2)

Revision ID: qi_core_0017
Revises: qi_core_0016
Create Date: 2026-11-26 12:52:15.023921

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'qi_core_0017'
down_revision = 'qi_core_0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('qi_evaluation_quarter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.SmallInteger(), nullable=False),
    sa.Column('results', sa.JSON(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=False),
    sa.Column('published_by', sa.String(length=128), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('year', 'quarter', name='uq_qi_evaluation_quarter')
    )
    op.create_table('qi_improvement_year',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('plan', sa.Text(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('changed_by', sa.String(length=128), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('year')
    )
    op.create_table('qi_complaint',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=True),
    sa.Column('institution_name', sa.String(length=200), nullable=True),
    sa.Column('complaint_type', sa.String(length=30), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('request', sa.Text(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=True),
    sa.Column('complainant_name', sa.String(length=100), nullable=False),
    sa.Column('contact', sa.String(length=200), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('filed_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by', sa.String(length=128), nullable=True),
    sa.Column('window_id', sa.Integer(), nullable=True),
    sa.Column('forwarded_to_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('findings', sa.Text(), nullable=True),
    sa.Column('reply', sa.Text(), nullable=True),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.Column('told_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('reopened_at', sa.DateTime(), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['filed_by_id'], ['ab_user.id'], ),
    sa.ForeignKeyConstraint(['forwarded_to_id'], ['qi_organisation.id'], ),
    sa.ForeignKeyConstraint(['institution_id'], ['qi_organisation.id'], ),
    sa.ForeignKeyConstraint(['need_id'], ['qi_need.id'], ),
    sa.ForeignKeyConstraint(['organisation_id'], ['qi_organisation.id'], ),
    sa.ForeignKeyConstraint(['window_id'], ['qi_window.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number'),
    sa.UniqueConstraint('token')
    )
    with op.batch_alter_table('qi_complaint', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qi_complaint_filed_by_id'), ['filed_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_qi_complaint_forwarded_to_id'), ['forwarded_to_id'], unique=False)
        batch_op.create_index('ix_qi_complaint_institution', ['institution_id', 'submitted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_qi_complaint_need_id'), ['need_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_qi_complaint_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index('ix_qi_complaint_state_due', ['state', 'due_on'], unique=False)
        batch_op.create_index('ix_qi_complaint_submitted', ['submitted_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_qi_complaint_window_id'), ['window_id'], unique=False)

    op.create_table('qi_complaint_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=128), nullable=False),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('from_state', sa.String(length=20), nullable=True),
    sa.Column('to_state', sa.String(length=20), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('comment_key', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['complaint_id'], ['qi_complaint.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('qi_complaint_event', schema=None) as batch_op:
        batch_op.create_index('ix_qi_complaint_event_complaint', ['complaint_id', 'id'], unique=False)

    op.create_table('qi_complaint_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('stored_name', sa.String(length=100), nullable=False),
    sa.Column('uploaded_by', sa.String(length=128), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['complaint_id'], ['qi_complaint.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('qi_complaint_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qi_complaint_file_complaint_id'), ['complaint_id'], unique=False)

    op.create_table('qi_evaluation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=True),
    sa.Column('respondent', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('institution_id', sa.Integer(), nullable=True),
    sa.Column('window_id', sa.Integer(), nullable=True),
    sa.Column('return_visit_id', sa.Integer(), nullable=True),
    sa.Column('entered_by', sa.String(length=128), nullable=True),
    sa.Column('user_name', sa.String(length=200), nullable=False),
    sa.Column('service_date', sa.Date(), nullable=False),
    sa.Column('contact_name', sa.String(length=100), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('institution_name', sa.String(length=200), nullable=False),
    sa.Column('r1', sa.SmallInteger(), nullable=False),
    sa.Column('r2', sa.SmallInteger(), nullable=False),
    sa.Column('r3', sa.SmallInteger(), nullable=False),
    sa.Column('r4', sa.SmallInteger(), nullable=False),
    sa.Column('r5', sa.SmallInteger(), nullable=False),
    sa.Column('r6', sa.SmallInteger(), nullable=False),
    sa.Column('r7', sa.SmallInteger(), nullable=False),
    sa.Column('r8', sa.SmallInteger(), nullable=False),
    sa.Column('r9', sa.SmallInteger(), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=True),
    sa.Column('suggestions', sa.Text(), nullable=True),
    sa.Column('improvement', sa.Text(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.SmallInteger(), nullable=False),
    sa.CheckConstraint('quarter BETWEEN 1 AND 4', name='ck_qi_evaluation_quarter'),
    sa.CheckConstraint('r1 BETWEEN 1 AND 10', name='ck_qi_evaluation_r1'),
    sa.CheckConstraint('r2 BETWEEN 1 AND 10', name='ck_qi_evaluation_r2'),
    sa.CheckConstraint('r3 BETWEEN 1 AND 10', name='ck_qi_evaluation_r3'),
    sa.CheckConstraint('r4 BETWEEN 1 AND 10', name='ck_qi_evaluation_r4'),
    sa.CheckConstraint('r5 BETWEEN 1 AND 10', name='ck_qi_evaluation_r5'),
    sa.CheckConstraint('r6 BETWEEN 1 AND 10', name='ck_qi_evaluation_r6'),
    sa.CheckConstraint('r7 BETWEEN 1 AND 10', name='ck_qi_evaluation_r7'),
    sa.CheckConstraint('r8 BETWEEN 1 AND 10', name='ck_qi_evaluation_r8'),
    sa.CheckConstraint('r9 BETWEEN 1 AND 10', name='ck_qi_evaluation_r9'),
    sa.ForeignKeyConstraint(['institution_id'], ['qi_organisation.id'], ),
    sa.ForeignKeyConstraint(['need_id'], ['qi_need.id'], ),
    sa.ForeignKeyConstraint(['organisation_id'], ['qi_organisation.id'], ),
    sa.ForeignKeyConstraint(['return_visit_id'], ['qi_need_visit.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['ab_user.id'], ),
    sa.ForeignKeyConstraint(['window_id'], ['qi_window.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('need_id', 'respondent', name='uq_qi_evaluation_need_respondent'),
    sa.UniqueConstraint('return_visit_id')
    )
    with op.batch_alter_table('qi_evaluation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qi_evaluation_need_id'), ['need_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_qi_evaluation_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index('ix_qi_evaluation_quarter', ['year', 'quarter'], unique=False)
        batch_op.create_index('ix_qi_evaluation_quarter_institution', ['year', 'quarter', 'institution_id'], unique=False)
        batch_op.create_index('ix_qi_evaluation_quarter_window', ['year', 'quarter', 'window_id'], unique=False)
        batch_op.create_index('ix_qi_evaluation_submitted', ['submitted_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_qi_evaluation_user_id'), ['user_id'], unique=False)

    op.create_table('qi_dissatisfaction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('dimension', sa.String(length=4), nullable=False),
    sa.Column('rating', sa.SmallInteger(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=True),
    sa.Column('window_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('cause', sa.Text(), nullable=True),
    sa.Column('answered_by', sa.String(length=128), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['evaluation_id'], ['qi_evaluation.id'], ),
    sa.ForeignKeyConstraint(['institution_id'], ['qi_organisation.id'], ),
    sa.ForeignKeyConstraint(['window_id'], ['qi_window.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('evaluation_id', 'dimension', name='uq_qi_dissatisfaction_dimension')
    )
    with op.batch_alter_table('qi_dissatisfaction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qi_dissatisfaction_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index('ix_qi_dissatisfaction_state', ['state', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_qi_dissatisfaction_window_id'), ['window_id'], unique=False)

    op.create_table('qi_evaluation_content',
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['qi_service_category.id'], ),
    sa.ForeignKeyConstraint(['evaluation_id'], ['qi_evaluation.id'], ),
    sa.PrimaryKeyConstraint('evaluation_id', 'category_id')
    )
    with op.batch_alter_table('qi_evaluation_content', schema=None) as batch_op:
        batch_op.create_index('ix_qi_evaluation_content_category', ['category_id', 'evaluation_id'], unique=False)

    op.create_table('qi_survey_invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.Column('evaluation_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['evaluation_id'], ['qi_evaluation.id'], ),
    sa.ForeignKeyConstraint(['need_id'], ['qi_need.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['ab_user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('need_id', 'user_id', name='uq_qi_survey_invitation_need_user'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('qi_survey_invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qi_survey_invitation_user_id'), ['user_id'], unique=False)

    op.create_table('qi_improvement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('dissatisfaction_id', sa.Integer(), nullable=True),
    sa.Column('complaint_id', sa.Integer(), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('owner_org_id', sa.Integer(), nullable=True),
    sa.Column('window_id', sa.Integer(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('done_note', sa.Text(), nullable=True),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.Column('recheck_result', sa.Text(), nullable=True),
    sa.Column('rechecked_by', sa.String(length=128), nullable=True),
    sa.Column('rechecked_at', sa.DateTime(), nullable=True),
    sa.Column('public_note', sa.Text(), nullable=True),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('created_by', sa.String(length=128), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['complaint_id'], ['qi_complaint.id'], ),
    sa.ForeignKeyConstraint(['dissatisfaction_id'], ['qi_dissatisfaction.id'], ),
    sa.ForeignKeyConstraint(['owner_id'], ['ab_user.id'], ),
    sa.ForeignKeyConstraint(['owner_org_id'], ['qi_organisation.id'], ),
    sa.ForeignKeyConstraint(['window_id'], ['qi_window.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('qi_improvement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qi_improvement_complaint_id'), ['complaint_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_qi_improvement_dissatisfaction_id'), ['dissatisfaction_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_qi_improvement_owner_org_id'), ['owner_org_id'], unique=False)
        batch_op.create_index('ix_qi_improvement_state_due', ['state', 'due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_qi_improvement_window_id'), ['window_id'], unique=False)



def downgrade():
    with op.batch_alter_table('qi_improvement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qi_improvement_window_id'))
        batch_op.drop_index('ix_qi_improvement_state_due')
        batch_op.drop_index(batch_op.f('ix_qi_improvement_owner_org_id'))
        batch_op.drop_index(batch_op.f('ix_qi_improvement_dissatisfaction_id'))
        batch_op.drop_index(batch_op.f('ix_qi_improvement_complaint_id'))

    op.drop_table('qi_improvement')
    with op.batch_alter_table('qi_survey_invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qi_survey_invitation_user_id'))

    op.drop_table('qi_survey_invitation')
    with op.batch_alter_table('qi_evaluation_content', schema=None) as batch_op:
        batch_op.drop_index('ix_qi_evaluation_content_category')

    op.drop_table('qi_evaluation_content')
    with op.batch_alter_table('qi_dissatisfaction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qi_dissatisfaction_window_id'))
        batch_op.drop_index('ix_qi_dissatisfaction_state')
        batch_op.drop_index(batch_op.f('ix_qi_dissatisfaction_institution_id'))

    op.drop_table('qi_dissatisfaction')
    with op.batch_alter_table('qi_evaluation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qi_evaluation_user_id'))
        batch_op.drop_index('ix_qi_evaluation_submitted')
        batch_op.drop_index('ix_qi_evaluation_quarter_window')
        batch_op.drop_index('ix_qi_evaluation_quarter_institution')
        batch_op.drop_index('ix_qi_evaluation_quarter')
        batch_op.drop_index(batch_op.f('ix_qi_evaluation_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_qi_evaluation_need_id'))

    op.drop_table('qi_evaluation')
    with op.batch_alter_table('qi_complaint_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qi_complaint_file_complaint_id'))

    op.drop_table('qi_complaint_file')
    with op.batch_alter_table('qi_complaint_event', schema=None) as batch_op:
        batch_op.drop_index('ix_qi_complaint_event_complaint')

    op.drop_table('qi_complaint_event')
    with op.batch_alter_table('qi_complaint', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qi_complaint_window_id'))
        batch_op.drop_index('ix_qi_complaint_submitted')
        batch_op.drop_index('ix_qi_complaint_state_due')
        batch_op.drop_index(batch_op.f('ix_qi_complaint_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_qi_complaint_need_id'))
        batch_op.drop_index('ix_qi_complaint_institution')
        batch_op.drop_index(batch_op.f('ix_qi_complaint_forwarded_to_id'))
        batch_op.drop_index(batch_op.f('ix_qi_complaint_filed_by_id'))

    op.drop_table('qi_complaint')
    op.drop_table('qi_improvement_year')
    op.drop_table('qi_evaluation_quarter')
