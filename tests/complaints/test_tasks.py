"""The complaints' periodic task: staff reminded of complaints past their deadline, once per stage."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from app.complaints.models import Complaint
from app.complaints.tasks import remind_overdue_complaints
from app.extensions import db
from app.notify.models import Message

from .conftest import events, filed, post_complaint, staff, step


def _age(app, number):
    with app.app_context():
        row = db.session.scalar(sa.select(Complaint).where(Complaint.number == number))
        row.due_on = dt.date(2020, 1, 6)
        db.session.commit()


def _run(app):
    with app.app_context():
        n = remind_overdue_complaints(db.session)
        db.session.commit()
        return n


def _reminders(app):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Message)
                                 .where(Message.url == "/complaints/list/?show=overdue"))


@pytest.mark.clause("6.4.2-1")
def test_staff_are_reminded_of_an_overdue_complaint_once_per_stage(world):
    app = world["app"]
    _run(app)  # whatever other tests left overdue
    number, _ = filed(post_complaint(world))
    assert _run(app) == 0
    _age(app, number)
    before = _reminders(app)
    assert _run(app) == 1 and _reminders(app) > before
    assert _run(app) == 0  # again: nothing new
    assert [a for a, *_ in events(world, number)] == ["file", "overdue"]
    step(staff(world), number, "investigate")  # a new stage, still past the receipt's deadline
    assert _run(app) == 1 and _run(app) == 0
    assert [a for a, *_ in events(world, number)] == ["file", "overdue", "investigate", "overdue"]
    page = staff(world).get(f"/complaints/case/{number}").get_data(as_text=True)
    assert "overdue" in page


def test_the_task_is_contributed_by_the_core_plugin(app):
    from app.plugins.tasks import PeriodicTask  # noqa: F401
    from app.defaults import complaint_tasks

    assert [t.name for t in complaint_tasks()] == ["complaints-overdue"]
