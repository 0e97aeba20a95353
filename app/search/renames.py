"""Renaming a search kind in a migration, so entries already indexed follow without a rebuild."""


def rename_search_kinds(op, renamed: dict[str, str]) -> None:
    """In an Alembic ``upgrade()`` (or ``downgrade()`` with the mapping reversed): every entry of kind
    ``old`` becomes ``new``, its kind filter tag too. Kinds are code, never user input."""
    for old, new in renamed.items():
        op.execute(f"UPDATE qi_search_entry SET kind = '{new}', tags = REPLACE(tags, 'kind{old.replace('_', '')}', "
                   f"'kind{new.replace('_', '')}') WHERE kind = '{old}'")
