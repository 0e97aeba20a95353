"""Relation columns of a list page loaded in one statement per relation, not one per row.

FAB's list reads ``row.<relation>`` for each row of the page while it builds the cells; for a
many-to-one relation SQLAlchemy then loads each related row by its key, one statement per distinct
row (a list of 25 testing capabilities sent 25 organisation loads). ``ListInterface`` loads the
related rows of the whole page first, with one ``IN`` query per relation; SQLAlchemy's lazy load of a
many-to-one by primary key finds them in the session's identity map and sends nothing. A collection
column (a user's roles, a role's permissions) is loaded for the whole page the same way and set on
each row as loaded, so reading it sends nothing either. (Not joined to the page's statement: the
database joins every row it sorts or skips, before ORDER BY and OFFSET; on SQLite the 200th page of
10,000 testing capabilities went from 17 to 26 ms that way, and the first from 11 to 15 ms.)
"""
from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from flask import current_app, g, has_app_context, has_request_context
from flask_appbuilder.models.sqla.interface import SQLAInterface
from sqlalchemy.orm import RelationshipDirection
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key


def page_total(session, query, page: int, rows: list, size: int) -> int:
    """How many rows ``query`` finds in all, for a pager: a first page (0-based ``page``) shorter
    than ``size`` holds them all, so no count is sent (most lists of one user or window)."""
    if page == 0 and len(rows) < size:
        return len(rows)
    return session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))


class AtLeast(int):
    """A count that stopped at the list's cap (``QI_LIST_COUNT_CAP``): there are more rows. FAB's
    pager computes its pages from it as from any count; a page shows it as ``10,000+``."""

    more = True

    def __str__(self) -> str:
        return f"{int(self):,}+"


def count_cap() -> int:
    """How many rows a list counts before it stops (0: every row)."""
    return int(current_app.config.get("QI_LIST_COUNT_CAP", 10000) or 0) if has_app_context() else 0


def bounded_count(query) -> int:
    """The rows of ``query``, counted up to ``count_cap()``: past it an ``AtLeast`` of the cap. An
    exact count of a million rows reads them all (PostgreSQL: 100-200 ms a page); one that stops
    reads the cap's worth of an index whatever the table holds."""
    cap = count_cap()
    if not cap:
        return query.count()
    counted = query.limit(cap + 1).count()
    return AtLeast(cap) if counted > cap else counted


def capped_counts(session, statements: dict) -> dict:
    """{name: rows of ``statements[name]`` (selects), each counted up to ``count_cap()`` like
    ``bounded_count``}, in one statement: tab badges over 100,000 instruments read them all."""
    cap = count_cap()

    def counted(statement):
        statement = statement.limit(cap + 1) if cap else statement
        return sa.select(sa.func.count()).select_from(statement.subquery()).scalar_subquery()

    values = session.execute(sa.select(*(counted(s) for s in statements.values()))).one()
    return {name: AtLeast(cap) if cap and n > cap else n for name, n in zip(statements, values)}


def preload_many_to_one(rows: list, columns) -> None:
    """Load the rows that ``rows`` refer to through the many-to-one relations named in ``columns``
    (a name or the first part of a dotted name), one statement per relation."""
    session = sa.orm.object_session(rows[0]) if rows else None
    if session is None:
        return
    mapper = sa.inspect(type(rows[0]))
    for name in {column.split(".", 1)[0] for column in columns}:
        relation = mapper.relationships.get(name)
        if (relation is None or relation.direction is not RelationshipDirection.MANYTOONE
                or len(relation.local_columns) != 1 or not relation.mapper.primary_key
                or len(relation.mapper.primary_key) != 1):
            continue
        local = mapper.get_property_by_column(next(iter(relation.local_columns))).key
        keys = {getattr(row, local) for row in rows} - {None}
        target = relation.mapper
        missing = [key for key in keys if identity_key(target.class_, key) not in session.identity_map]
        if missing:
            _kept(session.execute(sa.select(target.class_).where(target.primary_key[0].in_(missing))).scalars().all())


