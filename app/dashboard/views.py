"""Where each role lands after signing in."""
from flask import g
from flask_appbuilder import BaseView, expose, has_access

from ..roles import DASHBOARD_PRECEDENCE


def dashboard_role(user) -> str | None:
    """The role whose dashboard ``user`` sees: the first of DASHBOARD_PRECEDENCE the user holds."""
    held = {role.name for role in getattr(user, "roles", [])}
    return next((role for role in DASHBOARD_PRECEDENCE if role in held), None)


class DashboardView(BaseView):
    route_base = "/dashboard"
    class_permission_name = "Dashboard"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        menu = [item for item in self.appbuilder.menu.get_list() if item.childs or item.href]
        return self.render_template("qi/dashboard.html", role=dashboard_role(g.user), menu=menu)
