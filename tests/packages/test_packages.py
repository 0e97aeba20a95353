"""Package services (4.2.2-1, 4.2.2-2): similar needs of one industry bundled for an institution
window, which takes one step on all of them (all or nothing)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.accounts.models import Organisation
from app.extensions import db
from app.needs import flow
from app.needs.models import Need, NeedEvent
from app.needs.states import STAFF
from app.packages.models import NeedPackage, PackageNeed
from app.testing.fixtures import USERS, add_users, login_client
from app.testing.orgs import MEMBER_PASSWORD, make_org
from app.testing.windows import make_window

INDUSTRY = "光伏组件制造"


@pytest.fixture(scope="module")
def world(make_app):
    """An app of its own: a PV testing institution with its window (staffed by t_window), another
    institution, three PV enterprises and one of another industry."""
    app = make_app()
    add_users(app)
    out = {"app": app}
    with app.app_context():
        for key, kind, name in [("inst", "institution", "光伏检测中心"), ("other_inst", "institution", "别的检测中心"),
                                ("pv1", "enterprise", "甲光伏有限公司"), ("pv2", "enterprise", "乙光伏有限公司"),
                                ("pv3", "enterprise", "丙光伏有限公司"), ("food", "enterprise", "丁食品有限公司")]:
            out[key] = dict(zip(("org", "user"), make_org(kind, name, types="testing" if kind == "institution" else "")))
            db.session.get(Organisation, out[key]["org"]).industry = "食品加工" if key == "food" else INDUSTRY
        db.session.commit()
        out["window"] = make_window("institution", "光伏检测服务窗口", organisation_id=out["inst"]["org"],
                                    industry=INDUSTRY, staff=("t_window",))
        out["park"] = make_window("park", "园区服务站")
    return out


def staff(world, username="t_platform"):
    return login_client(world["app"], username, USERS[username][1])


def member(world, key):
    return login_client(world["app"], world[key]["user"], MEMBER_PASSWORD)


def planned_need(world, key, window_id=None) -> str:
    """A need of enterprise ``key`` answered with a plan (ready to be matched); its number."""
    with world["app"].app_context():
        need, _ = flow.file_need(db.session, need_type="service", title="组件湿热试验", contact_name="王",
                                 contact="13800000000", actor="t", organisation_id=world[key]["org"],
                                 window_id=window_id)
        flow.take_step(db.session, need, "plan", actor="t_platform", actor_kinds={STAFF}, comment="送检")
        db.session.commit()
        return need.number


def states(world, numbers) -> list[str]:
    with world["app"].app_context():
        return [db.session.scalar(sa.select(Need.state).where(Need.number == n)) for n in numbers]


def make_package(world, client, title="光伏组件检测包", stages=("rnd", "production")) -> int:
    response = client.post("/packages/new", data={"title": title, "window": str(world["window"]), "industry": "",
                                                  "stages": list(stages)})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


@pytest.mark.clause("4.2.2-1")
@pytest.mark.clause("4.2.2-2")
def test_a_package_of_one_industry_takes_one_step_on_all_its_needs(world):
    numbers = [planned_need(world, key) for key in ("pv1", "pv2", "pv3")]
    food = planned_need(world, "food")
    platform = staff(world)
    pk = make_package(world, platform, stages=("rnd", "purchasing", "after_sales"))
    with world["app"].app_context():
        package = db.session.get(NeedPackage, pk)
        assert package.industry == INDUSTRY and package.institution_id == world["inst"]["org"]  # the window's
        assert package.stage_codes == ["rnd", "purchasing", "after_sales"]
    added = platform.post(f"/packages/{pk}/needs", data={"numbers": " ".join(numbers + [food])}, follow_redirects=True)
    assert f"{food}: " in added.get_data(as_text=True)  # another industry: named, left out
    with world["app"].app_context():
        assert sorted(db.session.scalars(sa.select(PackageNeed.need_id).where(PackageNeed.package_id == pk))) == sorted(
            db.session.scalars(sa.select(Need.id).where(Need.number.in_(numbers))))
    page = member(world, "inst").get(f"/packages/{pk}").get_data(as_text=True)
    assert all(n in page for n in numbers) and 'data-stage="purchasing"' in page  # the institution sees it, with its stages
    # staff match every need to the window's institution at once, then the institution accepts them all
    assert platform.post(f"/packages/{pk}/step", data={"step": "match"}).status_code == 302
    assert states(world, numbers) == ["matched"] * 3
    assert member(world, "inst").post(f"/packages/{pk}/step", data={"step": "accept"}).status_code == 302
    assert states(world, numbers) == ["in_service"] * 3
    with world["app"].app_context():
        for number in numbers:  # each need keeps its own history
            need_id = db.session.scalar(sa.select(Need.id).where(Need.number == number))
            actions = db.session.scalars(sa.select(NeedEvent.action).where(NeedEvent.need_id == need_id)
                                         .order_by(NeedEvent.id)).all()
            assert actions[-2:] == ["match", "accept"]


@pytest.mark.clause("4.2.2-1")
def test_a_step_some_needs_do_not_allow_is_refused_whole_and_names_them(world):
    numbers = [planned_need(world, key) for key in ("pv1", "pv2")]
    platform = staff(world)
    pk = make_package(world, platform)
    platform.post(f"/packages/{pk}/needs", data={"numbers": " ".join(numbers)})
    assert platform.post(f"/packages/{pk}/step", data={"step": "match"}).status_code == 302
    with world["app"].app_context():  # the second need is declined on its own case page
        need = db.session.scalar(sa.select(Need).where(Need.number == numbers[1]))
        flow.take_step(db.session, need, "decline", actor="x", actor_kinds={STAFF}, comment="排期已满")
        db.session.commit()
    refused = member(world, "inst").post(f"/packages/{pk}/step", data={"step": "accept"})
    assert refused.status_code == 409
    assert f'data-number="{numbers[1]}"' in refused.get_data(as_text=True)
    assert states(world, numbers) == ["matched", "planned"]  # nothing was done


def test_a_need_is_in_one_open_package_at_most(world):
    number = planned_need(world, "pv1")
    platform = staff(world)
    first, second = make_package(world, platform, "第一包"), make_package(world, platform, "第二包")
    platform.post(f"/packages/{first}/needs", data={"numbers": number})
    platform.post(f"/packages/{second}/needs", data={"numbers": number})

    def members(pk):
        with world["app"].app_context():
            return db.session.scalar(sa.select(sa.func.count()).select_from(PackageNeed)
                                     .where(PackageNeed.package_id == pk))

    assert (members(first), members(second)) == (1, 0)
    assert platform.post(f"/packages/{first}/close").status_code == 302
    platform.post(f"/packages/{second}/needs", data={"numbers": number})
    assert members(second) == 1


def test_window_staff_add_only_needs_they_may_see_and_see_only_their_packages(world):
    seen, unseen = planned_need(world, "pv2", window_id=world["window"]), planned_need(world, "pv3", window_id=world["park"])
    window_staff = staff(world, "t_window")
    pk = make_package(world, window_staff, "窗口打包")
    page = window_staff.post(f"/packages/{pk}/needs", data={"numbers": f"{seen} {unseen}"}, follow_redirects=True)
    assert f"{unseen}" in page.get_data(as_text=True)
    with world["app"].app_context():
        assert db.session.scalars(sa.select(Need.number).join(PackageNeed, PackageNeed.need_id == Need.id)
                                  .where(PackageNeed.package_id == pk)).all() == [seen]
    assert member(world, "other_inst").get(f"/packages/{pk}").status_code == 404
    assert f'data-id="{pk}"' not in member(world, "other_inst").get("/packages/").get_data(as_text=True)
    assert member(world, "inst").post(f"/packages/{pk}/needs", data={"numbers": seen}).status_code == 403
    assert member(world, "pv2").get("/packages/").status_code in (302, 403)


@pytest.mark.parametrize("path", ["/packages/?state=nope", "/packages/?page=x"])
def test_bad_list_arguments_are_400(world, path):
    assert staff(world).get(path).status_code == 400


def test_get_never_changes_a_package(world):
    number = planned_need(world, "pv1")
    platform = staff(world)
    pk = make_package(world, platform, "只读检查")
    platform.post(f"/packages/{pk}/needs", data={"numbers": number})
    for path in ("step", "close", "needs"):
        assert platform.get(f"/packages/{pk}/{path}?step=match&numbers={number}").status_code == 405
    assert states(world, [number]) == ["planned"]
