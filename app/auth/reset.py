"""A forgotten password, reset by e-mail or SMS.

1. ``/password/forgot``: the user types their login name, e-mail address or mobile number and picks
   how to receive the reset. Whatever they typed, the answer is the same (no one learns which
   accounts exist); when it names one account in standing, a reset is issued:
   - **e-mail**: a link with a random token (``QI_RESET_LINK_MINUTES``), put in the outbox
     (``app.notify``, sent by ``flask qi outbox send``), offered where mail is on (``QI_MAIL_ENABLED``);
   - **SMS**: a 6-digit code (``QI_RESET_CODE_MINUTES``) sent to the mobile number on file through
     the SMS gateway interface (``app.notify.sms``, after the commit).
2. ``/password/reset/<token>`` (link) or ``/password/code`` (code): a new password under the
   platform's policy (``app.auth.passwords``), stored as FAB stores it (``reset_password``), which
   also ends every session and token of the account (``app.auth.sessions``).

Only a hash of each token and code is kept (``PasswordReset``), in the database: every worker
process sees the same resets. A reset works once (consumed by a conditional update, so two requests
with the same token cannot both succeed), until it expires; issuing a new one ends the older ones.
Requests and wrong codes count like failed sign-ins (``app.auth.throttle``), per account and per
client address.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from flask import current_app, flash, redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.fieldwidgets import BS3PasswordFieldWidget
from flask_babel import force_locale, gettext, lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import func, or_, select, update
from wtforms import PasswordField, RadioField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp

from ..extensions import db
from ..identifiers import normalise_contact
from ..notify.events import sms_event
from ..notify.templates import sms_text
from ..parameters.read import setting
from . import throttle
from .models import PasswordReset
from .passwords import password_policy

MAIL, SMS = "mail", "sms"
# the reset code's text message (an administrator may rewrite it: app.notify.templates)
RESET_CODE_SMS = sms_event("auth.reset_code_sms", _l("QI platform: your password reset code is %(code)s, valid for "
                                                     "%(minutes)s minutes. Never tell it to anyone."),
                           _l("Password reset: the code (SMS)"))
CODE_DIGITS = 6
TOKEN_BYTES = 32
MAX_TOKEN_CHARS = 100


def now() -> dt.datetime:
    """The current time, naive UTC as stored (a function, so tests can move the clock)."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _minutes(name: str, default: int) -> int:
    return int(current_app.config.get(name, default) or default)


