"""search display phrases: an entry's title and summary as parts rendered in the reader's language
(statuses, types, bilingual names), instead of only the text written in the saver's language

Entries written before keep their text until they are saved again or the index is rebuilt
(``flask qi search rebuild``).

Revision ID: qi_core_0032
Revises: qi_core_0031
Create Date: 2026-11-27 14:30:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'qi_core_0032'
down_revision = 'qi_core_0031'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('qi_search_entry', sa.Column('display', sa.Text(), nullable=True))


def downgrade():
    # ALTER TABLE … DROP COLUMN on SQLite too (3.35+): a batch copy of the table would drop the
    # triggers that keep its full-text index in step
    op.drop_column('qi_search_entry', 'display')
