"""The administrators' "Plugins" page: every plugin the platform met, and how it fared."""
from flask import current_app
from flask_appbuilder import BaseView, expose, has_access

from ..extensions import db
from .failures import failures_by_plugin
from .manager import platform_version


class PluginsView(BaseView):
    route_base = "/admin/plugins"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        host = current_app.extensions["qi_plugins"]
        return self.render_template(
            "qi/plugins.html", records=list(host.records.values()), platform_version=platform_version(),
            failures=failures_by_plugin(db.session),
            plugin_settings=current_app.extensions.get("qi_plugin_settings", {}),
        )


def view_specs() -> list[dict]:
    from flask_babel import lazy_gettext as _l

    from ..roles import READ, STAFF, grant

    return [{"view": PluginsView, "name": _l("Plugins"), "icon": "fa-plug", "menu": _l("Platform"),
             "menu_icon": "fa-cogs", "roles": grant(STAFF, READ)}]
