"""Publishing quarters (7.1-1): the staff page, the rules, and the public page served from stored
results only (never unpublished figures), its xlsx export and its statement count."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.evaluations import publication
from app.evaluations.models import Evaluation, PublishedQuarter
from app.extensions import db
from app.testing.fixtures import add_users, login_client
from tests.evaluations.test_stats import add_evaluation, build_world
from tests.windows.test_sql_counts import counting


@pytest.fixture(scope="module")
def world(make_app):
    app = make_app()
    add_users(app)
    return app, build_world(app)


@pytest.fixture(scope="module")
def staff(world):
    return login_client(world[0], "t_platform")


def _published(app):
    with app.app_context():
        return {(q.year, q.quarter): q.results for q in db.session.scalars(select(PublishedQuarter))}


@pytest.mark.clause("7.1-1")
def test_an_unpublished_quarter_is_never_on_the_public_page_or_its_export(world, staff):
    app, _ = world
    anonymous = app.test_client()
    page = anonymous.get("/satisfaction/")
    assert page.status_code == 200 and "统计一号服务站" not in page.get_data(as_text=True)
    assert anonymous.get("/satisfaction/?year=2026&quarter=1").status_code == 404
    assert anonymous.get("/satisfaction/export?year=2026&quarter=1").status_code == 404
    assert anonymous.get("/satisfaction/export").status_code == 404  # nothing published at all
    # staff see the figures computed now, before publishing
    staff_page = staff.get("/evaluations/quarters/?year=2026&quarter=1").get_data(as_text=True)
    assert "统计一号服务站" in staff_page and "7.85" in staff_page  # the overall score 212/27


@pytest.mark.clause("7.1-1")
def test_staff_publish_a_closed_quarter_and_anyone_reads_it_in_their_language(world, staff):
    app, ids = world
    response = staff.post("/evaluations/quarters/publish", data={"year": "2026", "quarter": "1"})
    assert response.status_code == 303
    assert _published(app)[(2026, 1)]["platform"]["count"] == 3
    anonymous = app.test_client()
    html = anonymous.get("/satisfaction/?year=2026&quarter=1&_l_=zh").get_data(as_text=True)
    assert "统计一号服务站" in html and "7.85" in html
    assert "服务需求匹配程度" in html  # the dimension's label in the reader's language, at display time
    assert 'class="qi-chart"' in html and "qi-formula" in html
    english = anonymous.get("/satisfaction/?_l_=en").get_data(as_text=True)  # the newest published quarter
    assert "Stats Station One" in english and "Match with the need" in english
    assert "own choice" in english  # the overall score labelled as the platform's formula
    # stored results hold codes and names, never a translated label
    stored = _published(app)[(2026, 1)]
    assert "Match with the need" not in str(stored) and "服务需求匹配程度" not in str(stored)


def test_the_public_page_shows_the_stored_figures_not_new_rows(world, staff):
    app, ids = world
    staff.post("/evaluations/quarters/publish", data={"year": "2026", "quarter": "1"})
    with app.app_context():  # a row that would change the figures if they were computed at request time
        row_id = add_evaluation(db.session, 1, year=2026, quarter=1, window_id=ids["w1"]).id
        db.session.commit()
    try:
        html = app.test_client().get("/satisfaction/?year=2026&quarter=1").get_data(as_text=True)
        assert "7.85" in html
    finally:
        with app.app_context():
            db.session.delete(db.session.get(Evaluation, row_id))
            db.session.commit()


@pytest.mark.clause("7.1-1")
def test_the_export_holds_the_published_figures_with_the_nine_means(world, staff):
    app, ids = world
    staff.post("/evaluations/quarters/publish", data={"year": "2026", "quarter": "1"})
    response = app.test_client().get("/satisfaction/export?year=2026&quarter=1&_l_=en")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith("satisfaction-2026-Q1.xlsx")
    rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    header = rows[0]
    assert header[:4] == ("Level", "Name", "Evaluations", "Match with the need")
    assert "Overall score (platform formula)" in header
    platform = rows[1]
    assert platform[2] == 3 and platform[3] == pytest.approx(8.33) and platform[11] == pytest.approx(6.67)
    assert platform[12] == pytest.approx(7.85)
    window = next(r for r in rows if r[1] == "Stats Station One")
    assert window[2] == 2 and window[12] == pytest.approx(7.56)
    assert any(r[0] == "Note" and "platform's own choice" in r[1] for r in rows)


@pytest.mark.clause("7.1-1")
def test_the_rules_of_publication(world):
    app, _ = world
    now = dt.datetime(2026, 11, 26, 4, 0)  # 2026 Q4 running
    with app.test_request_context("/?_l_=en"):  # the refusals in English
        session = db.session
        with pytest.raises(publication.PublicationError, match="has not begun"):
            publication.publish_quarter(session, 2027, 1, "t", now=now)
        with pytest.raises(publication.PublicationError, match="still running"):
            publication.publish_quarter(session, 2026, 4, "t", now=now)
        open_one = publication.publish_quarter(session, 2026, 4, "t", confirm_open=True, now=now)
        assert open_one.results["closed"] is False
        with pytest.raises(publication.PublicationError, match="once it has closed"):
            publication.publish_quarter(session, 2026, 4, "t", confirm_open=True, now=now)
        # once the quarter has closed, it is published again; the provisional results are kept
        closed = publication.publish_quarter(session, 2026, 4, "u", now=dt.datetime(2027, 1, 5))
        assert closed.id == open_one.id and closed.results["closed"] is True and closed.published_by == "u"
        assert closed.results["history"][0]["published_by"] == "t"
        with pytest.raises(publication.PublicationError, match="not published again"):
            publication.publish_quarter(session, 2026, 4, "u", now=dt.datetime(2027, 2, 5))
        session.rollback()


def test_a_refused_publication_is_flashed_and_stores_nothing(world, staff):
    app, _ = world
    year, quarter = publication.current_quarter()
    before = _published(app)
    page = staff.post("/evaluations/quarters/publish", data={"year": year, "quarter": quarter}, follow_redirects=True)
    assert "confirm" in page.get_data(as_text=True) or "确认" in page.get_data(as_text=True)
    assert _published(app) == before


@pytest.mark.parametrize("query", ["year=x&quarter=1", "year=2026&quarter=5", "year=2026", "quarter=2",
                                   "year=99999999999999999999&quarter=1", "year=2026&quarter=-1"])
def test_bad_quarter_arguments_are_400(world, staff, query):
    app, _ = world
    assert staff.get(f"/evaluations/quarters/?{query}").status_code == 400
    assert app.test_client().get(f"/satisfaction/?{query}").status_code == 400
    assert app.test_client().get(f"/satisfaction/export?{query}").status_code == 400
    assert staff.post("/evaluations/quarters/publish", data=dict(p.split("=") for p in query.split("&"))).status_code == 400


def test_only_staff_publish(world):
    app, _ = world
    for user in ("t_window", "t_institution", "t_enterprise"):
        client = login_client(app, user)
        assert client.get("/evaluations/quarters/").status_code in (302, 403)
        assert client.post("/evaluations/quarters/publish", data={"year": "2025", "quarter": "3"}).status_code in (302, 403)
    assert (2025, 3) not in _published(app)


def test_the_public_page_sends_the_same_statements_however_many_quarters_and_evaluations(world, staff):
    app, ids = world
    staff.post("/evaluations/quarters/publish", data={"year": "2026", "quarter": "1"})
    client = app.test_client()
    client.get("/satisfaction/")
    with counting(app) as few:
        assert client.get("/satisfaction/").status_code == 200
    with app.app_context():
        for k in range(30):
            add_evaluation(db.session, 5 + k % 5, year=2025, quarter=2, window_id=ids["w2"], institution_id=ids["i2"])
        db.session.commit()
    for year, quarter in ((2025, 2), (2025, 3), (2025, 4)):
        staff.post("/evaluations/quarters/publish", data={"year": year, "quarter": quarter})
    client.get("/satisfaction/")
    with counting(app) as many:
        assert client.get("/satisfaction/").status_code == 200
    assert len(many) == len(few), [s for s, _ in many]
    assert not any("qi_evaluation " in s or "FROM qi_evaluation\n" in s for s, _ in many)  # no statistics query
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PublishedQuarter)) >= 4
