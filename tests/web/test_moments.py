"""Dates and times per language, in China Standard Time, to the minute, whatever the server's zone."""
import datetime as dt
import os
import time

import pytest

from app.extensions import db
from app.i18n.moments import format_moment
from tests.dashboard.helpers import need

STORED = dt.datetime(2026, 11, 26, 10, 5, 31, 123456)  # naive UTC, as stored


@pytest.fixture
def new_york():
    """The server's own zone far from China: the display must not follow it."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.fixture(scope="module")
def consultation(app):
    with app.app_context():
        row = need(need_type="consultation", submitted_at=STORED)
        number, pk = row.number, row.id
        db.session.commit()
    return number, pk


def test_the_formatter_writes_china_time_to_the_minute_per_language(app, new_york):
    with app.test_request_context("/?_l_=zh"):
        assert format_moment(STORED) == "2026-11-26 18:05"
        assert format_moment(dt.date(2026, 11, 26)) == "2026-11-26" and format_moment(None) == ""
    with app.test_request_context("/?_l_=en"):
        assert format_moment(STORED) == "26 Nov 2026, 18:05"
        aware = dt.datetime(2026, 11, 26, 23, 30, tzinfo=dt.timezone.utc)
        assert format_moment(aware) == "27 Nov 2026, 07:30"  # the next day in Beijing


@pytest.mark.clause("4.1-4b")
@pytest.mark.parametrize("lang, shown", [("zh", "2026-11-26 18:05"), ("en", "26 Nov 2026, 18:05")])
def test_a_list_and_a_show_page_show_china_time_without_seconds(app, admin_client, consultation, new_york, lang, shown):
    number, pk = consultation
    for path in (f"/consultationview/list/?_l_={lang}", f"/consultationview/show/{pk}?_l_={lang}"):
        html = admin_client.get(path).get_data(as_text=True)
        assert number in html and shown in html, path
        assert "123456" not in html and "10:05" not in html, path


def test_the_day_filter_gives_the_china_day_per_language(app):
    late = dt.datetime(2026, 11, 26, 20, 30)  # naive UTC: already 27 November in Beijing
    with app.test_request_context("/?_l_=zh"):
        assert app.jinja_env.from_string("{{ t | day }}").render(t=late) == "2026-11-27"
    with app.test_request_context("/?_l_=en"):
        assert app.jinja_env.from_string("{{ t | day }}").render(t=late) == "27 Nov 2026"


@pytest.mark.parametrize("lang, shown", [("zh", "2026-11-26 18:05"), ("en", "26 Nov 2026, 18:05")])
def test_an_organisations_review_history_shows_china_time(app, admin_client, org_factory, lang, shown):
    """Templates of the app's own pages (here the review page's history) format through the same filter."""
    from app.accounts.models import OrganisationEvent

    org_id, _member = org_factory("enterprise", "时间显示测试企业")
    with app.app_context():
        db.session.add(OrganisationEvent(organisation_id=org_id, action="submitted", actor="t", created_on=STORED))
        db.session.commit()
    html = admin_client.get(f"/review/organisation/{org_id}?_l_={lang}").get_data(as_text=True)
    assert shown in html and "10:05" not in html
