"""Translated error pages inside the site's layout with ways back, JSON for API calls (issues 10, 15).

Issue 15 found 403, 404 and 500 as bare English pages with no way back: each page here is checked for
its status in zh and en, in the layout (navbar, language switch), saying what happened and what to
do, with the ways back a user needs, and with no text of the other language in its chrome.
"""
import re
from html.parser import HTMLParser

import pytest
from werkzeug.exceptions import TooManyRequests

USER = ("e_enterprise", "pw-errors-1")
REQUEST_LIMIT = 64 * 1024

PAGES = {  # code -> (English title, Chinese title, English what-to-do, Chinese what-to-do)
    400: ("Bad request", "请求有误", "Check the address or the form and try again.", "请检查网址或表单后重试。"),
    403: ("Access denied", "无权访问", "ask the platform administrator to give your account access",
          "请联系平台管理员为您的账号开通权限"),
    404: ("Page not found", "页面不存在", "Check the address", "请核对网址"),
    405: ("Method not allowed", "不支持该请求方式", "instead of typing its address", "不要直接输入网址"),
    413: ("Request too large", "请求过大", "Send smaller files", "请上传较小的文件"),
    429: ("Too many requests", "请求过于频繁", "Wait a moment and try again.", "请稍候再试"),
    500: ("Internal error", "服务器内部错误", "please try again later", "请稍后再试"),
}
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
LANGUAGE_NAMES = {"English", "中文", "简体中文"}  # the switch names the other language in that language


class _ChromeText(HTMLParser):
    """Visible text of the page's chrome: the navbar and the error section (the page's own title)."""

    def __init__(self):
        super().__init__()
        self.texts, self.depth, self.skip = [], 0, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if self.depth:
            self.depth += 1
        elif "navbar" in classes or "qi-error-page" in classes:
            self.depth = 1
        if tag in ("script", "style"):
            self.skip += 1
        if self.depth and attrs.get("title"):
            self.texts.append(attrs["title"])

    def handle_startendtag(self, tag, attrs):
        pass  # <img/>, <input/>: no text, no depth

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and not self.skip and data.strip():
            self.texts.append(data.strip())


def wrong_language_texts(body: str, lang: str, user_data: set[str] = frozenset()) -> list[str]:
    """Texts of the navbar and the error section in the other language than ``lang``."""
    parser = _ChromeText()
    parser.feed(body)
    title = re.search(r"<title>(.*?)</title>", body, re.S).group(1).strip()
    texts = [t for t in parser.texts + [title] if t not in LANGUAGE_NAMES and t not in user_data]
    if lang == "en":
        return [t for t in texts if CJK.search(t)]
    return [t for t in texts if any(_english_word(token) for token in re.findall(r"[A-Za-z_]+", t))]


def _english_word(token: str) -> bool:
    """A word of English, not a code a Chinese sentence names (``page_RegionView``, ``MB``)."""
    return len(token) >= 2 and "_" not in token and not token.isupper()


@pytest.fixture(scope="module")
def errors_app(make_app):
    """An app whose 500s are handled as in production, with routes raising 429 and a crash, and a
    small request limit."""
    app = make_app(PROPAGATE_EXCEPTIONS=False, MAX_CONTENT_LENGTH=REQUEST_LIMIT)

    def too_many():
        raise TooManyRequests()

    def crash():
        raise RuntimeError("secret detail of the crash")

    for prefix in ("/test-errors", "/api/v1/test-errors"):
        app.add_url_rule(f"{prefix}/429", f"{prefix}-429", too_many)
        app.add_url_rule(f"{prefix}/500", f"{prefix}-500", crash)
    from app.cli import ensure_user

    with app.app_context():
        ensure_user(*USER, "Enterprise", "e@test.local", "E", "E")
    return app


def _request(client, code: int, lang: str):
    """Trigger ``code`` in the language ``lang``, chosen as a user does (the switch: the session)."""
    assert client.get(f"/lang/{lang}").status_code == 302
    paths = {400: "/regionview/list/?page_RegionView=abc", 403: "/users/list/", 404: "/no-such-page",
             405: "/serviceguideview/action_post", 429: "/test-errors/429", 500: "/test-errors/500"}
    if code == 413:
        return client.post("/needs/new", data={"description": "x" * (REQUEST_LIMIT + 1)})
    return client.get(paths[code])


def _signed_in(app):
    from tests.conftest import login

    client = app.test_client()
    assert login(client, *USER).status_code == 302
    return client


@pytest.mark.clause("4.1-4b")
@pytest.mark.parametrize("code", sorted(PAGES))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_error_page_is_translated_in_the_layout_with_a_way_back(errors_app, code, lang):
    client = _signed_in(errors_app)
    response = _request(client, code, lang)
    body = response.get_data(as_text=True)
    title_en, title_zh, advice_en, advice_zh = PAGES[code]
    assert response.status_code == code
    assert (title_en if lang == "en" else title_zh) in body
    assert (advice_en if lang == "en" else advice_zh) in body  # what to do, not only what happened
    assert 'class="navbar' in body  # the site's layout with its menu
    other = "zh" if lang == "en" else "en"
    assert f'id="lang-{other}"' in body  # the language switch, to the other language
    assert 'id="error-home"' in body and 'id="error-dashboard"' in body  # ways back for a signed-in user
    assert not wrong_language_texts(body, lang, {"E E", response.headers["X-Request-ID"]})
    assert "Traceback" not in body and "secret detail" not in body


