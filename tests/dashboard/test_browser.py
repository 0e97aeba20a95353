"""Chromium draws the operations dashboard's charts from the project's own static files: the figure
gets ``qi-chart-drawn`` and no request leaves 127.0.0.1 (no CDN, 4.1-4c)."""
from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest

from app.extensions import db
from app.workdays import today
from tests.test_browser import _sign_in, browser, live_app, live_server  # noqa: F401  (the live server and Chromium)

from . import helpers as make

pytestmark = pytest.mark.browser


@pytest.mark.clause("4.1-4c")
def test_the_operations_charts_are_drawn_with_no_request_leaving_the_machine(live_app, live_server, browser):  # noqa: F811
    app = live_app[0]
    with app.app_context():
        day = today()
        make.evaluation(list(range(1, 10)), year=day.year, quarter=(day.month - 1) // 3 + 1)
        make.need(submitted_at=dt.datetime.utcnow() - dt.timedelta(hours=1))
        db.session.commit()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(15000)
    hosts = []
    page.on("request", lambda request: hosts.append(urlsplit(request.url).hostname))
    _sign_in(page, live_server)
    page.goto(live_server + "/dashboard/operations/")
    page.wait_for_selector("figure.qi-chart.qi-chart-drawn")
    assert page.locator("figure.qi-chart").count() == page.locator("figure.qi-chart-drawn").count() >= 2
    assert page.locator("figure.qi-chart-drawn svg").count() >= 2  # ECharts drew into the figure
    page.goto(live_server + "/dashboard/")
    queues = page.locator(".qi-queues").bounding_box()
    assert queues["y"] < 900  # the admin's work queues are on the first screen, above the links
    page.close()
    assert hosts and set(hosts) == {"127.0.0.1"}, set(hosts)
