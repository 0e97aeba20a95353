"""metrology plugin: the ledger index carries the state too (organisation_id, next_due, name, id,
state), so the ledger's counts of due and overdue instruments read the index alone: 58 ms for an
enterprise with 100,000 instruments read every row (issue 16)

Revision ID: metr_0004
Revises: metr_0003
Create Date: 2026-11-27
"""
from alembic import op

revision = "metr_0004"
down_revision = "metr_0003"
branch_labels = None
depends_on = None

COLUMNS = ["organisation_id", "next_due", "name", "id"]


def upgrade():
    op.drop_index("ix_metr_instrument_ledger", table_name="metr_instrument")
    op.create_index("ix_metr_instrument_ledger", "metr_instrument", COLUMNS + ["state"])


def downgrade():
    op.drop_index("ix_metr_instrument_ledger", table_name="metr_instrument")
    op.create_index("ix_metr_instrument_ledger", "metr_instrument", COLUMNS)