def preload_collections(rows: list, columns) -> None:
    """Load the collections named in ``columns`` (one-to-many, or many-to-many through a table) of
    every row of ``rows``, one statement per relation, and set them on the rows as loaded."""
    session = sa.orm.object_session(rows[0]) if rows else None
    if session is None:
        return
    mapper = sa.inspect(type(rows[0]))
    if len(mapper.primary_key) != 1:
        return
    for name in {column.split(".", 1)[0] for column in columns}:
        relation = mapper.relationships.get(name)
        if relation is None or not relation.uselist or len(relation.synchronize_pairs) != 1:
            continue
        parent_column, link = relation.synchronize_pairs[0]
        if parent_column is not mapper.primary_key[0]:
            continue
        pending = [row for row in rows if name in sa.inspect(row).unloaded]
        if not pending:
            continue
        keys = [sa.inspect(row).identity[0] for row in pending]
        target = relation.mapper.class_
        query = sa.select(link, target).where(link.in_(keys))
        if relation.secondary is not None:
            query = query.join_from(target, relation.secondary, relation.secondaryjoin)
        if relation.order_by:
            query = query.order_by(*relation.order_by)
        found = defaultdict(list)
        for key, related in session.execute(query):
            found[key].append(related)
        for row, key in zip(pending, keys):
            set_committed_value(row, name, found.get(key, []))


def _kept(rows: list) -> None:
    """The session's identity map holds rows weakly: keep ``rows`` until the page is rendered, so a
    lazy load of them by key later in the request sends nothing."""
    if has_request_context():
        g.setdefault("qi_list_preloaded", []).extend(rows)


class ListInterface(SQLAInterface):
    """FAB's SQLAlchemy interface whose list values come with their relations preloaded, whose page
    count is not asked for when the page itself tells it, and whose shown row stays loaded."""

    def query(self, filters=None, order_column="", order_direction="", page=None, page_size=None,
              select_columns=None, outer_default_load=False):
        """FAB's count and rows, with fewer statements, a bounded count and no deep OFFSET.

        The first page is read first: a page with fewer rows than the page size is the last one, so
        the count is its rows and no count is sent (most of an organisation's own lists, every
        related list of a show page). The count stops past ``count_cap()`` (``bounded_count``): a
        longer list pages through its first rows, and the user filters or reverses the order to
        reach the others. A later page is counted first; one in the second half of a list counted
        whole is read from the other end (the order reversed, FAB's key tie-breaker included), so
        its last page skips a few rows instead of all the others."""
        if select_columns:  # the REST API's column selection may join rows: FAB's way
            return super().query(filters, order_column, order_direction, page, page_size, select_columns,
                                 outer_default_load)
        if not page or not page_size:
            rows = self._rows(filters, order_column, order_direction, page, page_size, outer_default_load)
            if not page_size or len(rows) < page_size:
                return len(rows), rows
            return self._count(filters), rows
        count = self._count(filters)
        offset = page * page_size
        if offset >= count:
            return count, []
        columns = sa.inspect(self.obj).column_attrs.keys()
        if offset > count // 2 and not isinstance(count, AtLeast) and order_column in columns:
            back = "desc" if order_direction == "asc" else "asc"
            query = self.apply_all(self.session.query(self.obj), filters, order_column, back, None, None, None,
                                   outer_default_load)
            rows = query.offset(max(0, count - offset - page_size)).limit(min(page_size, count - offset)).all()
            return count, self._entities(rows)[::-1]
        return count, self._rows(filters, order_column, order_direction, page, page_size, outer_default_load)

    def _count(self, filters) -> int:
        """FAB's count (``query_count``), stopping past ``count_cap()``."""
        return bounded_count(self._apply_inner_all(self.session.query(self.obj), filters, select_columns=None,
                                                   aliases_mapping={}))

    def _rows(self, filters, order_column, order_direction, page, page_size, outer_default_load) -> list:
        return self._entities(self.apply_all(self.session.query(self.obj), filters, order_column, order_direction,
                                             page, page_size, None, outer_default_load).all())

    def _entities(self, rows) -> list:
        return [getattr(row, self.obj.__name__) if hasattr(row, self.obj.__name__) else row for row in rows]

    def get(self, id, filters=None, select_columns=None, outer_default_load=False):
        item = super().get(id, filters, select_columns, outer_default_load)
        if item is not None:
            _kept([item])  # the related lists of its show page refer back to it
        return item

    @classmethod
    def of(cls, datamodel: SQLAInterface) -> "ListInterface":
        """The same model and session as ``datamodel``, preloading relations."""
        if isinstance(datamodel, cls):
            return datamodel
        return cls(datamodel.obj, datamodel._session)

    def get_values(self, lst, list_columns):
        rows = list(lst)
        preload_many_to_one(rows, list_columns)
        preload_collections(rows, list_columns)
        return super().get_values(rows, list_columns)
