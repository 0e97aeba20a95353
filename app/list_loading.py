"""Relation columns of a list page loaded in one statement per relation, not one per row.

FAB's list reads ``row.<relation>`` for each row of the page while it builds the cells; for a
many-to-one relation SQLAlchemy then loads each related row by its key, one statement per distinct
row (a list of 25 testing capabilities sent 25 organisation loads). ``ListInterface`` loads the
related rows of the whole page first, with one ``IN`` query per relation; SQLAlchemy's lazy load of a
many-to-one by primary key finds them in the session's identity map and sends nothing.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import g, has_request_context
from flask_appbuilder.models.sqla.interface import SQLAInterface
from sqlalchemy.orm import RelationshipDirection
from sqlalchemy.orm.util import identity_key


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
            loaded = session.execute(sa.select(target.class_).where(target.primary_key[0].in_(missing))).scalars().all()
            # The identity map holds rows weakly: the page keeps them until it is rendered.
            if has_request_context():
                g.setdefault("qi_list_preloaded", []).extend(loaded)


class ListInterface(SQLAInterface):
    """FAB's SQLAlchemy interface whose list values come with their relations preloaded."""

    @classmethod
    def of(cls, datamodel: SQLAInterface) -> "ListInterface":
        """The same model and session as ``datamodel``, preloading relations."""
        if isinstance(datamodel, cls):
            return datamodel
        return cls(datamodel.obj, datamodel._session)

    def get_values(self, lst, list_columns):
        preload_many_to_one(list(lst), list_columns)
        return super().get_values(lst, list_columns)
