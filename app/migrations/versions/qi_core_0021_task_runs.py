"""periodic-task runs (qi_task_run), shown on the system panel of the dashboards (4.1-4c)

Revision ID: qi_core_0021
Revises: qi_core_0020
Create Date: 2026-11-26 13:00:03.315855

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'qi_core_0021'
down_revision = 'qi_core_0020'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('qi_task_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task', sa.String(length=100), nullable=False),
    sa.Column('plugin', sa.String(length=100), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('qi_task_run', schema=None) as batch_op:
        batch_op.create_index('ix_qi_task_run_task', ['task', 'id'], unique=False)



def downgrade():
    with op.batch_alter_table('qi_task_run', schema=None) as batch_op:
        batch_op.drop_index('ix_qi_task_run_task')

    op.drop_table('qi_task_run')
