"""The needs' periodic tasks: reminders the working day before a deadline, escalation after it, each
once per due date, set-based whatever the number of needs."""
import datetime as dt

import pytest
from sqlalchemy import event, select, update

from app.cli import ensure_user
from app.extensions import db
from app.needs import flow, tasks
from app.needs.models import Need
from app.needs.states import STAFF
from app.notify.models import Message

MON_10 = dt.datetime(2026, 11, 23, 2, 0)  # Monday 10:00 China: respond by Tue 24, answer by Thu 26
MON, TUE, WED, THU, FRI = (dt.date(2026, 11, d) for d in (23, 24, 25, 26, 27))


@pytest.fixture(scope="module")
def task_app(make_app):
    """An app of its own: the tasks look at every need of the database."""
    app = make_app()
    with app.app_context():
        ensure_user("sla_staff", "pw-sla-staff-1", "PlatformStaff", "sla@test.local", "SLA", "Staff")
    return app


@pytest.fixture
def clean(task_app):
    with task_app.app_context():
        db.session.execute(db.text("DELETE FROM qi_need_event"))
        db.session.execute(db.text("DELETE FROM qi_need"))
        db.session.execute(db.text("DELETE FROM qi_message"))
        db.session.commit()
    return task_app


def _file(n=1, submitted_at=MON_10):
    needs = [flow.file_need(db.session, need_type="service", title=f"需求{i}", contact_name="张三",
                            contact="13800000000", actor="tester", submitted_at=submitted_at)[0] for i in range(n)]
    db.session.commit()
    return needs


def _staff_messages():
    return list(db.session.scalars(select(Message.title_en).order_by(Message.id)))


@pytest.mark.clause("6.3.2-1")
def test_staff_are_reminded_the_working_day_before_once_per_deadline(clean):
    with clean.app_context():
        need, = _file()
        assert tasks.remind_due_needs(db.session, on=MON) == 1  # the response is due on Tuesday
        db.session.commit()
        assert tasks.remind_due_needs(db.session, on=MON) == 0  # the task again: nothing more
        assert tasks.remind_due_needs(db.session, on=TUE) == 0  # due today, already reminded
        db.session.commit()
        assert _staff_messages() == ["1 needs are due by the next working day"]
        body = db.session.scalar(select(Message.body_en))
        assert need.number in body
        flow.take_step(db.session, need, "respond", actor="x", actor_kinds={STAFF})
        db.session.commit()
        assert tasks.remind_due_needs(db.session, on=WED) == 1  # now the answer, due on Thursday
        assert tasks.remind_due_needs(db.session, on=WED) == 0
        db.session.commit()
        assert db.session.get(Need, need.id).reminded_on == THU


def test_a_deadline_after_the_weekend_is_reminded_on_friday(clean):
    with clean.app_context():
        need, = _file(submitted_at=dt.datetime(2026, 11, 27, 2, 0))  # Friday 10:00: respond by Monday
        assert need.respond_due == dt.date(2026, 11, 30)
        assert tasks.remind_due_needs(db.session, on=dt.date(2026, 11, 26)) == 0  # Thursday: not yet
        assert tasks.remind_due_needs(db.session, on=FRI) == 1
        db.session.commit()


@pytest.mark.clause("6.3.2-1")
def test_an_overdue_need_is_escalated_once_per_deadline(clean):
    with clean.app_context():
        need, = _file()
        assert tasks.escalate_overdue_needs(db.session, on=TUE) == 0  # due today: not late yet
        assert tasks.escalate_overdue_needs(db.session, on=WED) == 1  # the response is late
        db.session.commit()
        assert tasks.escalate_overdue_needs(db.session, on=WED) == 0
        assert tasks.escalate_overdue_needs(db.session, on=THU) == 0
        assert tasks.escalate_overdue_needs(db.session, on=FRI) == 1  # now the answer is late too
        assert tasks.escalate_overdue_needs(db.session, on=FRI) == 0
        db.session.commit()
        assert _staff_messages() == ["1 needs are overdue", "1 needs are overdue"]
        assert db.session.get(Need, need.id).escalated_on == THU


def test_answered_waiting_and_cancelled_needs_owe_nothing(clean):
    with clean.app_context():
        planned, waiting, cancelled = _file(3)
        flow.take_step(db.session, planned, "plan", actor="x", actor_kinds={STAFF}, comment="送检")
        flow.take_step(db.session, waiting, "wait", actor="x", actor_kinds={STAFF}, comment="缺资料")
        flow.take_step(db.session, cancelled, "cancel", actor="x", actor_kinds={STAFF}, comment="重复")
        db.session.commit()
        assert tasks.remind_due_needs(db.session, on=MON) == 0
        assert tasks.escalate_overdue_needs(db.session, on=dt.date(2027, 1, 4)) == 0
        assert _staff_messages() == []


def test_a_resumed_need_with_later_deadlines_is_reminded_again(clean):
    with clean.app_context():
        need, = _file()
        assert tasks.remind_due_needs(db.session, on=MON) == 1
        db.session.execute(update(Need).where(Need.id == need.id).values(respond_due=dt.date(2026, 12, 1)))
        db.session.commit()  # as ``resume`` pushes the due date back after a pause
        assert tasks.remind_due_needs(db.session, on=dt.date(2026, 11, 30)) == 1


def test_the_tasks_use_the_same_statements_for_5_and_50_due_needs(clean):
    """Set-based: the work per run does not grow with the number of needs (no per-need loads)."""
    statements = []

    def count(*_args):
        statements.append(1)

    with clean.app_context():
        engine = db.engine
        _file(5)
        event.listen(engine, "before_cursor_execute", count)
        try:
            tasks.remind_due_needs(db.session, on=MON)
            tasks.escalate_overdue_needs(db.session, on=FRI)
            db.session.commit()
            few, statements[:] = len(statements), []
            db.session.execute(db.text("UPDATE qi_need SET reminded_on = NULL, escalated_on = NULL"))
            _file(45)
            statements[:] = []
            assert tasks.remind_due_needs(db.session, on=MON) == 50
            assert tasks.escalate_overdue_needs(db.session, on=FRI) == 50
            db.session.commit()
        finally:
            event.remove(engine, "before_cursor_execute", count)
        assert len(statements) == few


def test_flask_qi_tasks_run_lists_and_runs_the_needs_tasks_idempotently(clean):
    with clean.app_context():
        need, = _file()
        horizon = flow.clock.add_working_days(tasks.china_today(), 1)
        db.session.execute(update(Need).where(Need.id == need.id).values(respond_due=horizon, answer_due=horizon))
        db.session.commit()
    runner = clean.test_cli_runner()
    listed = runner.invoke(args=["qi", "tasks", "list"])
    assert "needs-reminders" in listed.output and "needs-escalations" in listed.output
    first = runner.invoke(args=["qi", "tasks", "run", "needs-reminders", "needs-escalations"])
    assert first.exit_code == 0 and "needs-reminders: 1 done" in first.output, first.output
    again = runner.invoke(args=["qi", "tasks", "run", "needs-reminders", "needs-escalations"])
    assert "needs-reminders: 0 done" in again.output and "needs-escalations: 0 done" in again.output
