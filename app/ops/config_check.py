"""``flask qi check-config``: what a production server must not start with.

Refused (exit status 1): no ``QI_DATA_KEYS`` (or one that is no Fernet key), no ``QI_SECRET_KEY`` (the key the instance folder keeps is one machine's
own: a second server would sign other sessions), a short or placeholder secret, SQLite, debug mode,
demo mode, CSRF off, HTTPS off, and demo accounts that still sign in with their published passwords.
Warned: uploads in the instance folder (several servers need one shared folder) and no token for
``/metrics``. A demo (``QI_DEMO``) is not production: it is only told what it would be refused.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from flask import Flask

REFUSED, WARNING = "refused", "warning"
MIN_SECRET = 32
PLACEHOLDERS = {"change-me", "changeme", "secret", "dev", "development", "test", "default", "please-change",
                "qi-onestop", "your-secret-key"}


@dataclass(frozen=True)
class Finding:
    level: str
    message: str


def _secret(app: Flask) -> list[Finding]:
    secret = os.environ.get("QI_SECRET_KEY") or ""
    if not secret:
        return [Finding(REFUSED, "QI_SECRET_KEY is not set: the key kept in the instance folder is this machine's "
                                 "own, and every server must sign sessions with the same one")]
    if secret.strip().lower() in PLACEHOLDERS or len(set(secret)) < 8:
        return [Finding(REFUSED, "QI_SECRET_KEY is a placeholder; generate one: python -c "
                                 "'import secrets; print(secrets.token_hex(32))'")]
    if len(secret) < MIN_SECRET:
        return [Finding(REFUSED, f"QI_SECRET_KEY has {len(secret)} characters; use at least {MIN_SECRET} random ones")]
    return []


def _demo_passwords_work() -> list[str]:
    """The demo accounts that sign in with the password the README publishes."""
    from flask import current_app
    from sqlalchemy.exc import SQLAlchemyError
    from werkzeug.security import check_password_hash

    from ..demo import DEMO_USERS
    from ..extensions import db

    sm = current_app.appbuilder.sm
    found = []
    try:
        for username, _role, password, *_ in DEMO_USERS:
            user = sm.find_user(username=username)
            if user is not None and user.password and check_password_hash(user.password, password):
                found.append(username)
    except SQLAlchemyError:  # no tables yet: no accounts either
        db.session.rollback()
    return found


def findings(app: Flask) -> list[Finding]:
    """What stands in the way of serving ``app`` in production (needs an app context)."""
    from ..web.headers import serves_https

    found = _secret(app)
    if not app.config.get("QI_DATA_KEYS"):
        found.append(Finding(REFUSED, "QI_DATA_KEYS is not set: ID numbers would be sealed with a key derived from "
                                      "the secret key; generate one: python -c 'from cryptography.fernet import "
                                      "Fernet; print(Fernet.generate_key().decode())'"))
    else:
        from cryptography.fernet import Fernet

        try:
            [Fernet(k.strip()) for k in app.config["QI_DATA_KEYS"].split(",") if k.strip()]
        except ValueError:
            found.append(Finding(REFUSED, "QI_DATA_KEYS holds a value that is not a Fernet key"))
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        found.append(Finding(REFUSED, "the database is SQLite: production runs on PostgreSQL (QI_DATABASE_URL)"))
    if app.debug:
        found.append(Finding(REFUSED, "debug mode is on (FLASK_DEBUG): it shows tracebacks and runs code on request"))
    if app.config.get("QI_DEMO"):
        found.append(Finding(REFUSED, "demo mode is on (QI_DEMO): its published passwords sign in"))
    if not app.config.get("WTF_CSRF_ENABLED", True):
        found.append(Finding(REFUSED, "CSRF protection is off (QI_CSRF)"))
    if not serves_https(app):
        found.append(Finding(REFUSED, "QI_HTTPS is off: session cookies would travel without TLS"))
    for username in _demo_passwords_work():
        found.append(Finding(REFUSED, f"the demo account {username!r} signs in with its published password: "
                                      "delete it or change its password"))
    if not app.config.get("QI_UPLOAD_DIR"):
        found.append(Finding(WARNING, "QI_UPLOAD_DIR is not set: uploads stay in this machine's instance folder; "
                                      "several servers need one shared folder"))
    if not app.config.get("QI_METRICS_TOKEN"):
        found.append(Finding(WARNING, "QI_METRICS_TOKEN is not set: there is no /metrics to monitor"))
    return found
