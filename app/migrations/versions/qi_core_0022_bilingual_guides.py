"""English bodies of the service guides (acceptance conditions, materials, steps, FAQ): bilingual guides

Revision ID: qi_core_0022
Revises: qi_core_0021
Create Date: 2026-11-26 14:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'qi_core_0022'
down_revision = 'qi_core_0021'
branch_labels = None
depends_on = None

COLUMNS = ('acceptance_conditions_en', 'materials_en', 'steps_en', 'faq_en')


def upgrade():
    with op.batch_alter_table('qi_service_guide', schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.add_column(sa.Column(name, sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('qi_service_guide', schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
