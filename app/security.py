"""The platform's security manager: FAB's, with sign-in leading to the user's dashboard."""
import re
from types import SimpleNamespace

from flask import current_app, flash, g, redirect, request, session, url_for
from flask_appbuilder.security.forms import LoginForm_db
from flask_appbuilder.security.sqla.manager import SecurityManager
from flask_appbuilder.security.views import AuthDBView, AuthOAuthView
from flask_appbuilder.utils.base import get_safe_redirect
from flask_appbuilder import expose
from flask_appbuilder._compat import as_unicode
from flask_appbuilder.security.decorators import no_cache
from flask_login import login_user, user_logged_in

from .accounts.sso import userinfo_from_oidc
from .auth import builtin_roles, sessions, standing
from .auth.demo_guard import DemoPasswordsRefused
from .auth.password_views import PasswordPolicyViews
from .auth.security_views import LeanSecurityViews
from .auth.throttle import ThrottledLogin, lockout_message
from .identifiers import normalise_contact
from .web.logout import LogoutByPost


def _landing_url() -> str:
    """``next`` when it is a safe local address, else the user's dashboard."""
    if request.args.get("next"):
        return get_safe_redirect(request.args["next"])
    return url_for("DashboardView.index")


# The login name typed before a failed sign-in, kept in the browser's session for the next page only
# (FAB empties the field after an error).
TYPED_LOGIN = "qi_typed_login"


def login_name(typed: str | None) -> str:
    """The account name a sign-in is for: a mobile number or an e-mail address as people type them
    (``+86 138-0013-8000``, full-width) in its stored form (``app.identifiers``); any other name as typed."""
    value = (typed or "").strip()
    normalised = normalise_contact(value) or ""
    if "@" in normalised or re.fullmatch(r"1[3-9]\d{9}", normalised):
        return normalised
    return value


class QiAuthDBView(LogoutByPost, AuthDBView):
    """FAB's database login, landing on the dashboard instead of the public home page; logout by POST;
    the login name kept after a failed attempt; phone numbers and e-mail addresses as people type them."""

    @expose("/login/", methods=["GET", "POST"])
    @no_cache
    def login(self):
        if g.user is not None and g.user.is_authenticated:
            return redirect(_landing_url())
        form = LoginForm_db()
        if request.method == "GET":
            form.username.data = session.pop(TYPED_LOGIN, None)
        if form.validate_on_submit():
            user = self.appbuilder.sm.auth_user_db(login_name(form.username.data), form.password.data)
            if not user:
                session[TYPED_LOGIN] = (form.username.data or "")[:128]
                refusal = g.pop("qi_login_refusal", None)
                message = lockout_message() or refusal
                flash(message or as_unicode(self.invalid_login_message), "danger" if message else "warning")
                return redirect(self.appbuilder.get_url_for_login_with(request.args.get("next", "")))
            login_user(user, remember=False)
            return redirect(_landing_url())
        return self.render_template(self.login_template, title=self.title, form=form, appbuilder=self.appbuilder)


class QiAuthOAuthView(LogoutByPost, AuthOAuthView):
    """FAB's OAuth/OpenID Connect login, with logout by POST."""


