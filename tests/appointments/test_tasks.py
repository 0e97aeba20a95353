"""The reminder the working day before an appointment: one site message and one SMS per appointment,
once, and again after a move (4.2.2-3)."""
import datetime as dt

import pytest
from flask_appbuilder.security.sqla.models import User
from sqlalchemy import select

from app.appointments import booking, tasks
from app.appointments.models import Appointment
from app.catalog.models import ServiceItem
from app.extensions import db
from app.notify.models import Message
from app.notify.sms import pending
from app.testing.orgs import make_org
from app.testing.windows import make_window
from app.windows.models import ServiceWindow

THU_10 = dt.datetime(2026, 12, 3, 10, 0)  # China time at the window; Thu 3 to Tue 8 December are working days
FRI, MON, TUE = (dt.datetime(2026, 12, d, 9, 0) for d in (4, 7, 8))


@pytest.fixture(scope="module")
def task_app(make_app):
    """An app of its own: the task looks at every appointment of the database."""
    return make_app()


@pytest.fixture
def world(task_app):
    with task_app.app_context():
        for table in ("qi_appointment", "qi_appointment_slot", "qi_message"):
            db.session.execute(db.text(f"DELETE FROM {table}"))
        db.session.commit()
        org_id, username = make_org("enterprise", "提醒企业")
        user_id = db.session.scalar(select(User.id).where(User.username == username))
        window = db.session.get(ServiceWindow, make_window(name="提醒窗口", address="金凤区 8 号"))
        item = db.session.scalar(select(ServiceItem).where(ServiceItem.visible.is_(True)).limit(1))

        def book(at, phone="13912345678"):
            appointment, _ = booking.book(db.session, window=window, starts_at=at, organisation_id=org_id,
                                          user_id=user_id, item=item, token=f"{at:%Y%m%d%H%M}".ljust(32, "0"),
                                          contact_phone=phone, now=THU_10)
            return appointment

        yield {"book": book, "user_id": user_id}


def _messages():
    return list(db.session.scalars(select(Message.title_zh).order_by(Message.id)))


@pytest.mark.clause("4.2.2-3")
def test_each_appointment_is_reminded_once_the_working_day_before(world):
    friday, monday = world["book"](FRI), world["book"](MON, phone="0951-1234567")
    assert tasks.remind_appointments(db.session, now=THU_10.replace(hour=16)) == 1
    assert pending(db.session) == [("13912345678", f"质量基础设施一站式服务平台：您在提醒窗口的预约（{friday.number}）时间为 "
                                                    "2026-12-04 09:00，地点：金凤区 8 号。")]
    db.session.commit()
    assert _messages() == [f"预约提醒：您在提醒窗口的预约 {friday.number}"]
    assert tasks.remind_appointments(db.session, now=THU_10.replace(hour=17)) == 0  # run again: nothing new
    # on Friday the next working day is Monday; a landline gets the site message only
    assert tasks.remind_appointments(db.session, now=FRI.replace(hour=8)) == 1
    assert pending(db.session) == []
    db.session.commit()
    assert len(_messages()) == 2
    assert db.session.scalar(select(Message.user_id).order_by(Message.id.desc()).limit(1)) == world["user_id"]
    assert db.session.get(Appointment, monday.id).reminded_at is not None


def test_a_moved_appointment_is_reminded_of_its_new_time_and_a_cancelled_one_not_at_all(world):
    monday, tuesday = world["book"](MON), world["book"](MON + dt.timedelta(minutes=30))
    assert tasks.remind_appointments(db.session, now=FRI.replace(hour=8)) == 2
    db.session.commit()
    booking.reschedule(db.session, monday, TUE, actor="tester", now=FRI.replace(hour=9))
    booking.cancel(db.session, tuesday, actor="tester", now=FRI.replace(hour=9))
    assert tasks.remind_appointments(db.session, now=FRI.replace(hour=10)) == 0  # Tuesday is two working days on
    assert tasks.remind_appointments(db.session, now=MON.replace(hour=8)) == 1
    assert _messages()[-1].endswith(monday.number)


def test_the_demo_books_the_demo_enterprise_at_the_first_window_once(make_app):
    from app.accounts.demo import load_accounts_demo
    from app.appointments.demo import load_appointments_demo
    from app.demo import DEMO_USERS
    from app.cli import ensure_user

    app = make_app()
    with app.app_context():
        for username, role, password, email, first, last in DEMO_USERS:
            ensure_user(username, password, role, email, first, last)
        load_accounts_demo(db.session)
        make_window(name="演示窗口")
        assert load_appointments_demo(db.session) == 2
        db.session.commit()
        assert load_appointments_demo(db.session) == 0
        assert db.session.scalar(select(db.func.count()).select_from(Appointment)) == 2
