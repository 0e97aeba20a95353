"""standardization plugin: an index on std_standard.number, the standards list's default order
(without it every page of a million standards was a full scan and sort; issue 16)

Revision ID: std_0004
Revises: std_0003
Create Date: 2026-11-26
"""
from alembic import op

revision = "std_0004"
down_revision = "std_0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_std_standard_number", "std_standard", ["number"])


def downgrade():
    op.drop_index("ix_std_standard_number", table_name="std_standard")
