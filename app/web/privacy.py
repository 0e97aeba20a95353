"""The privacy policy (``/privacy``): what personal data the platform collects, why, how long it is
kept, who sees it and how to have it deleted. Public, in the reader's language; the operator and
its contact come from the settings (``app.web.portal.setting``). Its version (``QI_PRIVACY_VERSION``)
is stored with each consent given at registration (``UserProfile.privacy_version``)."""
from __future__ import annotations

from flask import current_app
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import lazy_gettext as _l

from .portal import setting


def policy_version() -> str:
    """The version of the policy in force, stored with a consent."""
    return str(current_app.config.get("QI_PRIVACY_VERSION") or "1")


class PrivacyView(BaseView):
    """The privacy policy page, open to everyone."""

    route_base = "/privacy"
    default_view = "index"
    method_permission_name = {"index": "read"}

    @expose("/")
    @has_access
    def index(self):
        return self.render_template("qi/portal/privacy.html", operator=setting("QI_OPERATOR_NAME"),
                                    email=setting("QI_OPERATOR_EMAIL"), hotline=setting("QI_HOTLINE"),
                                    version=policy_version())


def view_specs() -> list[dict]:
    """The privacy policy page: everyone reads it (``app.access``)."""
    from ..roles import EVERYONE_READS

    return [{"view": PrivacyView, "roles": EVERYONE_READS, "name": _l("Privacy policy"), "in_menu": False}]
