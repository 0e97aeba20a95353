"""standardization plugin: its pages moved under /standardization/ (plugin addresses are namespaced)

Revision ID: std_0003
Revises: std_0002
Create Date: 2026-11-26
"""
from alembic import op

from app.kit import move_search_urls

revision = "std_0003"
down_revision = "std_0002"
branch_labels = None
depends_on = None


def upgrade():
    move_search_urls(op, "standardization_standard", "/standards/", "/standardization/")


def downgrade():
    move_search_urls(op, "standardization_standard", "/standardization/", "/standards/")
