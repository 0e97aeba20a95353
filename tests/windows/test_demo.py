"""The demo windows: a park station worked by the demo user ``window``, the demo institution's and
enterprise's windows, and demo needs filed at the park station that its staff see."""
from __future__ import annotations

import re

import sqlalchemy as sa

from app.extensions import db
from app.testing.fixtures import login_client
from app.windows.models import ServiceWindow


def test_the_demo_has_three_kinds_of_window_and_the_window_user_sees_the_park_stations_needs(make_app):
    app = make_app()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["qi", "demo"]).exit_code == 0
    assert runner.invoke(args=["qi", "demo"]).exit_code == 0  # twice adds nothing
    with app.app_context():
        windows = db.session.scalars(sa.select(ServiceWindow).order_by(ServiceWindow.kind)).all()
        assert sorted(w.kind for w in windows) == ["enterprise", "institution", "park"]
        assert all(w.hours and w.services for w in windows)
        park = next(w for w in windows if w.kind == "park")
        assert [m.user.username for m in park.staff] == ["window"]
        assert all(w.organisation_id for w in windows if w.kind != "park")
        at_park = set(db.session.scalars(sa.text("select number from qi_need where window_id = :w"), {"w": park.id}))
    assert at_park
    client = login_client(app, "window", "window-demo-2026")
    listing = client.get("/needs/list/?psize_NeedListView=100").get_data(as_text=True)
    assert at_park <= set(re.findall(r"XQ-\d{4}-\d{6}", listing))
    assert "银川经济技术开发区质量服务站" in client.get("/needs/board/?show=open").get_data(as_text=True)
    assert app.test_client().get("/windows/yc-park").status_code == 200
