"""Every request has an id: answered in X-Request-ID, in each of its log lines, and on its 500 page."""
from __future__ import annotations

import io
import json
import logging
import re

import pytest

from app.ops.logs import JsonFormatter


@pytest.fixture(scope="module")
def crash_app(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    def crash():
        raise RuntimeError("secret detail of the crash")

    app.add_url_rule("/test-ops/crash", "test-ops-crash", crash)
    app.add_url_rule("/api/v1/test-ops/crash", "test-ops-api-crash", crash)
    return app


def test_each_request_gets_an_id_and_a_proxys_sane_id_is_kept(crash_app):
    client = crash_app.test_client()
    first, second = (client.get("/health").headers["X-Request-ID"] for _ in range(2))
    assert re.fullmatch(r"[0-9a-f]{32}", first) and first != second
    assert client.get("/health", headers={"X-Request-ID": "nginx-7f3a9c01"}).headers["X-Request-ID"] == "nginx-7f3a9c01"
    for forged in ("short", "two words here", "x" * 65, 'a"quote"injected'):
        kept = client.get("/health", headers={"X-Request-ID": forged}).headers["X-Request-ID"]
        assert re.fullmatch(r"[0-9a-f]{32}", kept), forged


@pytest.mark.clause("4.1-4c")
def test_a_crash_is_logged_as_json_with_the_id_the_user_sees(crash_app):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        page = crash_app.test_client().get("/test-ops/crash", headers={"X-Request-ID": "support-case-42"})
        api = crash_app.test_client().get("/api/v1/test-ops/crash", headers={"X-Request-ID": "support-case-43"})
    finally:
        root.removeHandler(handler)
    body = page.get_data(as_text=True)
    assert page.status_code == 500 and "support-case-42" in body and "secret detail" not in body
    assert api.status_code == 500 and api.get_json()["error_id"] == "support-case-43"
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    crash = [line for line in lines if line.get("request_id") == "support-case-42" and "exception" in line]
    assert crash and "secret detail of the crash" in crash[0]["exception"]
    assert crash[0]["level"] == "ERROR" and crash[0]["path"] == "/test-ops/crash" and crash[0]["method"] == "GET"
    assert any(line.get("request_id") == "support-case-43" for line in lines)


def test_json_logging_is_set_up_once_per_process(tmp_path):
    from app import create_app
    from app.ops import logs

    root = logging.getLogger()
    before = list(root.handlers)
    try:
        for _ in range(2):  # create_app touches no database: no migration resets the logging here
            create_app({"QI_LOG_FORMAT": "json", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'qi.db'}"})
        added = [h for h in root.handlers if h not in before]
        assert len(added) == 1 and isinstance(added[0].formatter, logs.JsonFormatter)
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
