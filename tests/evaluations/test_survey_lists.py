"""Every list of evaluations and dissatisfaction cases shows each role only its rows; the entry page
is staff's, window staff only for their windows' needs."""
from __future__ import annotations

import re
import datetime as dt

import pytest

from app.evaluations.survey import save_evaluation
from app.extensions import db
from app.testing.fixtures import login_client
from app.testing.orgs import MEMBER_PASSWORD
from tests.evaluations.helpers import answers


class _Need:
    id = None

    def __init__(self, organisation_id, institution_id, window_id):
        self.organisation_id, self.institution_id, self.window_id = organisation_id, institution_id, window_id


@pytest.fixture
def world(app, org_factory, window_factory):
    ent_a, ent_a_user = org_factory("enterprise", "范围甲企业")
    ent_b, ent_b_user = org_factory("enterprise", "范围乙企业")
    inst_a, inst_a_user = org_factory("institution", "范围甲机构")
    inst_b, inst_b_user = org_factory("institution", "范围乙机构")
    mine = window_factory("park", "范围窗口", staff=("t_window",))
    other = window_factory("park", "他人窗口")
    ids = {}
    with app.app_context():
        for name, (org, inst, window) in {"a": (ent_a, inst_a, mine), "b": (ent_b, inst_b, other)}.items():
            evaluation = save_evaluation(db.session, answers(8, r4=2, reasons={"r4": "系统太慢"}),
                                         respondent=f"c:scope-{name}-{dt.datetime.now().timestamp()}",
                                         need=_Need(org, inst, window))
            ids[name] = evaluation.id
        db.session.commit()
        from sqlalchemy import select
        from app.evaluations.models import DissatisfactionCase
        cases = {name: db.session.scalar(select(DissatisfactionCase.id).where(DissatisfactionCase.evaluation_id == i))
                 for name, i in ids.items()}
    return {"evaluations": ids, "cases": cases, "users": {"ent_a": ent_a_user, "ent_b": ent_b_user,
                                                          "inst_a": inst_a_user, "inst_b": inst_b_user}}


def _shown(client, url, attribute):
    return set(int(i) for i in re.findall(rf'{attribute}="(\d+)"', client.get(url).get_data(as_text=True)))


def test_each_role_sees_only_its_evaluations_and_cases(app, world):
    e, c, users = world["evaluations"], world["cases"], world["users"]
    both_e, both_c = {e["a"], e["b"]}, {c["a"], c["b"]}
    staff = login_client(app, "t_platform")
    assert both_e <= _shown(staff, "/evaluations/", "data-evaluation")
    assert both_c <= _shown(staff, "/evaluations/cases/", "data-case")
    window = login_client(app, "t_window")
    assert e["a"] in _shown(window, "/evaluations/", "data-evaluation")
    assert e["b"] not in _shown(window, "/evaluations/", "data-evaluation")
    assert c["a"] in _shown(window, "/evaluations/cases/", "data-case")
    assert c["b"] not in _shown(window, "/evaluations/cases/", "data-case")
    for who, own, theirs in [("inst_a", "a", "b"), ("ent_a", "a", "b"), ("inst_b", "b", "a")]:
        client = login_client(app, users[who], MEMBER_PASSWORD)
        shown = _shown(client, "/evaluations/", "data-evaluation")
        assert e[own] in shown and e[theirs] not in shown, who
        assert client.get(f"/evaluations/{e[theirs]}").status_code == 404
        assert client.get(f"/evaluations/{e[own]}").status_code == 200
    inst_a = login_client(app, users["inst_a"], MEMBER_PASSWORD)
    assert _shown(inst_a, "/evaluations/cases/", "data-case") & both_c == {c["a"]}
    ent_a = login_client(app, users["ent_a"], MEMBER_PASSWORD)
    assert ent_a.get("/evaluations/cases/").status_code in (302, 403)  # enterprises have no dissatisfaction cases
    assert ent_a.get("/evaluations/enter").status_code in (302, 403)
    assert staff.get("/evaluations/?page=x").status_code == 400
    assert staff.get("/evaluations/cases/?state=nope").status_code == 400


def test_only_staff_write_the_improvement_measures(app, world):
    e, users = world["evaluations"], world["users"]
    inst_a = login_client(app, users["inst_a"], MEMBER_PASSWORD)
    assert inst_a.post(f"/evaluations/{e['a']}/improvement", data={"improvement": "x"}).status_code == 403
    staff = login_client(app, "t_platform")
    assert staff.post(f"/evaluations/{e['a']}/improvement", data={"improvement": "增加线上查询"}).status_code == 303
    assert "增加线上查询" in inst_a.get(f"/evaluations/{e['a']}").get_data(as_text=True)


def test_window_staff_enter_evaluations_only_for_their_windows_needs(app, org_factory, window_factory):
    from tests.evaluations.test_survey import informed_need, survey_form

    ent, _ = org_factory("enterprise", "窗口录入企业")
    inst, _ = org_factory("institution", "窗口录入机构")
    mine = window_factory("park", "录入窗口", staff=("t_window",))
    other = window_factory("park", "别人的录入窗口")
    with app.app_context():
        own_need = informed_need(ent, inst, window_id=mine)
        other_need = informed_need(ent, inst, window_id=other)
        from sqlalchemy import select
        from app.catalog.models import ServiceCategory
        category = str(db.session.scalar(select(ServiceCategory.id).where(ServiceCategory.code == "other")))
    window = login_client(app, "t_window")
    assert window.post("/evaluations/enter", data=survey_form(kind="user", source="paper", contents=[category],
                                                              need_number=own_need.number)).status_code == 303
    refused = window.post("/evaluations/enter?_l_=zh", data=survey_form(kind="user", source="paper",
                                                                        need_number=other_need.number))
    assert refused.status_code == 422 and other_need.number in refused.get_data(as_text=True)
    no_need = window.post("/evaluations/enter", data=survey_form(kind="self", source="paper"))
    assert no_need.status_code == 422


def test_a_case_is_announced_to_the_responsible_windows_staff_and_institution(app, world):
    from sqlalchemy import func, select
    from flask_appbuilder.security.sqla.models import User
    from app.notify.models import Message

    with app.app_context():
        def told(username, case_id):
            user_id = db.session.scalar(select(User.id).where(User.username == username))
            return db.session.scalar(select(func.count()).select_from(Message).where(
                Message.user_id == user_id, Message.url == f"/evaluations/cases/{case_id}"))
        assert told("t_window", world["cases"]["a"]) == 1
        assert told("t_window", world["cases"]["b"]) == 0
        assert told(world["users"]["inst_a"], world["cases"]["a"]) == 1
        assert told(world["users"]["inst_b"], world["cases"]["a"]) == 0
