"""indexes of the survey module: the computed satisfaction per institution, the dissatisfaction lists' default order

Revision ID: qi_core_0019
Revises: qi_core_0017
Create Date: 2026-11-26 13:20:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'qi_core_0019'
down_revision = 'qi_core_0017'
branch_labels = None
depends_on = None

# (index, table, columns)
INDEXES = (
    # satisfaction_of / satisfaction_scores read one institution's user evaluations
    ('ix_qi_evaluation_institution_kind', 'qi_evaluation', ['institution_id', 'kind']),
    # the dissatisfaction list's default order
    ('ix_qi_dissatisfaction_created', 'qi_dissatisfaction', ['created_at', 'id']),
)


def upgrade():
    for name, table, columns in INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(name, columns, unique=False)


def downgrade():
    for name, table, _ in reversed(INDEXES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
