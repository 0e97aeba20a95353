"""The administrators' "Plugins" page: every plugin the platform met, and how it fared."""
from flask import current_app
from flask_appbuilder import BaseView, expose, has_access

from .manager import platform_version


class PluginsView(BaseView):
    route_base = "/admin/plugins"
    class_permission_name = "Plugins"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        host = current_app.extensions["qi_plugins"]
        return self.render_template(
            "qi/plugins.html", records=list(host.records.values()), platform_version=platform_version()
        )
