"""Reading a setting: the environment's (or the configuration given to ``create_app``) when it sets
the key, else the value an administrator saved, else the default of ``app.config``.

Saved values are read from the database once per request (kept on ``g`` for that request only), so
a change shows at the next request in every worker, with nothing to restart.
"""
from __future__ import annotations

import json
import logging
import os

from flask import current_app, g, has_app_context, has_request_context
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from .registry import SETTINGS

log = logging.getLogger(__name__)
FIXED = "QI_FIXED_SETTINGS"
_CACHE = "qi_settings"


def fix_given_settings(app, given: dict | None) -> None:
    """At start-up: the settings the environment or ``create_app``'s configuration set, which the UI
    cannot change."""
    app.config[FIXED] = sorted(k for k in SETTINGS if k in os.environ or k in (given or {}))


def is_fixed(key: str) -> bool:
    return key in current_app.config.get(FIXED, ())


def saved_values() -> dict:
    """{key: value} saved by administrators (once per request)."""
    if has_request_context() and _CACHE in g:
        return g.get(_CACHE)
    from ..extensions import db
    from .models import SettingValue

    values = {}
    try:
        for key, raw in db.session.execute(select(SettingValue.key, SettingValue.value)):
            spec = SETTINGS.get(key)
            try:
                values[key] = spec.parse(json.loads(raw)) if spec else None
            except ValueError:
                log.warning("setting %s holds %r, which is no longer valid: the default is used", key, raw)
    except SQLAlchemyError:  # a database behind its code (no qi_setting yet): the configuration then
        db.session.rollback()
        log.warning("settings could not be read: the configuration's values are used")
        values = {}
    if has_request_context():
        setattr(g, _CACHE, values)
    return values


def forget() -> None:
    if has_request_context():
        g.pop(_CACHE, None)


def setting(key: str, default=None):
    """The value in force of setting ``key`` (``default`` outside an application)."""
    if not has_app_context():
        return default
    if key in SETTINGS and not is_fixed(key):
        value = saved_values().get(key)
        if value is not None:
            return value
    return current_app.config.get(key, default)


def source(key: str) -> str:
    """Where the value in force comes from: ``environment``, ``saved`` or ``default``."""
    if is_fixed(key):
        return "environment"
    return "saved" if saved_values().get(key) is not None else "default"
