"""category page index: a category's newest public search entries of each kind from (category, kind,
public, id), instead of reading every entry of the category (a million standards: seconds; issue 16)

Revision ID: qi_core_0030
Revises: qi_core_0029
Create Date: 2026-11-27 10:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'qi_core_0030'
down_revision = 'qi_core_0029'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_qi_search_entry_category_kind', 'qi_search_entry', ['category', 'kind', 'public', 'id'],
                    unique=False)


def downgrade():
    op.drop_index('ix_qi_search_entry_category_kind', table_name='qi_search_entry')
