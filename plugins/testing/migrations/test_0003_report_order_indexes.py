"""testing plugin: indexes for the reports list's default order (latest first): test_report.issued_on
for staff, (organisation_id, issued_on) for an institution's own list (issue 16)

Revision ID: test_0003
Revises: test_0002
Create Date: 2026-11-26
"""
from alembic import op

revision = "test_0003"
down_revision = "test_0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_test_report_issued_on", "test_report", ["issued_on"])
    op.create_index("ix_test_report_organisation_issued", "test_report", ["organisation_id", "issued_on"])


def downgrade():
    op.drop_index("ix_test_report_organisation_issued", table_name="test_report")
    op.drop_index("ix_test_report_issued_on", table_name="test_report")
