"""Consultations on an item page, answered by staff in one go (clauses 6.2-5, 6.3.1-3).

A consultation is a need of kind ``consultation`` (``app.needs``): same clock, number and history."""
import re

import pytest
import sqlalchemy as sa

from app.needs.models import Need
from app.extensions import db

ITEM = "testing-demand-matching"


def _form(client):
    html = client.get(f"/item/{ITEM}").get_data(as_text=True)
    return re.search(r'name="token" type="hidden" value="([0-9a-f]{32})"', html).group(1)


def _count(app, **where):
    with app.app_context():
        query = sa.select(sa.func.count()).select_from(Need).where(Need.need_type == "consultation")
        for key, value in where.items():
            query = query.where(getattr(Need, key) == value)
        return db.session.scalar(query)


@pytest.mark.clause("6.2-5")
def test_consultation_is_recorded_and_a_double_click_is_one_record(app, client):
    token = _form(client)
    data = {"token": token, "name": "王经理", "contact": "13995112233", "question": "枸杞饮料做农残检测找哪家机构？"}
    first = client.post(f"/item/{ITEM}/consult", data=data)
    second = client.post(f"/item/{ITEM}/consult", data=data)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"] == f"/consultation/{token}"
    assert _count(app, token=token) == 1
    page = client.get(f"/consultation/{token}").get_data(as_text=True)
    assert "枸杞饮料做农残检测找哪家机构？" in page and "等待答复" in page


def test_bad_consultation_is_refused_with_translated_errors_and_keeps_the_input(app, client):
    token = _form(client)
    before = _count(app)
    response = client.post(f"/item/{ITEM}/consult", data={
        "token": token, "name": "李女士", "contact": "not a phone", "question": "想咨询一下检测周期大概多久"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "请填写正确的电话号码或电子邮箱地址" in html
    assert 'value="李女士"' in html and "想咨询一下检测周期大概多久" in html and token in html
    client.get("/lang/en")
    html = client.post(f"/item/{ITEM}/consult", data={"token": token, "name": "", "contact": "a@b.cn",
                                                        "question": "hi"}).get_data(as_text=True)
    assert "Please tell us your name." in html and "between 5 and 2000" in html
    assert _count(app) == before


@pytest.mark.clause("6.3.1-3")
def test_staff_answer_points_to_the_guides_and_the_asker_reads_it(app, client, login_as):
    token = _form(client)
    client.post(f"/item/{ITEM}/consult", data={"token": token, "name": "张工", "contact": "zhang@example.cn",
                                               "question": "需要准备哪些材料？"})
    with app.app_context():
        pk = db.session.scalar(sa.select(Need.id).where(Need.token == token))
    staff = app.test_client()
    from tests.conftest import login
    login(staff, "t_window")
    form = staff.get(f"/consultationview/answer/{pk}").get_data(as_text=True)
    assert "一次性告知答复" in form  # templates offered
    assert f"http://localhost/item/{ITEM}/notice" in form
    answer = f"所需材料见一次性告知单：http://localhost/item/{ITEM}/notice"
    assert staff.post(f"/consultationview/answer/{pk}", data={"answer": answer}).status_code == 302
    page = client.get(f"/consultation/{token}").get_data(as_text=True)
    assert f'href="http://localhost/item/{ITEM}/notice"' in page
    with app.app_context():
        record = db.session.get(Need, pk)
        assert (record.state, record.plan) == ("to_evaluate", answer)
        assert [(e.action, e.actor) for e in record.events][-1] == ("answer", "t_window")


def test_enterprises_cannot_read_other_peoples_consultations_in_the_back_office(login_as):
    enterprise = login_as("t_enterprise")
    assert enterprise.get("/consultationview/list/").status_code == 403


def test_unknown_consultation_link_is_404(client):
    assert client.get("/consultation/" + "0" * 32).status_code == 404
