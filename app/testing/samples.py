"""Sample rows of scoped models, for tests that must hold one row per organisation of every model.

The core's isolation matrix (tests/test_scoping.py) finds every registered scoped view and API
(``ScopedModelView``, ``ScopedModelRestApi``), makes one row of its model for each of its test
organisations, and proves no other organisation reaches it. A plugin's scoped view is covered
without the plugin doing anything, as long as a row of its model can be made:

- by default the row is made from the table: the owner columns of ``__scope__`` (and any other
  foreign key to ``qi_organisation``) get the organisation, a foreign key to ``ab_user`` its member
  user, a foreign key to another table the first row there; every other required column without a
  default gets a value of its type (text from ``label``, so a list showing the row shows the label);
- a model whose rows need more (a valid code, a row of its own elsewhere) says how with a
  classmethod ``qi_sample_row(cls, session, organisation_id, user_id, label)`` returning an unsaved
  row. Only tests call it.
"""
from __future__ import annotations

import datetime as dt
import decimal

import sqlalchemy as sa

ORGANISATION_TABLE = "qi_organisation"
USER_TABLE = "ab_user"


class SampleRowError(Exception):
    """The model's sample row cannot be made automatically: give it ``qi_sample_row``."""


def _value(column: sa.Column, label: str, n: int):
    kind = column.type
    if isinstance(kind, sa.Enum):
        return kind.enums[0]
    if isinstance(kind, sa.Boolean):
        return False
    if isinstance(kind, sa.DateTime):
        return dt.datetime.now()
    if isinstance(kind, sa.Date):
        return dt.date.today()
    if isinstance(kind, (sa.Integer, sa.Float)):
        return n
    if isinstance(kind, sa.Numeric):
        return decimal.Decimal(n)
    if isinstance(kind, (sa.String, sa.Text)):
        text = f"{label}-{column.name}-{n}"
        length = getattr(kind, "length", None)
        return text if not length or len(text) <= length else f"{n}-{label}"[:length]
    raise SampleRowError(f"{column.table.name}.{column.name}: no sample value for type {kind!r}")


def sample_row(session, model, organisation_id: int, user_id: int, label: str, n: int = 1):
    """An unsaved row of ``model`` owned by the organisation (see the module docstring)."""
    custom = getattr(model, "qi_sample_row", None)
    if custom is not None:
        return custom(session, organisation_id, user_id, label)
    owners = getattr(model, "__scope__", None) or {}
    values = {}
    for column in model.__table__.columns:
        attribute = next((a for a, c in sa.inspect(model).columns.items() if c is column), column.name)
        if column.name in {owners.get("organisation"), owners.get("institution")}:
            values[attribute] = organisation_id
        elif column.name == owners.get("user"):
            values[attribute] = user_id
        elif column.foreign_keys:
            target = next(iter(column.foreign_keys)).column
            if target.table.name == ORGANISATION_TABLE:
                values[attribute] = organisation_id
            elif target.table.name == USER_TABLE:
                values[attribute] = user_id
            elif not column.nullable:
                first = session.scalar(sa.select(sa.func.min(target)))
                if first is None:
                    raise SampleRowError(f"{model.__name__}.{attribute} needs a row of {target.table.name}: "
                                         f"give {model.__name__} a qi_sample_row classmethod")
                values[attribute] = first
        elif (column.primary_key or column.nullable or column.default is not None
              or column.server_default is not None):
            continue
        else:
            values[attribute] = _value(column, label, n)
    return model(**values)
