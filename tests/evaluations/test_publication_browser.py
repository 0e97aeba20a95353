"""The public satisfaction page in Chromium: its charts are drawn by the vendored ECharts under the
site's Content-Security-Policy, and no request leaves 127.0.0.1."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from app.evaluations import publication
from app.extensions import db
from tests.evaluations.test_stats import build_world
from tests.test_browser import browser, live_app  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


@pytest.mark.clause("7.1-1")
def test_the_published_charts_are_drawn_under_the_csp_from_local_files_only(live_app, browser):  # noqa: F811
    app, base = live_app
    build_world(app)
    with app.app_context():
        publication.publish_quarter(db.session, 2026, 1, "b_admin")
        db.session.commit()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(15000)
    hosts, violations = set(), []
    page.on("request", lambda r: hosts.add(urlsplit(r.url).hostname))
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(base + "/satisfaction/?year=2026&quarter=1")
    page.wait_for_selector("figure.qi-chart.qi-chart-drawn")
    assert page.locator("figure.qi-chart.qi-chart-drawn").count() == 3  # dimensions, trend, ranking
    assert page.locator("figure.qi-chart-drawn svg").count() >= 3
    assert hosts == {"127.0.0.1"}, hosts
    assert not violations, violations
    page.close()
