"""standardization plugin: indexes on the standards list's other sortable columns, std_standard.title_zh
and implemented_on (sorting a million standards by either was a full scan and sort; issue 16)

Revision ID: std_0005
Revises: std_0004
Create Date: 2026-11-26
"""
from alembic import op

revision = "std_0005"
down_revision = "std_0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_std_standard_title_zh", "std_standard", ["title_zh"])
    op.create_index("ix_std_standard_implemented_on", "std_standard", ["implemented_on"])


def downgrade():
    op.drop_index("ix_std_standard_implemented_on", table_name="std_standard")
    op.drop_index("ix_std_standard_title_zh", table_name="std_standard")
