"""Every page of equipment, packages and teams renders for the roles that use it, in both languages."""
from __future__ import annotations

import pytest

from app.equipment.models import SharedInstrument
from app.extensions import db
from app.testing.fixtures import USERS, add_users, login_client
from app.testing.orgs import MEMBER_PASSWORD, make_org
from app.testing.windows import make_window


@pytest.fixture(scope="module")
def world(make_app):
    app = make_app()
    add_users(app)
    with app.app_context():
        inst, inst_user = make_org("institution", "渲染检测中心", types="testing")
        ent, ent_user = make_org("enterprise", "渲染企业")
        instrument = SharedInstrument(organisation_id=inst, name="渲染仪器", measures="长度", location="1 楼")
        db.session.add(instrument)
        db.session.commit()
        make_window("institution", "渲染机构窗口", organisation_id=inst, industry="食品制造", staff=("t_window",))
        make_window("enterprise", "渲染企业窗口", organisation_id=ent, staff=("t_window",))
        return {"app": app, "inst": inst_user, "ent": ent_user, "instrument": instrument.id}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pages_render(world, lang):
    app, pk = world["app"], world["instrument"]
    window_staff = login_client(app, "t_window", USERS["t_window"][1])
    institution = login_client(app, world["inst"], MEMBER_PASSWORD)
    enterprise = login_client(app, world["ent"], MEMBER_PASSWORD)
    for client in (window_staff, institution, enterprise):
        client.get(f"/lang/{lang}")
    package = window_staff.post("/packages/new", data={"title": "渲染包", "window": _window_id(window_staff, "/packages/new"),
                                                       "stages": ["rnd"]})
    team = window_staff.post("/teams/new", data={"name": "渲染团队", "window": _window_id(window_staff, "/teams/new")})
    assert package.status_code == 302 and team.status_code == 302
    pages = [(app.test_client(), "/equipment/"), (app.test_client(), f"/equipment/{pk}"),
             (enterprise, f"/equipment/{pk}"), (enterprise, f"/equipment/{pk}/book"), (enterprise, "/equipment/bookings/"),
             (institution, "/equipment/own/"), (institution, "/equipment/own/new"),
             (institution, f"/equipment/own/{pk}/edit"), (institution, "/equipment/bookings/"),
             (window_staff, "/packages/"), (window_staff, package.headers["Location"]), (institution, "/packages/"),
             (institution, package.headers["Location"]), (window_staff, "/teams/"), (window_staff, team.headers["Location"]),
             (enterprise, "/teams/"), (enterprise, team.headers["Location"])]
    for client, path in pages:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)


def _window_id(client, path) -> str:
    import re

    return re.search(r'<option[^>]*value="(\d+)"', client.get(path).get_data(as_text=True)).group(1)