def test_the_previous_page_is_offered_when_it_was_ours(errors_app):
    client = errors_app.test_client()
    body = client.get("/no-such-page", headers={"Referer": "http://localhost/search/"}).get_data(as_text=True)
    assert 'href="/search/" id="error-back"' in body
    foreign = client.get("/no-such-page", headers={"Referer": "https://evil.example/"}).get_data(as_text=True)
    assert "error-back" not in foreign


@pytest.mark.clause("4.1-4b")
def test_a_page_not_found_offers_the_search(errors_app):
    body = errors_app.test_client().get("/no-such-page?_l_=en").get_data(as_text=True)
    assert 'href="/search/" id="error-search"' in body and "Search the platform" in body
    assert "error-dashboard" not in body  # anonymous: no dashboard to go back to


def test_an_anonymous_visitor_refused_is_offered_sign_in(errors_app):
    from werkzeug.exceptions import Forbidden

    with errors_app.test_request_context("/some/page?_l_=en"):
        from flask import g
        from flask_login import AnonymousUserMixin

        from app.web.errors import error_response

        g.user = AnonymousUserMixin()
        body = error_response(Forbidden()).get_data(as_text=True)
    assert 'id="error-sign-in"' in body and "next=" in body and "sign in" in body


@pytest.mark.clause("4.1-4b")
@pytest.mark.parametrize("lang, title, advice", [
    ("en", "Access denied", "ask the platform administrator"), ("zh", "无权访问", "请联系平台管理员")])
def test_a_signed_in_user_refused_a_page_gets_the_403_page_not_the_sign_in_form(errors_app, lang, title, advice):
    client = _signed_in(errors_app)
    client.get(f"/lang/{lang}")
    response = client.get("/users/list/")  # FAB's own user list: administrators only
    body = response.get_data(as_text=True)
    assert response.status_code == 403 and "Location" not in response.headers
    assert title in body and advice in body and 'id="error-dashboard"' in body
    following = client.get("/dashboard/").get_data(as_text=True)
    assert "Access is Denied" not in body + following  # no English flash waiting on the next page


@pytest.mark.parametrize("path, code", [("/api/v1/no-such-thing/", 404), ("/api/v1/test-errors/429", 429),
                                        ("/api/v1/test-errors/500", 500)])
def test_api_errors_are_json(errors_app, path, code):
    response = errors_app.test_client().get(path)
    assert response.status_code == code and response.is_json
    assert response.get_json()["message"] and "secret detail" not in response.get_data(as_text=True)


def test_a_client_asking_for_json_gets_json_outside_the_api_too(errors_app):
    response = errors_app.test_client().get("/no-such-page", headers={"Accept": "application/json"})
    assert response.status_code == 404 and response.is_json and response.get_json()["message"]
    page = errors_app.test_client().get("/no-such-page", headers={"Accept": "text/html,application/json;q=0.9"})
    assert page.status_code == 404 and page.mimetype == "text/html"


@pytest.fixture
def database_down(make_app):
    """An app with a signed-in client whose database then refuses every new connection."""
    from sqlalchemy import event

    from app.extensions import db

    app = make_app(PROPAGATE_EXCEPTIONS=False)
    with app.app_context():
        from app.cli import ensure_user

        ensure_user(*USER, "Enterprise", "e@test.local", "E", "E")
    signed_in = _signed_in(app)
    signed_in.get("/dashboard/")
    with app.app_context():
        engine = db.engine

    def refuse(dialect, _record, _cargs, _cparams):
        raise dialect.loaded_dbapi.OperationalError("the database server is down (test)")

    event.listen(engine, "do_connect", refuse)
    engine.dispose()  # pooled connections too: every request must connect again
    yield app, signed_in
    event.remove(engine, "do_connect", refuse)
    engine.dispose()


@pytest.mark.clause("4.1-4b")
@pytest.mark.parametrize("lang, title", [("en", "Internal error"), ("zh", "服务器内部错误")])
def test_the_500_page_renders_in_the_bare_layout_when_the_database_is_down(database_down, lang, title):
    app, signed_in = database_down
    anonymous = app.test_client()
    for client in (signed_in, anonymous):
        client.get(f"/lang/{lang}")  # the switch needs no database
        response = client.get("/")  # the home page lists the service categories
        body = response.get_data(as_text=True)
        assert response.status_code == 500 and response.mimetype == "text/html"
        assert title in body and 'id="error-home"' in body and 'class="qi-error-page"' in body
        assert f'lang="{"zh-CN" if lang == "zh" else "en"}"' in body
        assert "Traceback" not in body and "OperationalError" not in body
    api = signed_in.get("/api/v1/organisation/")
    assert api.status_code >= 500 or api.status_code == 401
    assert api.is_json
