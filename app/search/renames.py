"""Renaming a search kind in a migration, so entries already indexed follow without a rebuild."""


def rename_search_kinds(op, renamed: dict[str, str]) -> None:
    """In an Alembic ``upgrade()`` (or ``downgrade()`` with the mapping reversed): every entry of kind
    ``old`` becomes ``new``, its kind filter tag too. Kinds are code, never user input."""
    for old, new in renamed.items():
        op.execute(f"UPDATE qi_search_entry SET kind = '{new}', tags = REPLACE(tags, 'kind{old.replace('_', '')}', "
                   f"'kind{new.replace('_', '')}') WHERE kind = '{old}'")


def move_search_urls(op, kind: str, old_prefix: str, new_prefix: str) -> None:
    """In an Alembic migration of a plugin whose pages moved: entries of ``kind`` whose address starts
    with ``old_prefix`` point to ``new_prefix`` instead (no rebuild needed). Arguments are code."""
    op.execute(f"UPDATE qi_search_entry SET url = '{new_prefix}' || SUBSTR(url, {len(old_prefix) + 1}) "
               f"WHERE kind = '{kind}' AND SUBSTR(url, 1, {len(old_prefix)}) = '{old_prefix}'")
