"""standardization plugin: search kinds namespaced to the plugin (standard → standardization_standard)

Search kinds of a plugin must be its name or start with ``<name>_``; the entries already indexed
under the old kinds are renamed (kind and its filter tag) so the index stays consistent without a
rebuild.

Revision ID: std_0002
Revises: std_0001
Create Date: 2026-11-26
"""
from alembic import op

from app.kit import rename_search_kinds

revision = "std_0002"
down_revision = "std_0001"
branch_labels = None
depends_on = "qi_core_0002"  # the search index

RENAMED = {'standard': 'standardization_standard'}


def upgrade():
    rename_search_kinds(op, RENAMED)


def downgrade():
    rename_search_kinds(op, {new: old for old, new in RENAMED.items()})
