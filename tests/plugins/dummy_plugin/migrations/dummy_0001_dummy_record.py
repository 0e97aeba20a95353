"""dummy plugin: the dummy_record table

Revision ID: dummy_0001
Revises:
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

revision = "dummy_0001"
down_revision = None
branch_labels = ("dummy",)
depends_on = "qi_core_0001"


def upgrade():
    op.create_table(
        "dummy_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )


def downgrade():
    op.drop_table("dummy_record")
