"""certification plugin: search kinds namespaced to the plugin (certificate → certification_certificate)

Search kinds of a plugin must be its name or start with ``<name>_``; the entries already indexed
under the old kinds are renamed (kind and its filter tag) so the index stays consistent without a
rebuild.

Revision ID: cert_0002
Revises: cert_0001
Create Date: 2026-11-26
"""
from alembic import op

from app.kit import rename_search_kinds

revision = "cert_0002"
down_revision = "cert_0001"
branch_labels = None
depends_on = "qi_core_0002"  # the search index

RENAMED = {'certificate': 'certification_certificate'}


def upgrade():
    rename_search_kinds(op, RENAMED)


def downgrade():
    rename_search_kinds(op, {new: old for old, new in RENAMED.items()})
