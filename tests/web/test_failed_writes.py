"""A database failure while a form is saved: nothing is half-written, the user is told in their
language, and what they typed comes back to be sent again (issue 17). The failure is made inside
the request, on the second INSERT of the save, on both databases."""
from __future__ import annotations

import contextlib
import html as html_lib
import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from tests.web.helpers import CSRF_FIELD

ITEM = "testing-demand-matching"
TOKEN = re.compile(r'name="token" type="hidden" value="([0-9a-f]{32})"')
NOTE = {"en": "The platform could not save this just now, so nothing was saved.",
        "zh": "平台暂时无法保存，因此未保存任何内容。"}


@pytest.fixture(scope="module")
def failing_app(make_app):
    return make_app(PROPAGATE_EXCEPTIONS=False, WTF_CSRF_ENABLED=True)


@contextlib.contextmanager
def failing(app, fragment: str):
    """Every statement containing ``fragment`` fails as a refused write does."""
    with app.app_context():
        engine = db.engine

    def refuse(_conn, _cursor, statement, parameters, _context, _many):
        if fragment in statement:
            raise sa.exc.OperationalError(statement, parameters, Exception("the write was refused (test)"))

    sa.event.listen(engine, "before_cursor_execute", refuse)
    try:
        yield
    finally:
        sa.event.remove(engine, "before_cursor_execute", refuse)


def _count(app, table: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.text(f"SELECT count(*) FROM {table}"))


@pytest.mark.clause("4.1-6")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_need_whose_save_fails_is_not_half_written_and_keeps_what_was_typed(failing_app, lang):
    client = failing_app.test_client()
    client.get(f"/lang/{lang}")
    page = client.get(f"/needs/new?item={ITEM}").get_data(as_text=True)
    data = {"csrf_token": CSRF_FIELD.search(page).group(1), "token": TOKEN.search(page).group(1), "item": ITEM,
            "title": "枸杞饮料农残检测", "description": "需要对枸杞饮料做农残检测，约二十批次", "contact_name": "王经理",
            "contact": "13995112233"}
    needs, events = _count(failing_app, "qi_need"), _count(failing_app, "qi_need_event")
    with failing(failing_app, "INSERT INTO qi_need_event"):
        response = client.post("/needs/new", data=data)
    page = html_lib.unescape(response.get_data(as_text=True))
    assert response.status_code == 503
    assert (_count(failing_app, "qi_need"), _count(failing_app, "qi_need_event")) == (needs, events)
    assert NOTE[lang] in page and data["description"] in page and 'value="王经理"' in page
    again = client.post("/needs/new", data={**data, "csrf_token": CSRF_FIELD.search(page).group(1)})
    assert again.status_code == 200 and _count(failing_app, "qi_need") == needs + 1  # the same form, sent again


@pytest.mark.clause("4.1-6")
def test_a_complaint_whose_save_fails_keeps_what_was_typed(failing_app):
    client = failing_app.test_client()
    page = client.get("/complaints/new").get_data(as_text=True)
    data = {"csrf_token": CSRF_FIELD.search(page).group(1), "token": TOKEN.search(page).group(1),
            "institution_id": "", "institution_name": "某检测公司", "complaint_type": "quality",
            "content": "报告数据前后矛盾", "request": "重新检测并说明原因", "complainant_name": "王经理",
            "contact": "13995112233"}
    before = _count(failing_app, "qi_complaint")
    with failing(failing_app, "INSERT INTO qi_complaint_event"):
        response = client.post("/complaints/new", data=data)
    page = html_lib.unescape(response.get_data(as_text=True))
    assert response.status_code == 503 and _count(failing_app, "qi_complaint") == before
    assert "报告数据前后矛盾" in page and 'value="某检测公司"' in page


def test_with_the_database_unreachable_a_form_gets_the_translated_error_page(failing_app):
    """No page can be built without the database: the error page says so, and nothing was saved."""
    client = failing_app.test_client()
    client.get("/lang/zh")
    page = client.get(f"/needs/new?item={ITEM}").get_data(as_text=True)
    data = {"csrf_token": CSRF_FIELD.search(page).group(1), "token": TOKEN.search(page).group(1), "item": ITEM,
            "title": "检测", "description": "描述", "contact_name": "王经理", "contact": "13995112233"}
    before = _count(failing_app, "qi_need")
    with failing(failing_app, ""):  # every statement
        response = client.post("/needs/new", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 500 and "服务器内部错误" in body and "Traceback" not in body
    assert _count(failing_app, "qi_need") == before


@pytest.mark.clause("4.1-6")
def test_a_need_whose_answers_fail_to_save_is_not_half_written_and_keeps_the_answers(failing_app):
    """The item's application form (issue 18): the answers are written in the need's transaction."""
    from app.applications.publishing import checked, form_of, publish
    from app.catalog.models import ServiceItem

    fields = [{"name": "sample", "kind": "text", "label": {"zh": "样品名称", "en": "Sample"}, "required": True}]
    with failing_app.app_context():
        item_id = db.session.scalar(sa.select(ServiceItem.id).where(ServiceItem.code == ITEM))
        form = form_of(db.session, item_id, create=True)
        form.draft = checked(db.session, {"fields": fields})
        publish(db.session, form, "test")
        db.session.commit()
    client = failing_app.test_client()
    page = client.get(f"/needs/new?item={ITEM}").get_data(as_text=True)
    data = {"csrf_token": CSRF_FIELD.search(page).group(1), "token": TOKEN.search(page).group(1), "item": ITEM,
            "form_version": re.search(r'name="form_version" type="hidden" value="(\d+)"', page).group(1),
            "title": "检测", "description": "需要检测枸杞原浆", "contact_name": "王经理", "contact": "13995112233",
            "answers-sample": "枸杞原浆一号"}
    needs = _count(failing_app, "qi_need")
    with failing(failing_app, "INSERT INTO qi_need_answers"):
        response = client.post("/needs/new", data=data)
    assert response.status_code == 503 and _count(failing_app, "qi_need") == needs
    assert 'value="枸杞原浆一号"' in html_lib.unescape(response.get_data(as_text=True))
