"""Where each role lands after signing in, and the staff's monitoring pages.

``/dashboard/``: the user's work queues with their counts (``app.dashboard.queues``), then the pages
the user may open as a compact list grouped by menu. Staff also have ``/dashboard/operations/``
(``operations``), ``/dashboard/region/`` (``region``) and ``/dashboard/system/`` (``system``).
"""
from __future__ import annotations

from flask import g, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import gettext

from ..roles import DASHBOARD_PRECEDENCE


def dashboard_role(user) -> str | None:
    """The role whose dashboard ``user`` sees: the first of DASHBOARD_PRECEDENCE the user holds."""
    from ..auth.standing import effective_role_names

    held = effective_role_names(user)
    return next((role for role in DASHBOARD_PRECEDENCE if role in held), None)


def link_groups(appbuilder) -> list[tuple[str, list[tuple[str, list[tuple[str, str]]]]]]:
    """The pages the user may open, grouped as the navbar groups them (``app.web.menu_groups``):
    [(group label, [(category label, [(label, address)])])], work first, then each module."""
    from ..web.menu_groups import shown_groups

    groups = []
    for shown in shown_groups():
        sections = []
        for section in shown.sections:
            links = [(gettext(str(item.label)), item.get_url()) for item in section.items
                     if item.name != "DashboardView"]  # this very page
            if links:
                label = gettext(str(section.label)) if section.label else gettext("Other pages")
                sections.append((label, links))
        if sections:
            groups.append((str(shown.group.label), sections))
    return groups


class DashboardView(BaseView):
    route_base = "/dashboard"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        from ..accounts.models import Organisation
        from ..extensions import db
        from ..scoping import is_staff, user_organisation_id
        from ..workdays import uncovered_years
        from ..web.menu_groups import request_queues

        org_id = user_organisation_id(g.user)
        organisation = db.session.get(Organisation, org_id) if org_id else None
        # Deadlines of a year without holiday data count weekends only: staff must know (app.workdays).
        uncovered = uncovered_years() if is_staff(g.user) else []
        return self.render_template("qi/dashboard.html", role=dashboard_role(g.user), queues=request_queues(fresh=True),
                                    groups=link_groups(self.appbuilder), organisation=organisation,
                                    uncovered=uncovered, staff=is_staff(g.user),
                                    calendar_url=url_for("CalendarView.index") if uncovered else None)


class OperationsView(BaseView):
    """The staff's operations dashboard: needs, SLA, overdue work, complaints, satisfaction (4.1-4c)."""

    route_base = "/dashboard/operations"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        from ..evaluations.dimensions import OVERALL_FORMULA
        from .operations import operations
        from .period import period_arg

        return self.render_template("qi/dashboard/operations.html", ops=operations(period_arg(), g.user),
                                    formula=OVERALL_FORMULA)


class RegionalAnalysisView(BaseView):
    """Needs by industry, region, category and month, and the top unmet needs (6.3.1-4)."""

    route_base = "/dashboard/region"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        from .period import period_arg
        from .region import regional

        return self.render_template("qi/dashboard/region.html", region=regional(period_arg()))


class SystemView(BaseView):
    """Version, database and migrations, plugins, periodic-task runs and error counts (4.1-4c)."""

    route_base = "/dashboard/system"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        from ..needs.views import when
        from .system import system_status

        return self.render_template("qi/dashboard/system.html", system=system_status(), when=when)


def view_specs() -> list[dict]:
    from flask_babel import lazy_gettext as _l

    from ..roles import READ, SIGNED_IN, STAFF, grant

    monitoring = {"menu": _l("Platform monitoring"), "menu_icon": "fa-line-chart", "roles": grant(STAFF, READ)}
    return [{"view": DashboardView, "name": _l("Dashboard"), "icon": "fa-dashboard", "roles": grant(SIGNED_IN, READ)},
            {"view": OperationsView, "name": _l("Operations dashboard"), "icon": "fa-tachometer", **monitoring},
            {"view": RegionalAnalysisView, "name": _l("Regional analysis"), "icon": "fa-map", **monitoring},
            {"view": SystemView, "name": _l("System status"), "icon": "fa-server", **monitoring}]
