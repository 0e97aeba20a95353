"""The platform's security manager: FAB's, with sign-in leading to the user's dashboard."""
from types import SimpleNamespace

from flask import current_app, flash, g, redirect, request, url_for
from flask_appbuilder.security.forms import LoginForm_db
from flask_appbuilder.security.sqla.manager import SecurityManager
from flask_appbuilder.security.views import AuthDBView
from flask_appbuilder.utils.base import get_safe_redirect
from flask_appbuilder import expose
from flask_appbuilder._compat import as_unicode
from flask_appbuilder.security.decorators import no_cache
from flask_babel import gettext
from flask_login import login_user, logout_user

from .accounts import is_deregistered_member
from .accounts.sso import userinfo_from_oidc
from .auth.demo_guard import DemoPasswordsRefused
from .auth.password_views import PasswordPolicyViews
from .auth.throttle import ThrottledLogin, lockout_message


def _landing_url() -> str:
    """``next`` when it is a safe local address, else the user's dashboard."""
    if request.args.get("next"):
        return get_safe_redirect(request.args["next"])
    return url_for("DashboardView.index")


class QiAuthDBView(AuthDBView):
    """FAB's database login, landing on the dashboard instead of the public home page."""

    @expose("/login/", methods=["GET", "POST"])
    @no_cache
    def login(self):
        if g.user is not None and g.user.is_authenticated:
            return redirect(_landing_url())
        form = LoginForm_db()
        if form.validate_on_submit():
            user = self.appbuilder.sm.auth_user_db(form.username.data, form.password.data)
            if not user:
                flash(lockout_message() or as_unicode(self.invalid_login_message), "warning")
                return redirect(self.appbuilder.get_url_for_login_with(request.args.get("next", "")))
            if is_deregistered_member(user):
                flash(gettext("Your organisation is deregistered: its account can no longer be used."), "danger")
                return redirect(self.appbuilder.get_url_for_login_with(request.args.get("next", "")))
            login_user(user, remember=False)
            return redirect(_landing_url())
        return self.render_template(self.login_template, title=self.title, form=form, appbuilder=self.appbuilder)


class QiSecurityManager(ThrottledLogin, DemoPasswordsRefused, PasswordPolicyViews, SecurityManager):
    """FAB's, with sign-in throttling (``app.auth.throttle``), demo passwords refused outside demo
    mode (``app.auth.demo_guard``), the password policy on FAB's password
    forms (``app.auth.password_views``) and the platform's login landing."""

    authdbview = QiAuthDBView

    def before_request(self):
        """FAB's, and a user whose organisation was deregistered meanwhile is signed out."""
        super().before_request()
        user = getattr(g, "user", None)
        if getattr(user, "is_authenticated", False) and is_deregistered_member(user):
            logout_user()
            g.user = None

    def get_oauth_user_info(self, provider, resp):
        """OpenID Connect providers configured by ``app.accounts.sso`` map their claims; others FAB's way."""
        if provider in current_app.config.get("QI_OIDC_PROVIDERS", []):
            return userinfo_from_oidc(provider, self.oauth_remotes[provider], resp)
        return super().get_oauth_user_info(provider, resp)

    def is_item_public(self, permission_name, view_name):
        """Anonymous access, answered from the code-defined Public role like every built-in role.

        FAB 5.3 checks built-in roles for signed-in users only and reads anonymous permissions
        from the database; this keeps the two the same table and saves the query.
        """
        public = SimpleNamespace(name=self.auth_role_public)
        if public.name in self.builtin_roles:
            return self._has_access_builtin_roles(public, permission_name, view_name)
        return super().is_item_public(permission_name, view_name)
