"""Configuration from the environment, with safe defaults.

Every setting can be given as an environment variable (``QI_...``) or in the mapping passed to
``create_app(config)``; the mapping wins. Nothing secret is a constant here: the secret key is read
from ``QI_SECRET_KEY`` or generated once and kept in the instance folder.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask_babel import lazy_gettext

PROJECT_ROOT = Path(__file__).resolve().parent.parent

LANGUAGES = {
    "zh": {"flag": "cn", "name": "简体中文"},
    "en": {"flag": "gb", "name": "English"},
}


# What the footer shows in a demo installation (``QI_DEMO``) whose settings leave it empty
# (``app.web.portal``); a real installation sets its own (README, "Portal settings").
DEMO_PORTAL = {
    "QI_OPERATOR_NAME": "宁夏质量基础设施一站式服务平台运营中心（演示）",
    "QI_OPERATOR_NAME_EN": "Ningxia QI One-Stop Service Centre (demo)",
    "QI_HOTLINE": "0951-12345",
    "QI_HOTLINE_HOURS": "工作日 9:00–17:30",
    "QI_HOTLINE_HOURS_EN": "Working days 9:00–17:30",
    "QI_OPERATOR_EMAIL": "privacy@qi-demo.example",
    "QI_ICP": "宁ICP备00000000号-1",
    "QI_SITE_CODE": "宁公网安备 64010402000000号",
}
# Footer and privacy texts; a name ending in _EN is the English form shown on English pages.
PORTAL_TEXT_SETTINGS = ("QI_OPERATOR_NAME", "QI_OPERATOR_NAME_EN", "QI_HOTLINE", "QI_HOTLINE_HOURS",
                        "QI_HOTLINE_HOURS_EN", "QI_OPERATOR_EMAIL", "QI_ICP", "QI_SITE_CODE")


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_optional_bool(name: str) -> bool | None:
    return None if os.environ.get(name) is None else _env_bool(name, False)


def _env_list(name: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, "").split(",") if part.strip()]


def load_secret_key(instance_path: str) -> str:
    """Return ``QI_SECRET_KEY`` or the key kept in ``<instance>/secret_key``, creating it once.

    Several processes may start together on a fresh instance folder: the file is created with
    O_EXCL, so exactly one of them writes it and the others read the same key.
    """
    if os.environ.get("QI_SECRET_KEY"):
        return os.environ["QI_SECRET_KEY"]
    path = Path(instance_path) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(secrets.token_hex(32))
    return path.read_text().strip()


def default_database_url(instance_path: str) -> str:
    return "sqlite:///" + str(Path(instance_path) / "qi_onestop.db")


def engine_options(url: str, options: dict | None = None) -> dict:
    """SQLAlchemy engine options for ``url`` over ``options`` (what the configuration set): on
    PostgreSQL, each connection runs without JIT compilation, which spends more on a page's short
    queries than they take (a search's counts: 9 ms of JIT for a 2 ms sample). An explicit
    ``options`` connect argument is kept."""
    options = dict(options or {})
    if url.startswith("postgresql"):
        connect_args = dict(options.get("connect_args") or {})
        connect_args.setdefault("options", "-c jit=off")
        options["connect_args"] = connect_args
    return options


def build_config(instance_path: str) -> dict:
    """The settings read from the environment; ``create_app`` overlays its own mapping on top."""
    from .accounts.sso import settings_from_environment

    return settings_from_environment() | {
        "SQLALCHEMY_DATABASE_URI": os.environ.get("QI_DATABASE_URL")
        or os.environ.get("DATABASE_URL")
        or default_database_url(instance_path),
        "SQLALCHEMY_TRACK_MODIFICATIONS": False,
        # Translated where it is shown (navbar, page titles): Chinese by default, English on request.
        "APP_NAME": lazy_gettext("Quality Infrastructure One-Stop Service Platform"),
        "APP_THEME": "",
        "BABEL_DEFAULT_LOCALE": os.environ.get("QI_DEFAULT_LOCALE", "zh"),
        "LANGUAGES": LANGUAGES,
        # Alembic owns the schema; permissions are synced by `flask qi init`, not by every worker.
        "FAB_CREATE_DB": False,
        "FAB_UPDATE_PERMS": _env_bool("QI_UPDATE_PERMS", False),
        "AUTH_ROLE_ADMIN": "Admin",
        "AUTH_ROLE_PUBLIC": "Public",
        "FAB_API_SWAGGER_UI": True,
        "FAB_ADD_SECURITY_API": False,
        "WTF_CSRF_ENABLED": _env_bool("QI_CSRF", True),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "QI_PLUGINS_DIRS": _env_list("QI_PLUGINS_DIRS") or [str(PROJECT_ROOT / "plugins")],
        "QI_DISABLED_PLUGINS": _env_list("QI_DISABLED_PLUGINS"),
        # An allow-list: when set, only these plugins load (the disabled list still applies).
        "QI_ENABLED_PLUGINS": _env_list("QI_ENABLED_PLUGINS") or None,
        # True: every installed entry-point plugin; False: none; a list (in code): only those names.
        "QI_LOAD_ENTRY_POINTS": _env_bool("QI_LOAD_ENTRY_POINTS", True),
        "QI_TRACE_PLUGINS": _env_bool("QI_TRACE_PLUGINS", False),
        "QI_UPLOAD_MAX_MB": float(os.environ.get("QI_UPLOAD_MAX_MB", "10")),
        # Bytes one request may carry, in MB; unset: room for the largest form (app.web.limits).
        "QI_MAX_REQUEST_MB": float(os.environ["QI_MAX_REQUEST_MB"]) if os.environ.get("QI_MAX_REQUEST_MB") else None,
        # Served over HTTPS: HSTS and Secure cookies; unset: on unless debug or testing (app.web.headers).
        "QI_HTTPS": _env_optional_bool("QI_HTTPS"),
        "QI_UPLOAD_DIR": os.environ.get("QI_UPLOAD_DIR") or None,
        # app.ops: JSON log lines (gunicorn.conf.py sets json), their level, and the token of /metrics
        # (unset: no /metrics at all)
        "QI_LOG_FORMAT": os.environ.get("QI_LOG_FORMAT", "text"),
        "QI_LOG_LEVEL": os.environ.get("QI_LOG_LEVEL", "INFO"),
        "QI_METRICS_TOKEN": os.environ.get("QI_METRICS_TOKEN") or None,
        # reverse proxies in front of the app (nginx: 1) whose X-Forwarded-For/-Proto/-Host are trusted
        "QI_PROXIES": int(os.environ.get("QI_PROXIES", "0") or 0),
        # where pg_dump / pg_restore are (flask qi backup/restore), when not on the PATH
        "QI_PG_BIN": os.environ.get("QI_PG_BIN") or None,
        # Fernet keys sealing personal data at rest, the first one current (app.accounts.sealed)
        "QI_DATA_KEYS": os.environ.get("QI_DATA_KEYS") or None,
        "QI_IMPORT_MAX_ROWS": int(os.environ.get("QI_IMPORT_MAX_ROWS", "20000")),
        "QI_MAIL_ENABLED": _env_bool("QI_MAIL_ENABLED", False),
        "QI_SMS_ENABLED": _env_bool("QI_SMS_ENABLED", True),  # the UI's settings page turns it off too
        "QI_BASE_URL": os.environ.get("QI_BASE_URL", ""),
        "QI_SMTP_HOST": os.environ.get("QI_SMTP_HOST", ""),
        "QI_SMTP_PORT": int(os.environ.get("QI_SMTP_PORT", "25")),
        "QI_SMTP_USER": os.environ.get("QI_SMTP_USER", ""),
        "QI_SMTP_PASSWORD": os.environ.get("QI_SMTP_PASSWORD", ""),
        "QI_MAIL_FROM": os.environ.get("QI_MAIL_FROM", "noreply@localhost"),
        # A demo installation: `flask qi demo` runs and the published demo passwords work (app.auth.demo_guard).
        "QI_DEMO": _env_bool("QI_DEMO", False),
        # Sign-in throttling (app.auth.throttle).
        # A submission at or after this hour (China time) counts from the next working day (app.workdays).
        "QI_WORKDAY_CUTOFF_HOUR": int(os.environ.get("QI_WORKDAY_CUTOFF_HOUR", "17")),
        "QI_LOGIN_MAX_FAILURES": int(os.environ.get("QI_LOGIN_MAX_FAILURES", "5")),
        "QI_LOGIN_MAX_FAILURES_PER_ADDRESS": int(os.environ.get("QI_LOGIN_MAX_FAILURES_PER_ADDRESS", "20")),
        "QI_LOGIN_LOCKOUT_MINUTES": int(os.environ.get("QI_LOGIN_LOCKOUT_MINUTES", "15")),
        # How many working days ahead a window's appointments can be booked (app.appointments.slots).
        "QI_APPOINTMENT_DAYS": int(os.environ.get("QI_APPOINTMENT_DAYS", "10")),
        # How many days a survey link of the completion notice stays valid (app.evaluations.invitations).
        "QI_SURVEY_VALID_DAYS": int(os.environ.get("QI_SURVEY_VALID_DAYS", "30")),
        # Below this many evaluations no satisfaction score is shown (app.evaluations.satisfaction).
        "QI_EVALUATION_MIN_COUNT": int(os.environ.get("QI_EVALUATION_MIN_COUNT", "5")),
        # The footer and the privacy policy (app.web.portal, app.web.privacy): operator, hotline, ICP …
        **{name: os.environ.get(name, "") for name in PORTAL_TEXT_SETTINGS},
        # A list counts its rows up to this many; past it the page says "10,000+" and pages through
        # the first ones (app.list_loading.bounded_count): counting a million rows is PostgreSQL's
        # slowest part of a list page. 0 counts every row.
        "QI_LIST_COUNT_CAP": int(os.environ.get("QI_LIST_COUNT_CAP", "10000")),
        # How many service windows the footer lists (the window network page lists them all).
        "QI_FOOTER_WINDOWS": int(os.environ.get("QI_FOOTER_WINDOWS", "3")),
        # The privacy policy's version, stored with each consent at registration; raise it when the policy changes.
        "QI_PRIVACY_VERSION": os.environ.get("QI_PRIVACY_VERSION", "2026-11"),
        # How long a password reset link (e-mail) and code (SMS) stay valid (app.auth.reset).
        "QI_RESET_LINK_MINUTES": int(os.environ.get("QI_RESET_LINK_MINUTES", "60")),
        "QI_RESET_CODE_MINUTES": int(os.environ.get("QI_RESET_CODE_MINUTES", "10")),
    }
