"""Announcements (通知公告, issue 18): staff publish bilingual notices for a period; the home page and
the public list show those published today, pinned first; English readers see the Chinese text,
marked, until an English one is written."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from app.announcements.models import Announcement
from app.extensions import db
from app.testing.fixtures import add_users, login_client
from app.workdays import today


@pytest.fixture(scope="module")
def world(make_app):
    app = make_app()
    add_users(app)
    return {"app": app, "staff": login_client(app, "t_platform")}


def _add(staff, **fields) -> int:
    data = {"body_zh": "正文", "publish_from": today().isoformat(), **fields}
    response = staff.post("/announcementadminview/add", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    with staff.application.app_context():
        return db.session.scalar(select(Announcement.id).where(Announcement.title_zh == fields["title_zh"]))


def _days(n: int) -> str:
    return (today() + dt.timedelta(days=n)).isoformat()


def test_published_announcements_show_on_the_home_page_and_in_the_list_pinned_first(world):
    app, staff = world["app"], world["staff"]
    older = _add(staff, title_zh="窗口调整办公时间", title_en="Windows change their hours",
                 body_zh="自下周起**延长**办公时间。", body_en="From next week the windows **open longer**.",
                 publish_from=_days(-3))
    pinned = _add(staff, title_zh="系统升级停机通知", title_en="Maintenance notice", pinned="y", publish_from=_days(-10))
    chinese_only = _add(staff, title_zh="仅中文的公告", publish_from=_days(-1))
    future = _add(staff, title_zh="明天才发布的公告", publish_from=_days(1))
    expired = _add(staff, title_zh="已过期的公告", publish_from=_days(-20), publish_until=_days(-1))
    visitor = app.test_client()
    home = visitor.get("/").get_data(as_text=True)
    section = re.search(r'<section class="qi-home-announcements".*?</section>', home, re.S).group(0)
    shown = re.findall(r'<li data-id="(\d+)"', section)
    assert shown[:3] == [str(pinned), str(chinese_only), str(older)]
    listed = visitor.get("/announcements/?_l_=en").get_data(as_text=True)
    assert "Maintenance notice" in listed and "Windows change their hours" in listed
    assert "明天才发布的公告" not in listed and "已过期的公告" not in listed
    for hidden in (future, expired):
        assert visitor.get(f"/announcements/{hidden}").status_code == 404
    english = visitor.get(f"/announcements/{older}?_l_=en").get_data(as_text=True)
    assert "<strong>open longer</strong>" in english and "qi-translation-missing" not in english
    chinese = visitor.get(f"/announcements/{older}").get_data(as_text=True)
    assert "<strong>延长</strong>" in chinese
    marked = visitor.get(f"/announcements/{chinese_only}?_l_=en").get_data(as_text=True)
    assert "qi-translation-missing" in marked and "仅中文的公告" in marked


def test_a_last_day_before_the_first_is_refused_translated(world):
    app, staff = world["app"], world["staff"]
    refused = staff.post("/announcementadminview/add?_l_=en", data={
        "title_zh": "日期颠倒", "body_zh": "x", "publish_from": _days(5), "publish_until": _days(1)})
    assert refused.status_code == 200 and "The last day cannot come before the first." in refused.get_data(as_text=True)
    zh = staff.post("/announcementadminview/add", data={
        "title_zh": "日期颠倒", "body_zh": "x", "publish_from": _days(5), "publish_until": _days(1)})
    assert "截止日期不能早于开始日期" in zh.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Announcement).where(Announcement.title_zh == "日期颠倒")) is None


def test_only_staff_write_announcements(world):
    app = world["app"]
    enterprise = login_client(app, "t_enterprise")
    for client in (enterprise, app.test_client()):
        assert client.post("/announcementadminview/add", data={"title_zh": "越权", "body_zh": "x",
                                                              "publish_from": _days(0)}).status_code in (302, 403)
    written = _add(world["staff"], title_zh="员工发布的公告")
    with app.app_context():
        assert db.session.scalar(select(Announcement).where(Announcement.title_zh == "越权")) is None
        assert db.session.get(Announcement, written).created_by == "t_platform"
