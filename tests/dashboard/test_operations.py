"""The operations dashboard (4.1-4c): its figures equal a hand-computed fixture of quarter 2 of
2025, China time (a need received at 00:30 on 1 April counts, one at 01:00 on 1 July does not; a
response at 00:30 China time the day after its due date is late), the period filter works, and a bad
period is a 400 with a message."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from app.catalog.models import ServiceCategory
from app.extensions import db
from app.testing.fixtures import add_users, login_client
from app.testing.windows import make_window

from . import helpers as make
from .helpers import figures

UTC = dt.datetime


@pytest.fixture(scope="module")
def world(make_app):
    app = make_app()
    add_users(app)
    with app.app_context():
        x, y = db.session.scalars(sa.select(ServiceCategory.id).order_by(ServiceCategory.id).limit(2)).all()
        w = make_window("park", "运营看板窗口", code="ops-w")
        d = dt.date
        make.need(category_id=x, window_id=w, state="closed", submitted_at=UTC(2025, 4, 10, 2),
                  respond_due=d(2025, 4, 11), responded_at=UTC(2025, 4, 11, 15), answer_due=d(2025, 4, 15),
                  answered_at=UTC(2025, 4, 15, 15, 59), closed_at=UTC(2025, 5, 1, 3))
        make.need(category_id=x, state="planned", submitted_at=UTC(2025, 5, 5, 1), respond_due=d(2025, 5, 6),
                  responded_at=UTC(2025, 5, 6, 16, 30), answer_due=d(2025, 5, 8), answered_at=UTC(2025, 5, 7, 2))
        make.need(category_id=y, submitted_at=UTC(2025, 6, 30, 17))  # 1 July in China: the next quarter
        make.need(category_id=y, window_id=w, submitted_at=UTC(2025, 3, 31, 16, 30), respond_due=d(2025, 4, 2),
                  answer_due=d(2025, 4, 4))  # 1 April in China, never answered
        make.need(category_id=y, state="closed", submitted_at=UTC(2025, 1, 10, 2), closed_at=UTC(2025, 4, 20, 2))
        make.need(category_id=x, state="cancelled", submitted_at=UTC(2025, 4, 20, 2), respond_due=d(2025, 4, 21))
        make.evaluation(10, year=2025, quarter=2, window_id=w)
        make.evaluation(list(range(1, 10)), year=2025, quarter=2)
        make.evaluation(1, year=2025, quarter=1, window_id=w)
        make.complaint(state="closed", submitted_at=UTC(2025, 4, 3, 2))
        make.complaint(state="investigating", submitted_at=UTC(2025, 5, 3, 2), due_on=d(2025, 5, 10))
        make.complaint(state="received", submitted_at=UTC(2025, 2, 1, 2))
        db.session.commit()
        names = {c.id: c.name_zh for c in db.session.scalars(sa.select(ServiceCategory).where(ServiceCategory.id.in_([x, y])))}
    return {"app": app, "staff": login_client(app, "t_platform"), "x": names[x], "y": names[y], "w": w}


def page(world, query: str) -> str:
    response = world["staff"].get("/dashboard/operations/" + query)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def row(html: str, table: str, first_cell: str) -> list[str]:
    body = html.split(f'class="table table-condensed {table}"')[1].split("</table>")[0]
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", tr, re.S)]
        if cells and cells[0] == first_cell:
            return cells[1:]
    raise AssertionError(f"no row {first_cell} in {table}")


@pytest.mark.clause("4.1-4c")
def test_the_quarters_needs_sla_and_complaints_equal_the_hand_computed_figures(world):
    shown = figures(page(world, "?quarter=2025-Q2"))
    # received: the needs of 10 Apr, 5 May, 1 Apr 00:30 and 20 Apr; closed: 1 May and 20 Apr
    assert (shown["opened"], shown["closed"]) == ("4", "2")
    # respond due: 10 Apr (on time), 5 May (00:30 the next day: late), 1 Apr (never); the cancelled one not
    assert shown["respond_rate"].startswith("33.3 %") and "1 / 3" not in shown["respond_rate"]
    assert shown["answer_rate"].startswith("66.7 %")  # 23:59 China time on its due day is on time
    assert (shown["complaints_received"], shown["complaints_open"], shown["complaints_overdue"]) == ("2", "2", "1")


def test_per_category_and_per_window_figures(world):
    html = page(world, "?quarter=2025-Q2")
    assert row(html, "qi-ops-categories", world["x"]) == ["3", "1", "50.0 %", "100.0 %"]
    assert row(html, "qi-ops-categories", world["y"]) == ["1", "1", "0.0 %", "0.0 %"]
    assert row(html, "qi-ops-windows", "运营看板窗口") == ["2", "1", "50.0 %", "1", "10.00"]


@pytest.mark.clause("4.1-4c")
def test_the_quarters_satisfaction_is_the_mean_of_the_nine_means_labelled_as_the_platforms_formula(world):
    html = page(world, "?quarter=2025-Q2")
    assert 'data-overall="7.5"' in html and "2 份评价" in html  # (10·9 + 45) / 18; the Q1 evaluation is out
    assert "平台自定" in html.split('class="text-muted qi-formula"')[1][:200]
    data = html.split('class="table table-condensed qi-chart-data"')[1].split("</table>")[0]
    assert re.findall(r"<td>([\d.]+)</td>", data) == ["5.5", "6.0", "6.5", "7.0", "7.5", "8.0", "8.5", "9.0", "9.5"]


def test_a_range_of_dates_filters_the_figures(world):
    shown = figures(page(world, "?from=2025-04-01&to=2025-04-30"))
    assert (shown["opened"], shown["closed"]) == ("3", "1")


@pytest.mark.parametrize("query", ["?quarter=2025-Q5", "?quarter=x", "?from=2025-02-30", "?from=abc",
                                   "?from=2025-06-01&to=2025-05-01", "?from=1900-01-01", "?from=2000-01-01&to=2020-01-01"])
@pytest.mark.parametrize("url", ["/dashboard/operations/", "/dashboard/region/"])
def test_a_bad_period_is_a_400_with_a_message(world, url, query):
    response = world["staff"].get(url + query)
    assert response.status_code == 400
    assert re.search("季度|日期|期间", response.get_data(as_text=True))


@pytest.mark.parametrize("url", ["/dashboard/operations/", "/dashboard/region/", "/dashboard/system/"])
def test_the_staff_pages_are_closed_to_other_roles(world, url):
    for user in ("t_window", "t_institution", "t_enterprise"):
        assert login_client(world["app"], user).get(url).status_code in (302, 403), (user, url)
