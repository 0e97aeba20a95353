"""Every list's default order is read from an index (issue 16): without one, every page of a big table
is a full scan and a sort, and the last page of a million rows costs as much as reading them all.

The test walks every ModelView registered (core and plugins, ``appbuilder.baseviews``), takes its
default order (``base_order``, or the primary key when none) and asserts the table has an index whose
leading column is the order column (the primary key and unique constraints count), or, for a row-scoped
model (``__scope__``), an index on (scope column, order column): an enterprise's list is filtered by its
``organisation_id`` and then ordered. No database is read: the models' metadata says it all, and
tests/test_migrations.py proves the migrations create exactly that.
"""
from __future__ import annotations

from flask_appbuilder import ModelView
from sqlalchemy import inspect as sa_inspect


def _index_column_lists(table) -> list[list[str]]:
    """The column names of every index, the primary key and every unique constraint of ``table``."""
    lists = [[column.name for column in table.primary_key.columns]]
    lists += [[column.name for column in index.columns] for index in table.indexes]
    lists += [[column.name for column in constraint.columns] for constraint in table.constraints
              if constraint.__class__.__name__ == "UniqueConstraint"]
    return [names for names in lists if names]


def _column_name(view, name: str) -> str:
    """The table column behind a view's attribute name (``ServiceItem.order`` is ``sort_order``)."""
    attribute = sa_inspect(view.datamodel.obj).attrs.get(name)
    columns = getattr(attribute, "columns", None)
    return columns[0].name if columns else name


def _default_order(view) -> str:
    """The table column a view's list is ordered by when the user picks no order."""
    return _column_name(view, view.base_order[0] if view.base_order else view.datamodel.get_pk_name())


def _scope_columns(model) -> set[str]:
    return set((getattr(model, "__scope__", None) or {}).values())


def _has_index(model, column: str) -> bool:
    """An index leads with ``column``, or (for a row-scoped model) with (a scope column, ``column``)."""
    lists = _index_column_lists(model.__table__)
    if any(names[0] == column for names in lists):
        return True
    return any(names[:2] == [scope, column] for names in lists for scope in _scope_columns(model))


def _missing_indexes(appbuilder, tables=None) -> list[str]:
    """One line per list order without an index: every view's default order, and with ``tables``
    also every sortable column (``order_columns``) of the views over those tables."""
    missing = []
    for view in appbuilder.baseviews:
        if not isinstance(view, ModelView):
            continue
        model = view.datamodel.obj
        table = model.__table__
        if tables is None:
            orders = [(_default_order(view), "its default order")]
        elif table.name in tables:
            orders = [(_column_name(view, name), "a sortable column") for name in view.order_columns
                      if "." not in name]  # a relation's column is ordered through a join, not here
        else:
            continue
        for column, why in orders:
            if column in table.columns and not _has_index(model, column):
                scoped = ", or (scope column, " + column + ")" if _scope_columns(model) else ""
                missing.append(f"{view.__class__.__name__}: no index on {table.name}.{column} ({why}{scoped})")
    return missing


def test_every_list_default_order_has_an_index(app):
    with app.app_context():
        appbuilder = app.extensions["appbuilder"]
        missing = _missing_indexes(appbuilder)
        walked = [view for view in appbuilder.baseviews if isinstance(view, ModelView)]
    assert len(walked) > 20  # the walk saw the lists (core and plugins), not an empty registry
    assert not missing, "\n".join(missing)


# The biggest tables at a province's scale: every column their lists sort by is indexed too.
BIG_TABLES = ("qi_organisation", "qi_need", "std_standard")


def test_every_sortable_column_of_the_biggest_lists_has_an_index(app):
    with app.app_context():
        missing = _missing_indexes(app.extensions["appbuilder"], tables=BIG_TABLES)
    assert not missing, "\n".join(missing)


def test_the_walk_names_a_view_whose_order_has_no_index(app):
    """The check itself fails on an unindexed order: drop the standards index for a moment."""
    from plugins.standardization.models import Standard

    table = Standard.__table__
    index = next(index for index in table.indexes if [c.name for c in index.columns][:1] == ["number"])
    with app.app_context():
        table.indexes.discard(index)
        try:
            missing = _missing_indexes(app.extensions["appbuilder"])
        finally:
            table.indexes.add(index)
    assert any("StandardView" in line and "std_standard.number" in line for line in missing)
