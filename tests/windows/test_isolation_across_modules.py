"""Window staff across the whole service process (issue 13): on the demo's windows, the staff of the
park station reach its needs, appointments, visits and samples, and the staff of the enterprise
window reach none of them, through every list and page, while they do reach their own window's
expert team, which the park station's staff do not."""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.testing.fixtures import add_users, login_client
from app.windows.models import ServiceWindow, WindowStaffMember


def _ids(sql, **params):
    return list(db.session.scalars(sa.text(sql), params))


def test_window_staff_reach_only_their_windows_rows_in_every_module(make_app):
    app = make_app()
    add_users(app)
    assert app.test_cli_runner().invoke(args=["qi", "demo"]).exit_code == 0
    with app.app_context():
        park = db.session.scalar(sa.select(ServiceWindow).where(ServiceWindow.kind == "park"))
        own = db.session.scalar(sa.select(ServiceWindow).where(ServiceWindow.kind == "enterprise"))
        t_window = db.session.scalar(sa.text("select id from ab_user where username = 't_window'"))
        db.session.add(WindowStaffMember(window_id=own.id, user_id=t_window))
        db.session.commit()
        at_park = {
            "needs": _ids("select number from qi_need where window_id = :w", w=park.id),
            "appointments": _ids("select number from qi_appointment where window_id = :w", w=park.id),
            "visits": _ids("select id from qi_visit where window_id = :w", w=park.id),
            "samples": _ids("select number from qi_sample where window_id = :w", w=park.id),
            "sample ids": _ids("select id from qi_sample where window_id = :w", w=park.id),
        }
        teams = _ids("select id from qi_expert_team where window_id = :w", w=own.id)
    assert all(at_park.values()) and teams, (at_park, teams)

    park_staff = login_client(app, "window", "window-demo-2026")
    other = login_client(app, "t_window")
    # the park station's staff reach every kind of its rows, and not the other window's team
    assert park_staff.get(f"/needs/case/{at_park['needs'][0]}").status_code == 200
    assert park_staff.get(f"/appointments/show/{at_park['appointments'][0]}").status_code == 200
    assert park_staff.get(f"/visits/{at_park['visits'][0]}").status_code == 200
    assert park_staff.get(f"/samples/{at_park['sample ids'][0]}").status_code == 200
    assert park_staff.get(f"/teams/{teams[0]}").status_code == 404
    # the enterprise window's staff reach none of the park station's rows anywhere
    for number in at_park["needs"]:
        assert other.get(f"/needs/case/{number}").status_code == 404
    for number in at_park["appointments"]:
        assert other.get(f"/appointments/show/{number}").status_code == 404
    for pk in at_park["visits"]:
        assert other.get(f"/visits/{pk}").status_code == 404
    for pk in at_park["sample ids"]:
        assert other.get(f"/samples/{pk}").status_code == 404
    pages = ["/needs/list/?psize_NeedListView=100", "/needs/board/?show=open", "/appointments/list/",
             "/appointments/export/", "/visits/?list=all", "/visits/report/", "/samples/"]
    for page in pages:
        response = other.get(page)
        assert response.status_code in (200, 403), page
        body = response.get_data(as_text=True)
        for number in at_park["needs"] + at_park["appointments"] + at_park["samples"]:
            assert number not in body, (page, number)
        assert park.name not in body, page
    assert other.get(f"/teams/{teams[0]}").status_code == 200
