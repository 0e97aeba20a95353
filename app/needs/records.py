"""The service record of a need (6.3.2-4): the items served, the cycle, the price, when the service
started and finished, the follow-ups, the problems met and how they were coordinated.

Kept by platform staff (and window staff of the need's window) and by the institution the need is
matched to, while the need is with it; the enterprise reads it on the need page. Who may see the
need at all is decided by its scope (``Need.__scope__``); these functions decide who may write.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import gettext, lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..roles import INSTITUTION, WINDOW_STAFF
from ..scoping import is_staff, role_names, user_organisation_id, user_window_ids
from .models import Need, ServiceRecord
from .states import CANCELLED, DELIVERED, IN_SERVICE, MATCHED

#: states in which the matched institution keeps the record (the need is with it)
INSTITUTION_STATES = frozenset({MATCHED, IN_SERVICE, DELIVERED})
TEXT_FIELDS = ("items", "cycle", "price", "follow_ups", "problems", "coordination")
SHORT_FIELDS = {"cycle": 100, "price": 100}
FIELD_LABELS = {
    "items": _l("Items served"), "cycle": _l("Service cycle"), "price": _l("Price"),
    "started_on": _l("Started on"), "finished_on": _l("Finished on"), "follow_ups": _l("Follow-ups"),
    "problems": _l("Problems met"), "coordination": _l("How they were coordinated"),
}


class RecordError(ValueError):
    """A change the record refuses; ``str()`` is the translated message."""


def acts_as_staff(user, need: Need) -> bool:
    """Platform staff, or window staff of the window the need came through."""
    if user is None:
        return False
    if is_staff(user):
        return True
    return WINDOW_STAFF in role_names(user) and need.window_id is not None and need.window_id in user_window_ids(user)


def is_matched_institution(user, need: Need) -> bool:
    """A member of the institution the need is matched to."""
    return (user is not None and need.institution_id is not None and INSTITUTION in role_names(user)
            and user_organisation_id(user) == need.institution_id)


def may_keep_record(user, need: Need) -> bool:
    """Whether ``user`` may write the need's record and add its documents now."""
    if need.state == CANCELLED:
        return False
    if acts_as_staff(user, need):
        return True
    return need.state in INSTITUTION_STATES and is_matched_institution(user, need)


def record_of(session: Session, need: Need) -> ServiceRecord | None:
    """The need's record, or None before anyone wrote one."""
    return session.scalar(select(ServiceRecord).where(ServiceRecord.need_id == need.id))


@dataclass
class RecordValues:
    """What a record form holds (texts stripped, empty texts as None; ``items`` required)."""

    items: str
    cycle: str | None = None
    price: str | None = None
    started_on: dt.date | None = None
    finished_on: dt.date | None = None
    follow_ups: str | None = None
    problems: str | None = None
    coordination: str | None = None

    def checked(self) -> "RecordValues":
        """These values, or RecordError naming the first problem."""
        for name in TEXT_FIELDS:
            value = getattr(self, name)
            setattr(self, name, (value or "").strip() or None)
        if not self.items:
            raise RecordError(gettext("Say what was served (the items)."))
        for name, limit in SHORT_FIELDS.items():
            if getattr(self, name) and len(getattr(self, name)) > limit:
                raise RecordError(gettext("%(field)s is longer than %(max)s characters.", field=FIELD_LABELS[name],
                                          max=limit))
        if self.started_on and self.finished_on and self.finished_on < self.started_on:
            raise RecordError(gettext("The service cannot finish before it started."))
        if self.finished_on and not self.started_on:
            raise RecordError(gettext("Give the start date too."))
        return self


def save_record(session: Session, need: Need, values: RecordValues, actor: str) -> ServiceRecord:
    """Write ``values`` into the need's record (made on first save); RecordError when a value is
    refused, with nothing changed. The caller commits."""
    values = values.checked()
    record = record_of(session, need)
    if record is None:
        record = ServiceRecord(need_id=need.id)
        session.add(record)
    for name, value in values.__dict__.items():
        setattr(record, name, value if name != "items" else value or "")
    record.changed_by = actor
    session.flush()
    return record
