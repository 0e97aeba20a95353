"""Renaming a search kind in a migration, so entries already indexed follow without a rebuild."""
import sqlalchemy as sa


def rename_search_kinds(op, renamed: dict[str, str]) -> None:
    """In an Alembic ``upgrade()`` (or ``downgrade()`` with the mapping reversed): every entry of kind
    ``old`` becomes ``new``, its kind filter tag too. Kinds are code, never user input."""
    for old, new in renamed.items():
        op.execute(sa.text("UPDATE qi_search_entry SET kind = :new, tags = REPLACE(tags, :old_tag, :new_tag) "
                           "WHERE kind = :old").bindparams(new=new, old=old, old_tag=f"kind{old.replace('_', '')}",
                                                           new_tag=f"kind{new.replace('_', '')}"))


def move_search_urls(op, kind: str, old_prefix: str, new_prefix: str) -> None:
    """In an Alembic migration of a plugin whose pages moved: entries of ``kind`` whose address starts
    with ``old_prefix`` point to ``new_prefix`` instead (no rebuild needed). Arguments are code."""
    op.execute(sa.text("UPDATE qi_search_entry SET url = :new || SUBSTR(url, :rest) "
                       "WHERE kind = :kind AND SUBSTR(url, 1, :length) = :old").bindparams(
        new=new_prefix, rest=len(old_prefix) + 1, kind=kind, length=len(old_prefix), old=old_prefix))
