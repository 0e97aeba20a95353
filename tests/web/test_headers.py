"""Security headers on every response (issue 10, finding 8) and no server version banner (finding 16)."""
import http.client
import re
import threading

import pytest
from werkzeug.serving import make_server

from app.web.headers import serves_https
from app.web.server import NoBannerRequestHandler

SCRIPT = re.compile(r"<script\b([^>]*)>", re.I)


def _assert_security_headers(response):
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "'unsafe-eval'" not in csp
    assert "script-src 'self' 'nonce-" in csp and "script-src 'self' 'unsafe-inline'" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Server" not in response.headers


@pytest.mark.parametrize("path", ["/", "/login/", "/static/qi.css", "/api/v1/category/", "/no-such-page"])
def test_every_response_carries_the_security_headers(client, path):
    _assert_security_headers(client.get(path))


@pytest.mark.parametrize("path", ["/serviceguideview/list/", "/serviceguideview/add", "/regionview/list/",
                                  "/users/add", "/item/metrology-verification-calibration"])
def test_every_inline_script_carries_this_responses_nonce(login_as, path):
    response = login_as("t_admin").get(path)
    assert response.status_code == 200
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    body = response.get_data(as_text=True)
    for attributes in SCRIPT.findall(body):
        assert f'nonce="{nonce}"' in attributes, (path, attributes)
    assert not re.search(r"\son(click|change|submit|load|error)\s*=", body, re.I), path
    assert login_as("t_admin").get(path).headers["Content-Security-Policy"] != response.headers["Content-Security-Policy"]


def test_https_adds_hsts_and_secure_cookies(make_app):
    app = make_app(init=False, QI_HTTPS=True)
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    response = app.test_client().get("/static/qi.css")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    plain = make_app(init=False, QI_HTTPS=False)
    assert not plain.config["SESSION_COOKIE_SECURE"]
    assert "Strict-Transport-Security" not in plain.test_client().get("/static/qi.css").headers


def test_https_is_on_by_default_outside_debug_and_testing(make_app):
    production = make_app(init=False, TESTING=False)
    assert serves_https(production) is True or production.config["QI_HTTPS"] is True
    assert production.config["SESSION_COOKIE_SECURE"] is True
    assert make_app(init=False).config["QI_HTTPS"] is False  # TESTING


def test_the_development_server_sends_no_version_banner(make_app):
    app = make_app(init=False)
    server = make_server("127.0.0.1", 0, app, request_handler=NoBannerRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=10)
        connection.request("GET", "/static/qi.css")
        response = connection.getresponse()
        response.read()
        assert response.status == 200
        assert response.getheader("Server") is None
        assert not any("werkzeug" in v.lower() or "python/" in v.lower() for _, v in response.getheaders())
    finally:
        server.shutdown()
        thread.join(timeout=10)
