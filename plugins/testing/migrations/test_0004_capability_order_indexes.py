"""testing plugin: indexes for the capabilities list's default order (by product): test_capability.product
for staff, (organisation_id, product) for an institution's own list; every page sorted the whole
table before (issue 16)

Revision ID: test_0004
Revises: test_0003
Create Date: 2026-11-27
"""
from alembic import op

revision = "test_0004"
down_revision = "test_0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_test_capability_product", "test_capability", ["product"])
    op.create_index("ix_test_capability_organisation_product", "test_capability", ["organisation_id", "product"])


def downgrade():
    op.drop_index("ix_test_capability_organisation_product", table_name="test_capability")
    op.drop_index("ix_test_capability_product", table_name="test_capability")
