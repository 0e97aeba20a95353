"""Sign-in throttling: per account and per client address, kept in the database.

Both password sign-ins, the HTML form and ``POST /api/v1/security/login``, go through the security
manager's ``auth_user_db``; ``ThrottledLogin`` wraps it. Every attempt is a row of
``qi_login_attempt`` (``app.auth.models``), so every worker process of one database sees the same
counts.

- An **account** is locked once ``QI_LOGIN_MAX_FAILURES`` sign-ins with that name failed within
  ``QI_LOGIN_LOCKOUT_MINUTES``, counting only failures after the account's last successful sign-in.
- A **client address** is locked once ``QI_LOGIN_MAX_FAILURES_PER_ADDRESS`` sign-ins from it failed
  within the same period, whatever the names and whatever succeeded meanwhile: an attacker's good
  sign-in to their own account does not clear the failures they made against others.
- While locked, the password is not even checked and nothing is recorded; the lockout ends when
  enough of the counted failures are older than the period.

Names that are not accounts count exactly like names that are, so the lockout message tells nothing
about which accounts exist.
"""
from __future__ import annotations

import datetime as dt
import hashlib

from flask import g, has_request_context, request
from flask_appbuilder import expose
from flask_appbuilder.api import safe
from flask_appbuilder.security.api import SecurityApi
from flask_babel import gettext
from sqlalchemy import delete, func, select

from ..audit.models import LOGIN, LOGIN_FAILED
from ..audit.trail import record as audit
from ..extensions import db
from ..parameters.read import setting
from .models import LoginAttempt

DEFAULTS = {"QI_LOGIN_MAX_FAILURES": 5, "QI_LOGIN_MAX_FAILURES_PER_ADDRESS": 20, "QI_LOGIN_LOCKOUT_MINUTES": 15}
_REFUSED = "qi_login_locked"


def now() -> dt.datetime:
    """The current time, naive UTC as stored (a function, so tests can move the clock)."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _setting(name: str) -> int:
    return int(setting(name, DEFAULTS[name]))


def account_key(username: str) -> str:
    """What identifies an account in the attempts table: a hash of the name as typed, lower-cased."""
    return hashlib.sha256(username.strip().lower().encode("utf-8")).hexdigest()


def client_address() -> str:
    """The client's address as this process sees it (put ProxyFix in front when behind a proxy)."""
    return (request.remote_addr if has_request_context() else None) or "-"


def is_locked(session, account: str, address: str) -> bool:
    """Whether sign-ins for ``account`` or from ``address`` are locked out now."""
    since = now() - dt.timedelta(minutes=_setting("QI_LOGIN_LOCKOUT_MINUTES"))
    recent = (LoginAttempt.attempted_on >= since,)
    last_success = session.scalar(select(func.max(LoginAttempt.id)).where(
        LoginAttempt.account == account, LoginAttempt.succeeded.is_(True), *recent))
    account_failures = session.scalar(select(func.count()).select_from(LoginAttempt).where(
        LoginAttempt.account == account, LoginAttempt.succeeded.is_(False), LoginAttempt.id > (last_success or 0),
        *recent))
    if account_failures >= _setting("QI_LOGIN_MAX_FAILURES"):
        return True
    address_failures = session.scalar(select(func.count()).select_from(LoginAttempt).where(
        LoginAttempt.address == address, LoginAttempt.succeeded.is_(False), *recent))
    return address_failures >= _setting("QI_LOGIN_MAX_FAILURES_PER_ADDRESS")


def record_attempt(session, account: str, address: str, succeeded: bool) -> None:
    """Keep one attempt and forget those older than the lockout period; commits."""
    moment = now()
    session.add(LoginAttempt(account=account, address=address[:64], succeeded=succeeded, attempted_on=moment))
    cutoff = moment - dt.timedelta(minutes=_setting("QI_LOGIN_LOCKOUT_MINUTES"))
    session.execute(delete(LoginAttempt).where(LoginAttempt.attempted_on < cutoff))
    session.commit()


def lockout_message() -> str | None:
    """The translated refusal when this request's sign-in was refused by the lockout, else None."""
    if not (has_request_context() and g.get(_REFUSED)):
        return None
    return gettext("Too many failed sign-in attempts. Please wait %(minutes)d minutes and try again.",
                   minutes=_setting("QI_LOGIN_LOCKOUT_MINUTES"))


class ThrottledSecurityApi(SecurityApi):
    """FAB's REST sign-in, answering 429 with the translated message while locked out."""

    @expose("/login", methods=["POST"])
    @safe
    def login(self):
        """Sign in and get a JWT access token (and a refresh token when asked)
        ---
        post:
          description: >-
            Authenticate and get a JWT access and refresh token. Repeated failures lock the
            account and the client address out for a while (429).
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  type: object
                  properties:
                    username:
                      type: string
                    password:
                      type: string
                    provider:
                      type: string
                      enum:
                      - db
                      - ldap
                    refresh:
                      type: boolean
          responses:
            200:
              description: Authentication Successful
              content:
                application/json:
                  schema:
                    type: object
                    properties:
                      access_token:
                        type: string
                      refresh_token:
                        type: string
            400:
              $ref: '#/components/responses/400'
            401:
              $ref: '#/components/responses/401'
            429:
              description: Too many failed sign-in attempts
              content:
                application/json:
                  schema:
                    type: object
                    properties:
                      message:
                        type: string
        """
        response = super().login()
        message = lockout_message()
        if message:
            return self.response(429, message=message)
        return response


class ThrottledLogin:
    """Security-manager mixin: the lockout around FAB's password check, for form and REST alike."""

    security_api = ThrottledSecurityApi

    def auth_user_db(self, username, password):
        if not username:
            return super().auth_user_db(username, password)
        account, address = account_key(username), client_address()
        if is_locked(db.session, account, address):
            g.setdefault(_REFUSED, True)
            return None
        user = super().auth_user_db(username, password)
        record_attempt(db.session, account, address, succeeded=user is not None)
        audit(LOGIN if user is not None else LOGIN_FAILED, "ab_user", getattr(user, "id", None),
              actor=str(username)[:128], method="password")
        return user
