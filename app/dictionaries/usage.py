"""Whether a dictionary code is stored somewhere: a code in use is deactivated, never deleted."""
from __future__ import annotations

from sqlalchemy import column, exists, select, table

from ..extensions import db
from .declared import declared_dictionaries


def in_use(dictionary: str, code: str) -> bool:
    """True when a column the dictionary's declaration names (``used_by``) holds ``code``, or the
    answers of a need's application form do (``app.applications``)."""
    from ..applications.publishing import answers_use

    declared = declared_dictionaries().get(dictionary)
    for table_name, column_name in declared.used_by if declared else ():
        stored = table(table_name, column(column_name))
        if db.session.scalar(select(exists().where(stored.c[column_name] == code))):
            return True
    return answers_use(db.session, dictionary, code)
