"""qi_core_0010: the consultations asked before needs existed become needs, and their links still work."""
import datetime as dt

import sqlalchemy as sa
from flask_migrate import upgrade

from app.extensions import db
from app.needs.models import Need, NeedEvent
from app.testing.fixtures import init_app_db


def test_old_consultations_become_needs_with_their_answers_and_links(make_app):
    app = make_app(init=False)
    with app.app_context():
        directory = app.extensions["migrate"].directory
        upgrade(directory=directory, revision="qi_core_0009")
        table = sa.table("qi_consultation", *[sa.column(c) for c in (
            "token", "item_id", "name", "contact", "question", "status", "answer", "answered_by", "answered_on",
            "created_on")])
        with db.engine.begin() as conn:
            conn.execute(table.insert(), [
                {"token": "a" * 32, "item_id": None, "name": "王经理", "contact": "13995112233",
                 "question": "检测周期多久？", "status": "answered", "answer": "一般 5 个工作日。",
                 "answered_by": "t_window", "answered_on": dt.datetime(2025, 12, 31, 3, 0),
                 "created_on": dt.datetime(2025, 12, 30, 2, 0)},
                {"token": "b" * 32, "item_id": None, "name": "李女士", "contact": "li@example.cn",
                 "question": "需要带什么材料？", "status": "new", "answer": None, "answered_by": None,
                 "answered_on": None, "created_on": dt.datetime(2026, 1, 2, 2, 0)},  # a Friday
            ])
    init_app_db(app, "--no-admin")  # migrates to the heads
    with app.app_context():
        answered = db.session.scalar(sa.select(Need).where(Need.token == "a" * 32))
        waiting = db.session.scalar(sa.select(Need).where(Need.token == "b" * 32))
        assert (answered.number, answered.need_type, answered.state, answered.plan) == (
            "XQ-2025-000001", "consultation", "to_evaluate", "一般 5 个工作日。")
        assert [(e.action, e.actor) for e in db.session.scalars(
            sa.select(NeedEvent).where(NeedEvent.need_id == answered.id).order_by(NeedEvent.id))] == [
            ("file", "王经理"), ("answer", "t_window")]
        assert (waiting.number, waiting.state, waiting.respond_due) == ("XQ-2026-000001", "submitted",
                                                                        dt.date(2026, 1, 5))
        assert not sa.inspect(db.engine).has_table("qi_consultation")
        from app.numbering import next_number
        assert next_number(db.session, "XQ", 2026) == "XQ-2026-000002"  # the counter continues after them
        db.session.rollback()
    client = app.test_client()
    page = client.get("/consultation/" + "a" * 32).get_data(as_text=True)
    assert "一般 5 个工作日。" in page and "检测周期多久？" in page
    assert client.get("/consultation/" + "b" * 32).status_code == 200
