"""standardization plugin: on PostgreSQL, std_standard.number_key also in a text_pattern_ops index, so
the search's current edition of an undated number (``number_key LIKE 'GBT19001-%'``) reads the
family's editions instead of every standard: LIKE uses a plain B-tree only under the C collation
(a million standards: 68 ms). SQLite needs nothing.

Revision ID: std_0006
Revises: std_0005
Create Date: 2026-11-27
"""
from alembic import op

revision = "std_0006"
down_revision = "std_0005"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.create_index("ix_std_standard_number_key_pattern", "std_standard", ["number_key"],
                        postgresql_ops={"number_key": "text_pattern_ops"})


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_std_standard_number_key_pattern", table_name="std_standard")