class QiSecurityManager(ThrottledLogin, DemoPasswordsRefused, PasswordPolicyViews, LeanSecurityViews, SecurityManager):
    """FAB's, with sign-in throttling (``app.auth.throttle``), demo passwords refused outside demo
    mode (``app.auth.demo_guard``), the password policy on FAB's password forms
    (``app.auth.password_views``), FAB's security lists made lean (``app.auth.security_views``),
    the user's standing and session versions on every request and token (``app.auth.standing``,
    ``app.auth.sessions``) and the platform's login landing."""

    authdbview = QiAuthDBView
    authoauthview = QiAuthOAuthView

    # -- standing and sessions (app.auth): every sign-in, session and token ---------------------
    def auth_user_db(self, username, password):
        """FAB's password check, then the user's standing: a rejected or deregistered organisation's
        user is refused (the reason is kept on ``g`` for the sign-in page), as is a disabled one."""
        return self._if_standing(super().auth_user_db(username, password))

    def auth_user_oauth(self, userinfo):
        from .audit.models import LOGIN, LOGIN_FAILED
        from .audit.trail import record

        user = self._if_standing(super().auth_user_oauth(userinfo))
        record(LOGIN if user is not None else LOGIN_FAILED, "ab_user", getattr(user, "id", None),
               actor=str(userinfo.get("username") or userinfo.get("email") or "single sign-on")[:128], method="oidc")
        return user

    @staticmethod
    def _if_standing(user):
        if user is None:
            return None
        found = standing.standing_of(user.id)
        if found is None or found.refused:
            g.qi_login_refusal = found.refusal_message() if found else None
            return None
        return user

    def load_user(self, pk):
        """The session's user, while in standing and while the session is of the current version."""
        user = self._standing_user(pk)
        if user is not None and not sessions.session_is_current(standing.standing_of(user.id).session_version):
            return None
        return user

    def load_user_jwt(self, _jwt_header, jwt_data):
        """A token's user, while in standing and while the token is of the current version: a token
        issued before sign-out, a password change or deregistration is refused, and so is its refresh."""
        user = self._standing_user(jwt_data["sub"])
        if user is None or jwt_data.get(sessions.CLAIM) != standing.standing_of(user.id).session_version:
            return None
        g.user = user
        return user

    def _standing_user(self, pk):
        try:
            user_id = int(pk)
        except (TypeError, ValueError):
            return None
        # The user with its roles, groups and standing in one statement: FAB's get_user_by_id, then
        # the roles and groups loaded lazily and the standing were four on every signed-in request.
        user, found = standing.user_and_standing(self.user_model, user_id, self.user_model.roles,
                                                 self.user_model.groups)
        if found is None or found.refused:
            return None
        return user

    def create_login_manager(self, app):
        manager = super().create_login_manager(app)
        user_logged_in.connect(_stamp_session)  # any app: the stamp goes into the current request's session
        return manager

    def create_jwt_manager(self, app):
        manager = super().create_jwt_manager(app)
        manager.additional_claims_loader(_token_claims)
        return manager

    def get_user_roles(self, user):
        """A pending applicant acts as ``Applicant`` only, whatever role the account was given."""
        if not getattr(user, "is_authenticated", False):
            return super().get_user_roles(user)
        return standing.effective_roles(user) + [role for group in user.groups for role in group.roles]

    def on_user_logout(self, user):
        """Signing out ends every copy of the session (a replayed cookie or token included)."""
        super().on_user_logout(user)
        _end_sessions(user.id, keep_this_one=False)

    def reset_password(self, userid, password):
        """FAB's, and every other session and token of the user ends; the user's own browser, when
        they changed their own password, stays signed in."""
        super().reset_password(userid, password)
        userid = int(userid)  # FAB's admin reset passes the id as the query string gave it
        _end_sessions(userid, keep_this_one=getattr(g.get("user"), "id", None) == userid)

    def get_oauth_user_info(self, provider, resp):
        """OpenID Connect providers configured by ``app.accounts.sso`` map their claims; others FAB's way."""
        if provider in current_app.config.get("QI_OIDC_PROVIDERS", []):
            return userinfo_from_oidc(provider, self.oauth_remotes[provider], resp)
        return super().get_oauth_user_info(provider, resp)

    def _has_access_builtin_roles(self, role, permission_name, view_name) -> bool:
        """FAB's answer for a code-defined role, looked up instead of matched (``app.auth.builtin_roles``)."""
        return builtin_roles.access_of(self).allows(role.name, permission_name, view_name)

    def is_item_public(self, permission_name, view_name):
        """Anonymous access, answered from the code-defined Public role like every built-in role.

        FAB 5.3 checks built-in roles for signed-in users only and reads anonymous permissions
        from the database; this keeps the two the same table and saves the query.
        """
        public = SimpleNamespace(name=self.auth_role_public)
        if public.name in self.builtin_roles:
            return self._has_access_builtin_roles(public, permission_name, view_name)
        return super().is_item_public(permission_name, view_name)


def _stamp_session(_app, user, **_extra):
    """A new sign-in holds the user's current session version."""
    sessions.remember_version(standing.standing_of(user.id).session_version)


def _token_claims(identity) -> dict:
    try:
        found = standing.standing_of(int(identity))
    except (TypeError, ValueError):
        return {}
    return {sessions.CLAIM: found.session_version} if found else {}


def _end_sessions(user_id: int, keep_this_one: bool) -> None:
    from .extensions import db

    version = sessions.end_sessions(db.session, user_id)
    db.session.commit()
    standing.forget(user_id)
    if keep_this_one:
        sessions.remember_version(version)
