"""A world of its own for the complaint tests: two enterprises, two institutions (members signed in
with ``MEMBER_PASSWORD``), a park window staffed by ``t_window`` and one staffed by nobody."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask_babel import force_locale, gettext

from app.complaints.models import Complaint, ComplaintEvent
from app.extensions import db
from app.testing.fixtures import USERS, add_users, login_client
from app.testing.orgs import MEMBER_PASSWORD, make_org
from app.testing.windows import make_window

TOKEN = re.compile(r'name="token" type="hidden" value="([0-9a-f]{32})"')
NUMBER = re.compile(r"TS-\d{4}-\d{6}")
CODE = re.compile(r'class="qi-secret-code"><strong>([A-Z2-9]{8})</strong>')


@pytest.fixture(scope="session")
def complaint_world(make_app):
    """One app for the complaint tests (made once: an app takes seconds to initialise)."""
    app = make_app()
    add_users(app)
    out = {"app": app}
    with app.app_context():
        for key, kind, name in [("ent_a", "enterprise", "甲投诉企业有限公司"), ("ent_b", "enterprise", "乙投诉企业有限公司"),
                                ("inst_c", "institution", "丙投诉检测中心"), ("inst_d", "institution", "丁投诉计量所")]:
            org_id, username = make_org(kind, name, types="testing" if kind == "institution" else "")
            out[key] = {"org": org_id, "user": username, "name": name}
        out["window"] = make_window("park", "投诉测试窗口", staff=("t_window",))
        out["other_window"] = make_window("park", "另一个窗口")
    return out


@pytest.fixture
def world(complaint_world):
    return complaint_world


def member(world, key):
    return login_client(world["app"], world[key]["user"], MEMBER_PASSWORD)


def staff(world, username="t_platform"):
    return login_client(world["app"], username, USERS[username][1])


def zh(app, message, **params) -> str:
    """``message`` as a Chinese reader sees it (the test clients read in Chinese)."""
    with app.test_request_context(), force_locale("zh"):
        return gettext(message, **params)


def form_token(client, path="/complaints/new") -> str:
    return TOKEN.search(client.get(path).get_data(as_text=True)).group(1)


def post_complaint(world, client=None, path="/complaints/new", **data):
    """Post the complaint form (a fresh token unless given); returns the response."""
    client = client or world["app"].test_client()
    values = {"token": form_token(client, path), "institution_id": str(world["inst_c"]["org"]),
              "institution_name": "", "complaint_type": "quality", "content": "报告数据前后矛盾",
              "request": "重新检测并说明原因", "complainant_name": "王经理", "contact": "13995112233"}
    values.update(data)
    return client.post(path, data=values, content_type="multipart/form-data")


def filed(response) -> tuple[str, str]:
    """(number, code) shown on the confirmation page."""
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html[:3000]
    code = CODE.search(html)
    return NUMBER.search(html).group(0), code.group(1) if code else ""


def stored(world, number) -> Complaint:
    with world["app"].app_context():
        row = db.session.scalar(sa.select(Complaint).where(Complaint.number == number))
        db.session.expunge(row)
        return row


def events(world, number) -> list[tuple]:
    with world["app"].app_context():
        return [tuple(r) for r in db.session.execute(
            sa.select(ComplaintEvent.action, ComplaintEvent.from_state, ComplaintEvent.to_state, ComplaintEvent.actor)
            .join(Complaint).where(Complaint.number == number).order_by(ComplaintEvent.id))]


def count(world) -> int:
    with world["app"].app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Complaint))


def step(client, number, name, comment="", follow=True):
    return client.post(f"/complaints/case/{number}/step", data={"step": name, "comment": comment},
                       follow_redirects=follow)
