"""metrology plugin: on PostgreSQL the ledger index keeps undated instruments first (next_due NULLS
FIRST), the ledger's order: a B-tree sorts nulls last there by default, so every ledger page sorted
all of an enterprise's instruments (100 ms for 100,000). SQLite sorts nulls first already.

Revision ID: metr_0005
Revises: metr_0004
Create Date: 2026-11-27
"""
from alembic import op

revision = "metr_0005"
down_revision = "metr_0004"
branch_labels = None
depends_on = None

COLUMNS = ["organisation_id", "next_due", "name", "id", "state"]


def _index(**options):
    op.drop_index("ix_metr_instrument_ledger", table_name="metr_instrument")
    op.create_index("ix_metr_instrument_ledger", "metr_instrument", COLUMNS, **options)


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        _index(postgresql_ops={"next_due": "NULLS FIRST"})


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        _index()
