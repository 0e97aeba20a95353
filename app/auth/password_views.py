"""FAB's password forms with the platform's policy (``app.auth.passwords``): the administrator's new
user and reset-password forms, and the user's own reset form, which also asks for the current
password. The classes keep FAB's names, so endpoints and permission names stay the same."""
from __future__ import annotations

from flask import abort, g, request
from flask_appbuilder.fieldwidgets import BS3PasswordFieldWidget
from flask_appbuilder.forms import DynamicForm
from flask_appbuilder.security import views as fab
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, ValidationError

from ..crud import LeanLists
from .passwords import password_policy

_POLICY = _l("At least 8 characters with both letters and digits, not the login name.")


def _new_password_fields(description):
    password = PasswordField(_l("Password"), description=description, widget=BS3PasswordFieldWidget(),
                             validators=[DataRequired(message=_l("Please choose a password.")), password_policy])
    confirm = PasswordField(_l("Confirm Password"), widget=BS3PasswordFieldWidget(),
                            validators=[EqualTo("password", message=_l("The passwords differ."))])
    return password, confirm


def _user_of_request():
    """The user named by ``?pk=`` of an administrator's reset link, or None."""
    from flask import current_app

    pk = request.args.get("pk", "")
    if not pk.isdigit() or len(pk) > 18:
        return None
    return current_app.appbuilder.sm.get_user_by_id(int(pk))


class AdminResetPasswordForm(DynamicForm):
    """An administrator sets another user's password."""

    password, conf_password = _new_password_fields(_POLICY)

    def password_owner_name(self):
        user = _user_of_request()
        return user.username if user else None


class OwnResetPasswordForm(DynamicForm):
    """A user changes their own password: the current one first."""

    current_password = PasswordField(_l("Current password"), widget=BS3PasswordFieldWidget(),
                                     validators=[DataRequired(message=_l("Please give your current password."))])
    password, conf_password = _new_password_fields(_POLICY)

    def password_owner_name(self):
        return g.user.username

    def validate_current_password(self, field):
        if not check_password_hash(g.user.password or "", field.data or ""):
            raise ValidationError(_l("The current password is not correct."))


class ResetMyPasswordView(fab.ResetMyPasswordView):
    form = OwnResetPasswordForm


class ResetPasswordView(fab.ResetPasswordView):
    form = AdminResetPasswordForm

    def form_post(self, form):
        if _user_of_request() is None:
            abort(404)
        return super().form_post(form)


class UserDBModelView(LeanLists, fab.UserDBModelView):
    add_form_extra_fields = dict(zip(("password", "conf_password"), _new_password_fields(_POLICY)))


class PasswordPolicyViews:
    """Security-manager mixin: FAB's user and password views replaced by the ones above."""

    userdbmodelview = UserDBModelView
    resetpasswordview = ResetPasswordView
    resetmypasswordview = ResetMyPasswordView
