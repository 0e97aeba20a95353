"""standardization plugin: the std_standard table

Revision ID: std_0001
Revises:
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

revision = "std_0001"
down_revision = None
branch_labels = ("standardization",)
depends_on = "qi_core_0001"


def upgrade():
    op.create_table(
        "std_standard",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("number_key", sa.String(length=60), nullable=False),
        sa.Column("title_zh", sa.String(length=300), nullable=False),
        sa.Column("title_en", sa.String(length=400), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("implemented_on", sa.Date(), nullable=True),
        sa.Column("abolished_on", sa.Date(), nullable=True),
        sa.Column("replaced_by_key", sa.String(length=60), nullable=True),
        sa.Column("ics", sa.String(length=30), nullable=True),
        sa.Column("ccs", sa.String(length=20), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number_key"),
    )
    op.create_index("ix_std_standard_status", "std_standard", ["status"])
    op.create_index("ix_std_standard_replaced_by_key", "std_standard", ["replaced_by_key"])


def downgrade():
    op.drop_table("std_standard")
