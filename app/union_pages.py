"""A page of the rows that match any of several conditions, newest first, each condition read from
its own index.

A list scoped by an OR (an enterprise's complaints: those its user filed or those of its
organisation) cannot be read in order from one index: SQLite and PostgreSQL collect every row of
the OR and sort them all on each page (134 ms for one enterprise's complaints at the large
benchmark scale). Each condition alone has an index in the page's order, so the page is the union
of each condition's first ``offset + size`` rows, read in order and stopped there, merged and cut.
"""
from __future__ import annotations

import sqlalchemy as sa

from .list_loading import AtLeast, count_cap


def union_page(session, model, conditions: list, order: list, offset: int, size: int,
               options: tuple = ()) -> tuple[list, int]:
    """(rows, total) of the rows of ``model`` meeting any of ``conditions``: ``size`` of them from
    ``offset``, in descending ``order`` (columns of ``model``, the primary key ``id`` last), the total
    counted up to the lists' cap. Each condition wants an index on its column(s) followed by
    ``order``; ``options`` load relations."""
    def first(condition):  # a subquery each: SQLite allows no ORDER BY / LIMIT on a UNION's members
        return (sa.select(*order).where(condition).order_by(*(c.desc() for c in order))
                .limit(offset + size).subquery().select())

    merged = sa.union(*map(first, conditions)).subquery()
    ids = list(session.scalars(sa.select(merged.c.id).order_by(*(merged.c[c.key].desc() for c in order))
                               .limit(size).offset(offset)))
    if offset == 0 and len(ids) < size:
        total = len(ids)
    else:  # counted up to the lists' cap, as every list is (app.list_loading.bounded_count)
        cap = count_cap()
        matching = sa.union(*(sa.select(model.id).where(c) for c in conditions))
        total = session.scalar(sa.select(sa.func.count()).select_from(
            (matching.limit(cap + 1) if cap else matching).subquery()))
        total = AtLeast(cap) if cap and total > cap else total
    found = {r.id: r for r in session.scalars(sa.select(model).where(model.id.in_(ids)).options(*options))}
    return [found[i] for i in ids if i in found], total
