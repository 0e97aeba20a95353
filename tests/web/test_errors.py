"""Translated error pages inside the site's layout with a way back, JSON under /api/ (issue 10)."""
import pytest
from werkzeug.exceptions import TooManyRequests

PAGES = {  # code -> (English title, Chinese title)
    400: ("Bad request", "请求有误"),
    403: ("Access denied", "无权访问"),
    404: ("Page not found", "页面不存在"),
    405: ("Method not allowed", "不支持该请求方式"),
    429: ("Too many requests", "请求过于频繁"),
    500: ("Internal error", "服务器内部错误"),
}


@pytest.fixture(scope="module")
def errors_app(make_app):
    """An app whose 500s are handled as in production, with routes raising 429 and a crash."""
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    def too_many():
        raise TooManyRequests()

    def crash():
        raise RuntimeError("secret detail of the crash")

    for prefix in ("/test-errors", "/api/v1/test-errors"):
        app.add_url_rule(f"{prefix}/429", f"{prefix}-429", too_many)
        app.add_url_rule(f"{prefix}/500", f"{prefix}-500", crash)
    from app.cli import ensure_user

    with app.app_context():
        ensure_user("e_enterprise", "pw-errors-1", "Enterprise", "e@test.local", "E", "E")
    return app


def _request(client, code: int, lang: str):
    paths = {400: "/regionview/list/?page_RegionView=abc", 403: "/users/list/", 404: "/no-such-page",
             405: "/serviceguideview/action_post", 429: "/test-errors/429", 500: "/test-errors/500"}
    return client.get(f"{paths[code]}{'&' if '?' in paths[code] else '?'}_l_={lang}")


@pytest.mark.parametrize("code", sorted(PAGES))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_error_page_is_translated_in_the_layout_with_a_way_back(errors_app, code, lang):
    from tests.conftest import login

    client = errors_app.test_client()
    assert login(client, "e_enterprise", "pw-errors-1").status_code == 302
    response = _request(client, code, lang)
    body = response.get_data(as_text=True)
    assert response.status_code == code
    assert PAGES[code][0 if lang == "en" else 1] in body
    assert 'class="navbar' in body and 'id="error-home"' in body  # the site's layout, a way home
    assert "Traceback" not in body and "secret detail" not in body


def test_the_previous_page_is_offered_when_it_was_ours(errors_app):
    client = errors_app.test_client()
    body = client.get("/no-such-page", headers={"Referer": "http://localhost/search/"}).get_data(as_text=True)
    assert 'href="http://localhost/search/" id="error-back"' in body
    foreign = client.get("/no-such-page", headers={"Referer": "https://evil.example/"}).get_data(as_text=True)
    assert "error-back" not in foreign


def test_an_anonymous_visitor_refused_is_offered_sign_in(errors_app):
    from werkzeug.exceptions import Forbidden

    with errors_app.test_request_context("/some/page?_l_=en"):
        from flask import g
        from flask_login import AnonymousUserMixin

        from app.web.errors import error_response

        g.user = AnonymousUserMixin()
        body = error_response(Forbidden()).get_data(as_text=True)
    assert 'id="error-sign-in"' in body and "next=" in body


@pytest.mark.parametrize("path, code", [("/api/v1/no-such-thing/", 404), ("/api/v1/test-errors/429", 429),
                                        ("/api/v1/test-errors/500", 500)])
def test_api_errors_are_json(errors_app, path, code):
    response = errors_app.test_client().get(path)
    assert response.status_code == code and response.is_json
    assert response.get_json()["message"] and "secret detail" not in response.get_data(as_text=True)
