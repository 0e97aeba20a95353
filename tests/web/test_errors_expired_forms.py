"""A form sent after its session expired keeps what was typed, says so, and can be sent again
(issue 15: "an expired session makes the consultation form fail with no message at all").

The app runs with CSRF on, as in production. A form page is opened in one browser session; the form
is then sent from a session that no longer holds its token (the session cookie expired), which
``CSRFProtect`` refuses before the view runs.
"""
import html as html_lib
import re

import pytest
import sqlalchemy as sa

from tests.web.helpers import CSRF_FIELD

ITEM = "testing-demand-matching"
TOKEN = re.compile(r'name="token" type="hidden" value="([0-9a-f]{32})"')
NOTE = {"en": "Your session expired before the form was sent, so nothing was saved.",
        "zh": "表单提交前您的会话已过期，因此未保存任何内容。"}


@pytest.fixture(scope="module")
def csrf_app(make_app):
    return make_app(WTF_CSRF_ENABLED=True)


def _tokens(client, path: str) -> tuple[str, str]:
    """(CSRF token, one-use form token) of the form on ``path``, as a browser got it."""
    page = client.get(path).get_data(as_text=True)
    return CSRF_FIELD.search(page).group(1), TOKEN.search(page).group(1)


def _expired_session(app, lang: str):
    """A browser whose session ended while the form was open: a new session, its language chosen."""
    client = app.test_client()
    assert client.get(f"/lang/{lang}").status_code == 302
    return client


def _needs(app) -> int:
    from app.extensions import db
    from app.needs.models import Need

    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Need))


def _complaints(app) -> int:
    from app.complaints.models import Complaint
    from app.extensions import db

    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Complaint))


def _resend(client, path: str, page: str, data: dict):
    """Send the form again from the refilled page, with the fresh CSRF token it carries."""
    fresh = CSRF_FIELD.search(page).group(1)
    return client.post(path, data={**data, "csrf_token": fresh})


@pytest.mark.clause("4.1-4b")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_expired_consultation_form_keeps_the_question_and_can_be_sent_again(csrf_app, lang):
    stale, token = _tokens(csrf_app.test_client(), f"/item/{ITEM}")
    client = _expired_session(csrf_app, lang)
    data = {"token": token, "name": "王经理", "contact": "13995112233", "question": "枸杞饮料做农残检测找哪家机构？"}
    before = _needs(csrf_app)
    response = client.post(f"/item/{ITEM}/consult", data={**data, "csrf_token": stale})
    page = html_lib.unescape(response.get_data(as_text=True))
    assert response.status_code == 400 and _needs(csrf_app) == before  # refused, nothing saved
    assert NOTE[lang] in page  # says what happened, in the reader's language
    assert data["question"] in page and 'value="王经理"' in page and 'value="13995112233"' in page
    again = _resend(client, f"/item/{ITEM}/consult", page, data)
    assert again.status_code == 302 and again.headers["Location"] == f"/consultation/{token}"
    assert _needs(csrf_app) == before + 1


@pytest.mark.clause("4.1-4b")
def test_an_expired_need_form_keeps_what_was_typed(csrf_app):
    stale, token = _tokens(csrf_app.test_client(), f"/needs/new?item={ITEM}")
    client = _expired_session(csrf_app, "en")
    data = {"token": token, "item": ITEM, "title": "枸杞饮料农残检测", "description": "需要对枸杞饮料做农残检测，约二十批次",
            "contact_name": "王经理", "contact": "13995112233"}
    before = _needs(csrf_app)
    response = client.post("/needs/new", data={**data, "csrf_token": stale})
    page = html_lib.unescape(response.get_data(as_text=True))
    assert response.status_code == 400 and _needs(csrf_app) == before
    assert NOTE["en"] in page and data["description"] in page and f'value="{data["title"]}"' in page
    assert re.search(rf'<option selected value="{ITEM}"|<option value="{ITEM}" selected', page)  # the chosen item
    again = _resend(client, "/needs/new", page, data)
    assert again.status_code == 200 and _needs(csrf_app) == before + 1


@pytest.mark.clause("4.1-4b")
def test_an_expired_complaint_form_keeps_what_was_typed(csrf_app):
    stale, token = _tokens(csrf_app.test_client(), "/complaints/new")
    client = _expired_session(csrf_app, "zh")
    data = {"token": token, "institution_id": "", "institution_name": "某检测公司", "complaint_type": "quality",
            "content": "报告数据前后矛盾", "request": "重新检测并说明原因", "complainant_name": "王经理",
            "contact": "13995112233"}
    before = _complaints(csrf_app)
    response = client.post("/complaints/new", data={**data, "csrf_token": stale})
    page = html_lib.unescape(response.get_data(as_text=True))
    assert response.status_code == 400 and _complaints(csrf_app) == before
    assert NOTE["zh"] in page and data["content"] in page and data["request"] in page
    assert 'value="某检测公司"' in page
    again = _resend(client, "/complaints/new", page, data)
    assert again.status_code == 200 and _complaints(csrf_app) == before + 1


def test_a_form_without_a_refill_still_gets_the_form_expired_page(csrf_app):
    response = csrf_app.test_client().post("/needs/follow", data={"number": "XQ-2026-000001", "code": "x"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and 'class="qi-error-page"' in body and 'id="error-home"' in body


def test_an_api_write_without_a_token_is_still_refused_as_json(csrf_app):
    response = csrf_app.test_client().post("/api/v1/organisation/", json={"name": "x"})
    assert response.status_code == 400 and response.is_json
