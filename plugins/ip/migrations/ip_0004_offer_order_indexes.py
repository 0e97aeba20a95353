"""ip plugin: indexes for the licensing board's default order (newest first): ip_offer.created_on for
staff, (organisation_id, created_on) for a publisher's own list (issue 16)

Revision ID: ip_0004
Revises: ip_0003
Create Date: 2026-11-26
"""
from alembic import op

revision = "ip_0004"
down_revision = "ip_0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_ip_offer_created_on", "ip_offer", ["created_on"])
    op.create_index("ix_ip_offer_organisation_created", "ip_offer", ["organisation_id", "created_on"])


def downgrade():
    op.drop_index("ix_ip_offer_organisation_created", table_name="ip_offer")
    op.drop_index("ix_ip_offer_created_on", table_name="ip_offer")
