"""Regional analysis (6.3.1-4): the needs of quarter 2 of 2025 by the filing enterprise's industry
and region, by category and by month, and the needs referred outside by service item, equal a
hand-computed fixture; every table is one grouped statement whatever the number of needs."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from app.accounts.models import Organisation
from app.catalog.models import ServiceItem
from app.extensions import db
from app.testing.fixtures import add_users, login_client
from app.testing.orgs import make_org
from tests.windows.test_sql_counts import statements_of

from . import helpers as make

UTC = dt.datetime


def _org(name, region, industry):
    org_id, _ = make_org("enterprise", name)
    org = db.session.get(Organisation, org_id)
    org.region_code, org.industry = region, industry
    db.session.commit()
    return org_id


@pytest.fixture(scope="module")
def world(make_app):
    app = make_app()
    add_users(app)
    with app.app_context():
        items = db.session.scalars(sa.select(ServiceItem).order_by(ServiceItem.id)).all()
        i1 = items[0]
        i2 = next(i for i in items if i.category_id != i1.category_id)
        x, y = i1.category_id, i2.category_id
        ent1 = _org("区域企业一", "640100", "塑料制品")
        ent2 = _org("区域企业二", "640300", "枸杞加工")
        ent3 = _org("区域企业三", "640105", "  ")  # a district the platform does not list
        make.need(organisation_id=ent1, category_id=x, submitted_at=UTC(2025, 4, 3, 2))
        make.need(organisation_id=ent1, item=i1, state="referred", submitted_at=UTC(2025, 5, 3, 2))
        make.need(organisation_id=ent1, item=i1, state="referred", submitted_at=UTC(2025, 6, 3, 2))
        make.need(organisation_id=ent1, category_id=x, submitted_at=UTC(2025, 7, 5, 2))  # next quarter
        make.need(organisation_id=ent2, item=i2, state="referred", submitted_at=UTC(2025, 4, 9, 2))
        make.need(organisation_id=ent2, category_id=x, submitted_at=UTC(2025, 6, 30, 15, 59))  # 23:59 in China
        make.need(organisation_id=ent3, category_id=y, submitted_at=UTC(2025, 5, 20, 2))
        make.need(category_id=x, submitted_at=UTC(2025, 3, 31, 16, 5))  # no enterprise; 1 April in China
        db.session.commit()
        names = {"i1": i1.name_zh, "i2": i2.name_zh, "x": i1.category.name_zh, "y": i2.category.name_zh}
    return {"app": app, "staff": login_client(app, "t_platform"), **names, "ent1": ent1}


def table(html: str, cls: str) -> list[list[str]]:
    body = html.split(f"table table-condensed {cls}")[1].split("</table>")[0].split("<tbody>")[1]
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", tr, re.S)]
            for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


@pytest.mark.clause("6.3.1-4")
def test_needs_by_industry_region_category_and_month_equal_the_hand_computed_figures(world):
    html = world["staff"].get("/dashboard/region/?quarter=2025-Q2").get_data(as_text=True)
    assert "期间内受理需求 7 件" in html
    assert table(html, "qi-region-industry") == [["塑料制品", "3"], ["未填写", "2"], ["枸杞加工", "2"]]
    assert table(html, "qi-region-region") == [["银川市", "3"], ["吴忠市", "2"], ["未填写", "1"], ["银川市 640105", "1"]]
    assert table(html, "qi-region-category") == [[world["x"], "5"], [world["y"], "2"]]
    months = html.split("qi-chart-data")[1].split("</table>")[0]
    assert re.findall(r'<th scope="row">(\d{4}-\d{2})</th><td>(\d+)</td>', months) == [
        ("2025-04", "3"), ("2025-05", "2"), ("2025-06", "2")]


@pytest.mark.clause("6.3.1-4")
def test_the_top_unmet_needs_are_the_needs_referred_outside_by_service_item(world):
    html = world["staff"].get("/dashboard/region/?quarter=2025-Q2").get_data(as_text=True)
    assert table(html, "qi-region-unmet") == [[world["i1"], world["x"], "2"], [world["i2"], world["y"], "1"]]


def test_the_regional_page_runs_the_same_statements_whatever_the_number_of_needs(world):
    app, url = world["app"], "/dashboard/region/?quarter=2025-Q2"
    few = statements_of(app, world["staff"], url)[0]
    with app.app_context():
        for day in range(40):
            ent = _org(f"区域批量企业{day}", ("640200", "640400", "640500")[day % 3], f"行业{day % 7}")
            make.need(organisation_id=ent, state="referred" if day % 2 else "submitted",
                      submitted_at=UTC(2025, 4, 1, 2) + dt.timedelta(days=day))
        db.session.commit()
    assert statements_of(app, world["staff"], url)[0] == few
