"""Demo mode: the demo data's passwords are public (README, ``make run``), so they only work where
demo mode is on (``QI_DEMO=1``).

Outside demo mode ``flask qi demo`` refuses to run without ``--yes-this-is-a-demo``, and no sign-in
with a published demo password succeeds, whichever account it is tried on: a database that once got
the demo users and then went to production stays closed to them.
"""
from __future__ import annotations

import logging

from flask import current_app

log = logging.getLogger(__name__)


def demo_mode() -> bool:
    """Whether this installation is a demo (the ``QI_DEMO`` setting)."""
    return bool(current_app.config.get("QI_DEMO"))


def is_demo_password(password: str | None) -> bool:
    """Whether ``password`` is one of the published demo passwords."""
    from ..demo import DEMO_USERS

    return bool(password) and password in {pw for _user, _role, pw, *_ in DEMO_USERS}


class DemoPasswordsRefused:
    """Security-manager mixin: outside demo mode a demo password signs nobody in (a plain failure)."""

    def auth_user_db(self, username, password):
        if not demo_mode() and is_demo_password(password):
            log.warning("sign-in with a published demo password refused (QI_DEMO is off): %s", username)
            return None
        return super().auth_user_db(username, password)
