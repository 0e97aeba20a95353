"""list order indexes: every core list's default order reads an index (issue 16): the service
categories and items by their sort order (qi_service_category.sort_order, qi_service_item.sort_order),
the guides by their last change (qi_service_guide.changed_on); and every sortable column of the
biggest lists: qi_organisation.name and review_due_on, qi_need.respond_due and answer_due (the
(state, …) indexes serve the queues, not a list sorted over every state)

tests/perf/test_list_indexes.py walks every list view and fails on a default order without an index.

Revision ID: qi_core_0025
Revises: qi_core_0024
Create Date: 2026-11-26 21:30:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'qi_core_0025'
down_revision = 'qi_core_0024'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_qi_service_category_sort_order', 'qi_service_category', ['sort_order'], unique=False)
    op.create_index('ix_qi_service_item_sort_order', 'qi_service_item', ['sort_order'], unique=False)
    op.create_index('ix_qi_service_guide_changed_on', 'qi_service_guide', ['changed_on'], unique=False)
    op.create_index('ix_qi_organisation_name', 'qi_organisation', ['name'], unique=False)
    op.create_index('ix_qi_organisation_review_due_on', 'qi_organisation', ['review_due_on'], unique=False)
    op.create_index('ix_qi_need_respond_due', 'qi_need', ['respond_due'], unique=False)
    op.create_index('ix_qi_need_answer_due', 'qi_need', ['answer_due'], unique=False)


def downgrade():
    op.drop_index('ix_qi_need_answer_due', table_name='qi_need')
    op.drop_index('ix_qi_need_respond_due', table_name='qi_need')
    op.drop_index('ix_qi_organisation_review_due_on', table_name='qi_organisation')
    op.drop_index('ix_qi_organisation_name', table_name='qi_organisation')
    op.drop_index('ix_qi_service_guide_changed_on', table_name='qi_service_guide')
    op.drop_index('ix_qi_service_item_sort_order', table_name='qi_service_item')
    op.drop_index('ix_qi_service_category_sort_order', table_name='qi_service_category')
