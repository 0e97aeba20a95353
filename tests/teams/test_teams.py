"""Expert teams (4.2.3-1, 4.2.3-2): an enterprise window's team of experts by field, attached to the
window's needs and shown on their case pages; managed by staff, scoped to the window."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.needs import flow
from app.teams.models import ExpertMember, ExpertTeam, TeamNeed
from app.testing.fixtures import USERS, add_users, login_client
from app.testing.orgs import MEMBER_PASSWORD, make_org
from app.testing.windows import make_window


@pytest.fixture(scope="module")
def world(make_app):
    """An app of its own: an enterprise with its enterprise window (staffed by t_window), another
    enterprise window nobody here staffs, needs at both."""
    app = make_app()
    add_users(app)
    out = {"app": app}
    with app.app_context():
        for key, name in [("ent", "重点项目企业有限公司"), ("other", "别的企业有限公司")]:
            out[key] = dict(zip(("org", "user"), make_org("enterprise", name)))
        out["window"] = make_window("enterprise", "重点企业服务窗口", organisation_id=out["ent"]["org"], staff=("t_window",))
        out["far"] = make_window("enterprise", "别的企业窗口", organisation_id=out["other"]["org"])
        for key, window in (("need", out["window"]), ("far_need", out["far"])):
            need, _ = flow.file_need(db.session, need_type="service", title="新产品可靠性设计", contact_name="王",
                                     contact="13800000000", actor="t", organisation_id=out["ent"]["org"],
                                     window_id=window)
            out[key] = need.number
        db.session.commit()
    return out


def staff(world, username="t_window"):
    return login_client(world["app"], username, USERS[username][1])


def make_team(world, client, window=None, name="可靠性专家团队") -> int:
    response = client.post("/teams/new", data={"name": name, "window": str(window or world["window"])})
    assert response.status_code == 302, response.get_data(as_text=True)[:1500]
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


@pytest.mark.clause("4.2.3-1")
@pytest.mark.clause("4.2.3-2")
def test_a_team_attached_to_a_need_is_shown_on_its_case_page(world):
    window_staff = staff(world)
    pk = make_team(world, window_staff)
    for name, field in (("张工", "equipment"), ("李研究员", "product"), ("王教授", "problems")):
        assert window_staff.post(f"/teams/{pk}/members", data={"name": name, "field": field, "title": "高级工程师",
                                                               "employer": "宁夏大学", "contact": "13900000000"}
                                 ).status_code == 302
    assert window_staff.post(f"/teams/{pk}/needs", data={"number": world["need"]}).status_code == 302
    enterprise = login_client(world["app"], world["ent"]["user"], MEMBER_PASSWORD)
    case = enterprise.get(f"/needs/case/{world['need']}").get_data(as_text=True)
    assert f'data-team="{pk}"' in case and "张工" in case and 'data-field="problems"' in case
    # a need without a team shows none
    assert "qi-need-team" not in enterprise.get(f"/needs/case/{world['far_need']}").get_data(as_text=True)


def test_a_team_is_attached_only_to_needs_of_its_window(world):
    platform = staff(world, "t_platform")
    pk = make_team(world, platform, name="只接本窗口")
    assert platform.post(f"/teams/{pk}/needs", data={"number": world["far_need"]}).status_code == 302
    with world["app"].app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(TeamNeed).where(TeamNeed.team_id == pk)) == 0


def test_teams_are_scoped_to_their_window(world):
    far = make_team(world, staff(world, "t_platform"), window=world["far"], name="别的窗口团队")
    window_staff = staff(world)
    assert window_staff.get(f"/teams/{far}").status_code == 404
    assert f'data-id="{far}"' not in window_staff.get("/teams/").get_data(as_text=True)
    assert window_staff.post(f"/teams/{far}/members", data={"name": "x", "field": "other"}).status_code == 404
    own = make_team(world, window_staff, name="本窗口团队")
    enterprise = login_client(world["app"], world["ent"]["user"], MEMBER_PASSWORD)
    listed = enterprise.get("/teams/").get_data(as_text=True)
    assert f'data-id="{own}"' in listed and f'data-id="{far}"' not in listed  # its window's, read only
    assert enterprise.post(f"/teams/{own}/members", data={"name": "x", "field": "other"}).status_code == 403
    # window staff cannot make a team for a window they do not work
    response = window_staff.post("/teams/new", data={"name": "越权", "window": str(world["far"])})
    assert response.status_code == 422
    with world["app"].app_context():
        assert db.session.scalar(sa.select(ExpertTeam).where(ExpertTeam.name == "越权")) is None


def test_a_member_needs_a_known_field_and_get_changes_nothing(world):
    window_staff = staff(world)
    pk = make_team(world, window_staff, name="字段检查")
    window_staff.post(f"/teams/{pk}/members", data={"name": "赵工", "field": "cooking"})
    assert window_staff.get(f"/teams/{pk}/members?name=x&field=other").status_code == 405
    assert window_staff.get(f"/teams/{pk}/needs?number={world['need']}").status_code == 405
    with world["app"].app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ExpertMember)
                                 .where(ExpertMember.team_id == pk)) == 0


def test_bad_list_arguments_are_400(world):
    assert staff(world).get("/teams/?page=x").status_code == 400
