"""The overdue-visit reminder (6.3.1-2): each visitor is told once of their visits whose day passed."""
import datetime as dt

import pytest
from flask_appbuilder.security.sqla.models import User
from sqlalchemy import func, select

from app.extensions import db
from app.notify.models import Message
from app.visits import flow
from app.visits.tasks import remind_overdue_visits


@pytest.mark.clause("6.3.1-2")
def test_the_visitor_is_reminded_once_of_an_overdue_visit(app, visits_world):
    on = dt.date(2031, 5, 20)
    with app.app_context():
        visitor = db.session.scalar(select(User).where(User.username == "vis_window_b"))

        def plan(day, **kw):
            return flow.plan_visit(db.session, organisation_id=visits_world["enterprise"], planned_on=day,
                                   purpose="走访", visitor="乙站员", actor="vis_window_b",
                                   window_id=visits_world["window_b"], visitor_id=visitor.id)
        late, cancelled = plan(on - dt.timedelta(days=2)), plan(on - dt.timedelta(days=1))
        plan(on)  # planned for today: not late yet
        flow.cancel_visit(db.session, cancelled, reason="企业停产", actor="vis_window_b")  # cancelled: not late
        db.session.commit()
        count = lambda: db.session.scalar(select(func.count()).select_from(Message).where(Message.user_id == visitor.id))
        before = count()
        assert remind_overdue_visits(db.session, on) >= 1
        db.session.commit()
        assert count() == before + 1
        reminded = set(db.session.scalars(select(flow.EnterpriseVisit.id).where(flow.EnterpriseVisit.reminded_on == on)))
        assert late.id in reminded and cancelled.id not in reminded
        assert remind_overdue_visits(db.session, on) == 0  # again: nobody told twice
        db.session.commit()
        assert count() == before + 1
