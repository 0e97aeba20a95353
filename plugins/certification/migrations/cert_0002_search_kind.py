"""certification plugin: search kinds namespaced to the plugin (certificate → certification_certificate)

Search kinds of a plugin must be its name or start with ``<name>_``; the entries already indexed
under the old kinds are renamed (kind and its filter tag) so the index stays consistent without a
rebuild.

Revision ID: cert_0002
Revises: cert_0001
Create Date: 2026-11-26
"""
from alembic import op

revision = "cert_0002"
down_revision = "cert_0001"
branch_labels = None
depends_on = "qi_core_0002"  # the search index

RENAMED = {'certificate': 'certification_certificate'}


def _rename(pairs):
    for old, new in pairs:
        op.execute(f"UPDATE qi_search_entry SET kind = '{new}', tags = REPLACE(tags, 'kind{old.replace('_', '')}', "
                   f"'kind{new.replace('_', '')}') WHERE kind = '{old}'")


def upgrade():
    _rename(RENAMED.items())


def downgrade():
    _rename((new, old) for old, new in RENAMED.items())
