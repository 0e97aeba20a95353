"""metrology plugin: an index for the ledger's order within one enterprise (organisation_id,
next_due, name, id), which sorted on an expression before (issue 16)

Revision ID: metr_0003
Revises: metr_0002
Create Date: 2026-11-26
"""
from alembic import op

revision = "metr_0003"
down_revision = "metr_0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_metr_instrument_ledger", "metr_instrument", ["organisation_id", "next_due", "name", "id"])


def downgrade():
    op.drop_index("ix_metr_instrument_ledger", table_name="metr_instrument")
