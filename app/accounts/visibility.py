"""The one public-visibility rule: what anonymous visitors, public pages, search and public APIs show.

An organisation's record is public when the organisation is approved and not deregistered (its
status is ``approved``: a deregistered, rejected, returned or pending one is not) and, where the
record carries an authorisation or accreditation date (``valid_until``, ``cma_valid_until`` …),
that date has not passed. Each rule exists twice, as a SQL condition for queries and as a Python
predicate for objects at hand (the search index's ``public`` flag), and both say the same.
"""
from __future__ import annotations

import datetime as dt

from flask_appbuilder.models.filters import BaseFilter
from sqlalchemy import and_, or_, select

from .models import APPROVED, Organisation


def organisation_is_public():
    """SQL: the ``Organisation`` row is public (join or correlate ``Organisation`` yourself)."""
    return Organisation.status == APPROVED


def is_public_organisation(organisation) -> bool:
    """Python: ``organisation`` (or None) is public."""
    return organisation is not None and organisation.status == APPROVED


def authorisation_current(column, today: dt.date | None = None):
    """SQL: an authorisation date column that is empty (no expiry) or not yet passed."""
    return or_(column.is_(None), column >= (today or dt.date.today()))


def is_current(valid_until: dt.date | None, today: dt.date | None = None) -> bool:
    """Python: an authorisation valid until ``valid_until`` (None: no expiry) still holds."""
    return valid_until is None or valid_until >= (today or dt.date.today())


def public_owner(owner_column, today: dt.date | None = None, *valid_until_columns):
    """SQL: the organisation named by ``owner_column`` is public and every given authorisation
    date column is current. Needs no join: the organisation is looked up in a subquery."""
    condition = owner_column.in_(select(Organisation.id).where(organisation_is_public()))
    return and_(condition, *(authorisation_current(c, today) for c in valid_until_columns))


def is_public_record(organisation, *valid_until: dt.date | None, today: dt.date | None = None) -> bool:
    """Python: a record of ``organisation`` with these authorisation dates is public."""
    return is_public_organisation(organisation) and all(is_current(d, today) for d in valid_until)


class PublicRecordFilter(BaseFilter):
    """A FAB base filter for public APIs: only records of public organisations. Its column is the
    owner column; its value, None or a callable returning the record's further condition (its
    authorisation date, or another table's), evaluated per request so "today" is today::

        base_filters = [["organisation_id", PublicRecordFilter,
                         lambda: authorisation_current(MetrologyCapability.valid_until)]]
    """

    name = "public"
    arg_name = "public"

    def apply(self, query, value):
        query = query.filter(public_owner(getattr(self.datamodel.obj, self.column_name)))
        return query.filter(value()) if callable(value) else query
