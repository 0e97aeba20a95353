"""``flask qi check-config`` refuses what production must not start with (issue 17)."""
from __future__ import annotations

import secrets

import pytest
from cryptography.fernet import Fernet

PRODUCTION = {"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://qi@db/qi", "QI_HTTPS": True, "QI_DEMO": False,
              "WTF_CSRF_ENABLED": True, "DEBUG": False, "QI_UPLOAD_DIR": "/srv/qi/uploads",
              "QI_METRICS_TOKEN": "t" + secrets.token_hex(16), "QI_DATA_KEYS": Fernet.generate_key().decode()}


@pytest.fixture(scope="module")
def config_app(make_app):
    return make_app()


@pytest.fixture
def production(config_app, monkeypatch):
    """``config_app`` configured as production should be; the test then spoils one thing."""
    saved = {key: config_app.config.get(key) for key in PRODUCTION}
    config_app.config.update(PRODUCTION)
    monkeypatch.setenv("QI_SECRET_KEY", secrets.token_hex(32))
    yield config_app
    config_app.config.update(saved)


def _check(app):
    result = app.test_cli_runner().invoke(args=["qi", "check-config"])  # output: stdout and stderr
    return result.exit_code, result.output


@pytest.mark.clause("4.1-6")
def test_a_production_configuration_passes(production):
    code, output = _check(production)
    assert code == 0 and "fit for production" in output and "refused" not in output


@pytest.mark.clause("4.1-6")
@pytest.mark.parametrize("spoil, says", [
    ({"env": ""}, "QI_SECRET_KEY is not set"),
    ({"env": "change-me"}, "placeholder"),
    ({"env": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}, "placeholder"),
    ({"env": "Short-but-random-9x"}, "use at least 32"),
    ({"SQLALCHEMY_DATABASE_URI": "sqlite:////srv/qi.db"}, "SQLite"),
    ({"FLASK_DEBUG": "1"}, "debug mode"),
    ({"QI_DEMO": True}, "demo mode"),
    ({"WTF_CSRF_ENABLED": False}, "CSRF"),
    ({"QI_HTTPS": False}, "QI_HTTPS is off"),
    ({"QI_DATA_KEYS": None}, "QI_DATA_KEYS is not set"),
    ({"QI_DATA_KEYS": "not-a-fernet-key"}, "not a Fernet key"),
])
def test_each_unfit_setting_is_refused(production, monkeypatch, spoil, says):
    spoil = dict(spoil)
    if "env" in spoil:
        monkeypatch.setenv("QI_SECRET_KEY", spoil.pop("env"))
    if "FLASK_DEBUG" in spoil:  # the command's app takes its debug flag from the environment
        monkeypatch.setenv("FLASK_DEBUG", spoil.pop("FLASK_DEBUG"))
    production.config.update(spoil)
    code, output = _check(production)
    assert code == 1 and "refused: " in output and says in output


@pytest.mark.clause("4.1-6")
def test_a_demo_account_with_its_published_password_is_refused_until_changed(production):
    from app.cli import ensure_user
    from app.extensions import db

    with production.app_context():
        ensure_user("enterprise", "enterprise-demo-2026", "Enterprise", "ent@demo.test", "伟", "陈")
    code, output = _check(production)
    assert code == 1 and "'enterprise'" in output
    with production.app_context():
        sm = production.appbuilder.sm
        sm.reset_password(sm.find_user(username="enterprise").id, secrets.token_hex(12))
        db.session.commit()
    assert _check(production)[0] == 0


def test_what_several_servers_need_is_warned(production):
    production.config.update({"QI_UPLOAD_DIR": None, "QI_METRICS_TOKEN": None})
    code, output = _check(production)
    assert code == 0 and "warning: QI_UPLOAD_DIR" in output and "warning: QI_METRICS_TOKEN" in output