def token_hash(token: str) -> str:
    """What is stored of an e-mailed token: its SHA-256 (the token itself has 256 random bits)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def code_hash(user_id: int, code: str) -> str:
    """What is stored of an SMS code: an HMAC under the secret key, so the few million possible codes
    cannot be tried against a copy of the table."""
    key = str(current_app.config["SECRET_KEY"]).encode("utf-8")
    return hmac.new(key, f"password-reset:{user_id}:{code}".encode("utf-8"), hashlib.sha256).hexdigest()


# -- finding the account ---------------------------------------------------------------------------

def find_account(typed: str | None):
    """The one user whose login name, e-mail address or mobile number on file is ``typed`` (as people
    type it: full-width, spaces, ``+86``); None when none or several match."""
    from flask_appbuilder.security.sqla.models import User

    from ..accounts.models import UserProfile

    value = (normalise_contact(typed) or "").strip()
    if not value:
        return None
    lowered = value.lower()
    ids = db.session.scalars(
        select(User.id).outerjoin(UserProfile, UserProfile.user_id == User.id)
        .where(or_(func.lower(User.username) == lowered, func.lower(User.email) == lowered,
                   UserProfile.phone == value))
        .distinct().limit(2)).all()
    return db.session.get(User, ids[0]) if len(ids) == 1 else None


def phone_on_file(user) -> str | None:
    """The mobile number the account's codes go to: the member's phone, else a login that is one."""
    from ..accounts.models import UserProfile
    from ..notify.sms import sms_number

    phone = db.session.scalar(select(UserProfile.phone).where(UserProfile.user_id == user.id))
    return sms_number(phone) or sms_number(user.username)


def _in_standing(user) -> bool:
    from .standing import standing_of

    found = standing_of(user.id)
    return found is not None and not found.refused


# -- issuing and using resets ----------------------------------------------------------------------

def _end_open_resets(user_id: int, moment: dt.datetime) -> None:
    db.session.execute(update(PasswordReset).where(PasswordReset.user_id == user_id,
                                                   PasswordReset.used_at.is_(None)).values(used_at=moment))


def _bilingual(text, **params) -> str:
    """``text`` in Chinese, then in English (a reset mail goes to someone whose language is unknown)."""
    parts = []
    for lang in ("zh", "en"):
        with force_locale(lang):
            parts.append(gettext(str(getattr(text, "_args", [text])[0]), **params))
    return "\n\n".join(parts)


def issue(user, channel: str) -> bool:
    """Issue a reset of ``channel`` for ``user`` (in the caller's transaction); whether anything
    could be sent (an address or a mobile number on file). Older open resets end."""
    from ..notify.models import OutboxMail
    from ..notify.sms import queue_sms

    moment = now()
    if channel == MAIL:
        if not (user.email and setting("QI_MAIL_ENABLED")):
            return False
        minutes = _minutes("QI_RESET_LINK_MINUTES", 60)
        token = secrets.token_urlsafe(TOKEN_BYTES)
        _end_open_resets(user.id, moment)
        db.session.add(PasswordReset(user_id=user.id, channel=MAIL, secret_hash=token_hash(token),
                                     created_at=moment, expires_at=moment + dt.timedelta(minutes=minutes)))
        link = current_app.config.get("QI_BASE_URL", "").rstrip("/") + url_for("PasswordResetView.reset",
                                                                               token=token)
        db.session.add(OutboxMail(
            to_address=user.email, subject=_bilingual(_l("Password reset")).replace("\n\n", " / "),
            body=_bilingual(_l("Someone asked to reset the password of the account %(login)s. To choose a new "
                               "password, open this link within %(minutes)d minutes: %(link)s If it was not you, "
                               "ignore this mail: your password stays as it is."),
                            login=user.username, minutes=minutes, link=link)))
        return True
    phone = phone_on_file(user)
    if not phone:
        return False
    minutes = _minutes("QI_RESET_CODE_MINUTES", 10)
    code = f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"
    _end_open_resets(user.id, moment)
    db.session.add(PasswordReset(user_id=user.id, channel=SMS, secret_hash=code_hash(user.id, code),
                                 created_at=moment, expires_at=moment + dt.timedelta(minutes=minutes)))
    queue_sms(db.session, phone, sms_text(db.session, RESET_CODE_SMS, code=code, minutes=str(minutes)))
    return True


def open_reset_by_token(token: str) -> PasswordReset | None:
    """The e-mailed reset of ``token`` while it may be used, else None."""
    if not token or len(token) > MAX_TOKEN_CHARS:
        return None
    return db.session.scalar(select(PasswordReset).where(
        PasswordReset.secret_hash == token_hash(token), PasswordReset.channel == MAIL,
        PasswordReset.used_at.is_(None), PasswordReset.expires_at > now()))


def open_reset_by_code(user, code: str) -> PasswordReset | None:
    """The user's open SMS reset when ``code`` is its code, else None (a wrong code counts against
    the reset, which ends after ``QI_LOGIN_MAX_FAILURES`` wrong ones)."""
    if user is None:
        return None
    reset = db.session.scalar(select(PasswordReset).where(
        PasswordReset.user_id == user.id, PasswordReset.channel == SMS, PasswordReset.used_at.is_(None),
        PasswordReset.expires_at > now()).order_by(PasswordReset.id.desc()).limit(1))
    if reset is None:
        return None
    if hmac.compare_digest(reset.secret_hash, code_hash(user.id, (code or "").strip())):
        return reset
    reset.wrong_tries += 1
    if reset.wrong_tries >= int(current_app.config.get("QI_LOGIN_MAX_FAILURES", 5)):
        reset.used_at = now()
    db.session.commit()
    return None


def use(reset: PasswordReset, password: str) -> bool:
    """Consume ``reset`` and give its account ``password``; False when another request used it first
    or it expired meanwhile (nothing changes then)."""
    moment = now()
    taken = db.session.execute(update(PasswordReset).where(
        PasswordReset.id == reset.id, PasswordReset.used_at.is_(None), PasswordReset.expires_at > moment)
        .values(used_at=moment)).rowcount
    if taken != 1:
        db.session.rollback()
        return False
    _end_open_resets(reset.user_id, moment)
    # FAB's hash, committed with the reset; every session and token of the account ends (app.security)
    current_app.appbuilder.sm.reset_password(reset.user_id, password)
    return True


# -- forms and pages -------------------------------------------------------------------------------

class ForgotForm(FlaskForm):
    account = StringField(_l("Login name, e-mail address or mobile number"), validators=[
        DataRequired(message=_l("Please give your login name, e-mail address or mobile number.")), Length(max=320)])
    channel = RadioField(_l("Send me"), choices=[(MAIL, _l("a link by e-mail")), (SMS, _l("a code by SMS"))],
                         default=SMS)


def _new_password_fields():
    password = PasswordField(_l("New password"), widget=BS3PasswordFieldWidget(), validators=[
        DataRequired(message=_l("Please choose a password.")), password_policy],
        description=_l("At least 8 characters with both letters and digits, not the login name."))
    confirm = PasswordField(_l("Repeat password"), widget=BS3PasswordFieldWidget(),
                            validators=[EqualTo("password", message=_l("The passwords differ."))])
    return password, confirm


class NewPasswordForm(FlaskForm):
    password, confirm = _new_password_fields()
    owner = None  # the account's login name, for the policy's "not the login name"

    def password_owner_name(self):
        return self.owner


class CodeForm(NewPasswordForm):
    account = StringField(_l("Login name, e-mail address or mobile number"), validators=[
        DataRequired(message=_l("Please give your login name, e-mail address or mobile number.")), Length(max=320)])
    code = StringField(_l("Code from the SMS"), validators=[
        DataRequired(message=_l("Please type the code from the SMS.")),
        Regexp(r"^\s*\d{6}\s*$", message=_l("The code has 6 digits."))])


class PasswordResetView(BaseView):
    """Forgot password: ask for a reset, then set a new password with the e-mailed link or the SMS code."""

    route_base = "/password"
    default_view = "forgot"
    method_permission_name = {"forgot": "read", "reset": "read", "code": "read"}

    def _page(self, template, status=200, **context):
        return self.render_template(f"qi/portal/{template}", mail_on=bool(setting("QI_MAIL_ENABLED")),
                                    sms_on=bool(setting("QI_SMS_ENABLED", True)), **context), status

    def _locked(self, template, form):
        flash(gettext("Too many attempts. Please wait %(minutes)d minutes and try again.",
                      minutes=throttle._setting("QI_LOGIN_LOCKOUT_MINUTES")), "danger")
        return self._page(template, 429, form=form)

    @expose("/forgot", methods=["GET", "POST"])
    @has_access
    def forgot(self):
        form = ForgotForm()
        # only the channels that are on (the settings page turns mail and text messages off)
        form.channel.choices = [(code, label) for code, label in form.channel.choices
                                if setting("QI_MAIL_ENABLED" if code == MAIL else "QI_SMS_ENABLED", True)]
        if not form.channel.choices:
            return self._page("forgot.html", 200, form=form, no_channel=True)
        if request.method == "GET" or not form.validate_on_submit():
            return self._page("forgot.html", 200 if request.method == "GET" else 422, form=form)
        typed = form.account.data.strip()
        account, address = throttle.account_key(f"reset:{normalise_contact(typed) or typed}"), throttle.client_address()
        if throttle.is_locked(db.session, account, address):
            return self._locked("forgot.html", form)
        user = find_account(typed)
        if user is not None and _in_standing(user):
            issue(user, form.channel.data)
        # every request counts, found or not: one account cannot be flooded with mails or texts
        throttle.record_attempt(db.session, account, address, succeeded=False)  # commits the reset too
        if form.channel.data == SMS:
            flash(gettext("If an account matches what you typed and has a mobile number on file, a code was sent "
                          "to it by SMS. It is valid for %(minutes)d minutes.",
                          minutes=_minutes("QI_RESET_CODE_MINUTES", 10)), "info")
            return self._page("code.html", form=CodeForm(formdata=None, account=typed))
        flash(gettext("If an account matches what you typed, a link to choose a new password was sent to its "
                      "e-mail address. It is valid for %(minutes)d minutes.",
                      minutes=_minutes("QI_RESET_LINK_MINUTES", 60)), "info")
        return self._page("sent.html")

    @expose("/reset/<token>", methods=["GET", "POST"])
    @has_access
    def reset(self, token):
        reset = open_reset_by_token(token)
        if reset is None:
            return self._page("invalid.html", 410)
        form = NewPasswordForm()
        form.owner = self._login_of(reset.user_id)
        if request.method == "GET" or not form.validate_on_submit():
            return self._page("reset.html", 200 if request.method == "GET" else 422, form=form, login=form.owner)
        if not use(reset, form.password.data):
            return self._page("invalid.html", 410)
        return self._done()

    @expose("/code", methods=["GET", "POST"])
    @has_access
    def code(self):
        form = CodeForm()
        if request.method == "GET":
            form.account.data = (request.args.get("account") or "")[:320]
            return self._page("code.html", form=form)
        user = find_account(form.account.data)
        form.owner = user.username if user is not None else None
        if not form.validate_on_submit():
            return self._page("code.html", 422, form=form)
        typed = form.account.data.strip()
        account = throttle.account_key(f"reset-code:{normalise_contact(typed) or typed}")
        address = throttle.client_address()
        if throttle.is_locked(db.session, account, address):
            return self._locked("code.html", form)
        reset = open_reset_by_code(user, form.code.data) if user is not None and _in_standing(user) else None
        throttle.record_attempt(db.session, account, address, succeeded=reset is not None)
        if reset is None or not use(reset, form.password.data):
            form.code.errors = [*form.code.errors, gettext("The code is wrong or has expired. Ask for a new one.")]
            return self._page("code.html", 422, form=form)
        return self._done()

    @staticmethod
    def _login_of(user_id: int) -> str | None:
        from flask_appbuilder.security.sqla.models import User

        return db.session.scalar(select(User.username).where(User.id == user_id))

    def _done(self):
        flash(gettext("Your password was changed. Sign in with the new password."), "success")
        return redirect(self.appbuilder.get_url_for_login)


def view_specs() -> list[dict]:
    """The password reset pages: everyone may use them, signed in or not (``app.access``)."""
    from ..roles import EVERYONE_READS

    return [{"view": PasswordResetView, "roles": EVERYONE_READS}]
