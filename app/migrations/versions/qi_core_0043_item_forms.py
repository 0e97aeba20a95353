"""application forms per service item (qi_item_form, qi_item_form_version) and the answers a need
was filed with (qi_need_answers; app.applications, issue 18); per-item process options and local
time limits (qi_service_item)

Revision ID: qi_core_0043
Revises: qi_core_0042
Create Date: 2026-11-28 01:00:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'qi_core_0043'
down_revision = 'qi_core_0042'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'qi_item_form',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('item_id', sa.Integer(), nullable=False),
        sa.Column('draft', sa.JSON(), nullable=False),
        sa.Column('current_id', sa.Integer(), nullable=True),
        sa.Column('plugin', sa.String(length=64), nullable=True),
        sa.Column('shipped_digest', sa.String(length=64), nullable=True),
        sa.Column('edited', sa.Boolean(), nullable=False),
        sa.Column('changed_by', sa.String(length=128), nullable=True),
        sa.Column('changed_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['item_id'], ['qi_service_item.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('item_id'),
    )
    op.create_table(
        'qi_item_form_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('form_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('definition', sa.JSON(), nullable=False),
        sa.Column('published_by', sa.String(length=128), nullable=True),
        sa.Column('published_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['form_id'], ['qi_item_form.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('form_id', 'number'),
    )
    with op.batch_alter_table('qi_item_form') as batch:
        batch.create_foreign_key('fk_qi_item_form_current', 'qi_item_form_version', ['current_id'], ['id'])
    op.create_table(
        'qi_need_answers',
        sa.Column('need_id', sa.Integer(), nullable=False),
        sa.Column('version_id', sa.Integer(), nullable=False),
        sa.Column('answers', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['need_id'], ['qi_need.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['version_id'], ['qi_item_form_version.id']),
        sa.PrimaryKeyConstraint('need_id'),
    )
    op.create_index('ix_qi_need_answers_version_id', 'qi_need_answers', ['version_id'])
    op.create_index('ix_qi_need_item_submitted', 'qi_need', ['item_id', 'submitted_at'])
    # per-item process options and local time limits
    with op.batch_alter_table('qi_service_item') as batch:
        batch.add_column(sa.Column('need_flow', sa.String(length=20), nullable=False, server_default='full'))
        batch.add_column(sa.Column('respond_days', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('answer_days', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('time_rule_zh', sa.String(length=300), nullable=True))
        batch.add_column(sa.Column('time_rule_en', sa.String(length=300), nullable=True))


def downgrade():
    with op.batch_alter_table('qi_service_item') as batch:
        for name in ('time_rule_en', 'time_rule_zh', 'answer_days', 'respond_days', 'need_flow'):
            batch.drop_column(name)
    op.drop_index('ix_qi_need_item_submitted', table_name='qi_need')
    op.drop_index('ix_qi_need_answers_version_id', table_name='qi_need_answers')
    op.drop_table('qi_need_answers')
    with op.batch_alter_table('qi_item_form') as batch:
        batch.drop_constraint('fk_qi_item_form_current', type_='foreignkey')
    op.drop_table('qi_item_form_version')
    op.drop_table('qi_item_form')
