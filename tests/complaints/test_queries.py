"""``complaint_counts(user)``: open, overdue and to-answer counts scoped to the user (the dashboards)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import g

from app.complaints.models import Complaint
from app.complaints.queries import complaint_counts
from app.extensions import db
from app.testing.fixtures import add_users, login_client
from app.testing.orgs import MEMBER_PASSWORD, make_org
from app.testing.windows import make_window

from .conftest import filed, post_complaint, staff, step


def _counts(app, username):
    from flask_appbuilder.security.sqla.models import User

    with app.test_request_context():
        user = db.session.scalar(sa.select(User).where(User.username == username))
        g.user = user
        return complaint_counts(user)


def test_complaint_counts_are_scoped_to_the_user(make_app):
    """An app of its own: the counts are of everything in it."""
    app = make_app()
    add_users(app)
    with app.app_context():
        c_org, c_user = make_org("institution", "计数检测中心", types="testing")
        d_org, d_user = make_org("institution", "计数计量所", types="testing")
        e_org, e_user = make_org("enterprise", "计数企业")
        window = make_window("park", "计数窗口", staff=("t_window",))
    world = {"app": app, "inst_c": {"org": c_org}}
    platform = staff(world)
    forwarded = []
    for about in (c_org, c_org, d_org):
        number, _ = filed(post_complaint(world, institution_id=str(about)))
        step(platform, number, "investigate")
        step(platform, number, "forward", "请答复")
        forwarded.append(number)
    late, _ = filed(post_complaint(world, client=platform, path="/complaints/intake", channel="phone",
                                   window=str(window)))
    with app.app_context():
        row = db.session.scalar(sa.select(Complaint).where(Complaint.number == late))
        row.due_on = row.due_on.replace(year=2020)
        db.session.commit()
    assert _counts(app, "t_platform") == {"open": 4, "overdue": 1, "to_answer": 1}
    assert _counts(app, "t_window") == {"open": 1, "overdue": 1, "to_answer": 1}
    assert _counts(app, c_user) == {"open": 2, "overdue": 0, "to_answer": 2}
    assert _counts(app, d_user) == {"open": 1, "overdue": 0, "to_answer": 1}
    assert _counts(app, e_user) == {"open": 0, "overdue": 0, "to_answer": 0}
    step(login_client(app, c_user, MEMBER_PASSWORD), forwarded[0], "reply", "已处理")
    assert _counts(app, c_user)["to_answer"] == 1
