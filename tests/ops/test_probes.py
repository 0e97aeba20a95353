"""/health and /ready: open to a load balancer, JSON, and honest about each check (issue 17)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db


@pytest.fixture(scope="module")
def probe_app(make_app):
    return make_app(PROPAGATE_EXCEPTIONS=False)


def test_health_answers_without_sign_in_or_database(probe_app):
    response = probe_app.test_client().get("/health")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


@pytest.mark.clause("4.1-4c")
def test_ready_checks_the_database_the_migrations_and_the_storage(probe_app, tmp_path):
    client = probe_app.test_client()
    response = client.get("/ready")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ready", "checks": {"database": "ok", "migrations": "ok", "storage": "ok"}}

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the uploads should go")
    probe_app.config["QI_UPLOAD_DIR"] = str(blocked / "uploads")
    try:
        response = client.get("/ready")
    finally:
        probe_app.config["QI_UPLOAD_DIR"] = None
    assert response.status_code == 503 and response.get_json()["checks"]["storage"] == "failed"

    with probe_app.app_context():  # the database one migration behind its code
        table = sa.table("alembic_version", sa.column("version_num"))
        head = db.session.scalar(sa.select(table.c.version_num).where(table.c.version_num.like("qi_core_%")))
        db.session.execute(sa.update(table).where(table.c.version_num == head).values(version_num="qi_core_0034"))
        db.session.commit()
    try:
        response = client.get("/ready")
    finally:
        with probe_app.app_context():
            db.session.execute(sa.update(table).where(table.c.version_num == "qi_core_0034").values(version_num=head))
            db.session.commit()
    assert response.status_code == 503
    assert response.get_json() == {"status": "not ready",
                                   "checks": {"database": "ok", "migrations": "failed", "storage": "ok"}}
    assert client.get("/ready").status_code == 200


@pytest.mark.clause("4.1-4c")
def test_with_the_database_down_health_holds_ready_fails_and_a_500_page_gives_its_reference(make_app):
    """A database outage: the process stays healthy (restarting it cures nothing), it is not ready,
    and the error page a user gets names the request id that its log lines carry."""
    from sqlalchemy import event

    app = make_app(PROPAGATE_EXCEPTIONS=False)
    with app.app_context():
        engine = db.engine

    def refuse(dialect, _record, _cargs, _cparams):
        raise dialect.loaded_dbapi.OperationalError("the database server is down (test)")

    event.listen(engine, "do_connect", refuse)
    engine.dispose()
    try:
        client = app.test_client()
        assert client.get("/health").status_code == 200
        response = client.get("/ready")
        assert response.status_code == 503
        assert response.get_json()["checks"] == {"database": "failed", "migrations": "failed", "storage": "ok"}
        assert "down (test)" not in response.get_data(as_text=True)  # the reason goes to the log only
        for lang, sentence in (("en", "Error reference: {}. Give it when you ask for support."),
                               ("zh", "错误编号：{}。寻求技术支持时请提供此编号。")):
            client.get(f"/lang/{lang}")
            page = client.get("/")
            assert page.status_code == 500
            reference = f'<code class="qi-error-id">{page.headers["X-Request-ID"]}</code>'
            assert sentence.format(reference) in page.get_data(as_text=True)
    finally:
        event.remove(engine, "do_connect", refuse)
        engine.dispose()


def test_behind_a_proxy_the_clients_address_and_scheme_are_the_forwarded_ones(make_app):
    """Sign-in throttling counts per client address: behind nginx every request came from nginx."""
    from flask import request

    seen = {}
    for proxies in (0, 1):
        app = make_app(QI_PROXIES=proxies)

        @app.get("/test-ops/who")
        def who():
            return {"addr": request.remote_addr, "scheme": request.scheme}

        seen[proxies] = app.test_client().get("/test-ops/who", environ_base={"REMOTE_ADDR": "10.0.0.2"}, headers={
            "X-Forwarded-For": "203.0.113.9, 198.51.100.7", "X-Forwarded-Proto": "https"}).get_json()
    assert seen[0] == {"addr": "10.0.0.2", "scheme": "http"}
    assert seen[1] == {"addr": "198.51.100.7", "scheme": "https"}  # one proxy: its own entry, not the forged one
