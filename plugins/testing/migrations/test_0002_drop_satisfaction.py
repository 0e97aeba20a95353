"""testing plugin: drop the staff-typed satisfaction score (it is computed from evaluations now)

Revision ID: test_0002
Revises: test_0001
Create Date: 2026-11-26
"""
import sqlalchemy as sa
from alembic import op

revision = "test_0002"
down_revision = "test_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("test_institution", schema=None) as batch_op:
        batch_op.drop_column("satisfaction")


def downgrade():
    with op.batch_alter_table("test_institution", schema=None) as batch_op:
        batch_op.add_column(sa.Column("satisfaction", sa.Float(), nullable=True))
