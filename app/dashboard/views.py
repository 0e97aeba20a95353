"""Where each role lands after signing in."""
from flask import g, url_for
from flask_appbuilder import BaseView, expose, has_access
from sqlalchemy import select

from ..roles import DASHBOARD_PRECEDENCE


def dashboard_role(user) -> str | None:
    """The role whose dashboard ``user`` sees: the first of DASHBOARD_PRECEDENCE the user holds."""
    from ..auth.standing import effective_role_names

    held = effective_role_names(user)
    return next((role for role in DASHBOARD_PRECEDENCE if role in held), None)


class DashboardView(BaseView):
    route_base = "/dashboard"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        from ..accounts.models import Organisation, SUBMITTED
        from ..extensions import db
        from ..scoping import is_staff, user_organisation_id
        from ..workdays import today, uncovered_years

        menu = [item for item in self.appbuilder.menu.get_list() if item.childs or item.href]
        org_id = user_organisation_id(g.user)
        organisation = db.session.get(Organisation, org_id) if org_id else None
        queue, uncovered = None, []
        if is_staff(g.user):
            due = list(db.session.scalars(select(Organisation.review_due_on).where(Organisation.status == SUBMITTED)))
            queue = {"total": len(due), "overdue": sum(1 for d in due if d and d < today())}
            # Deadlines of a year without holiday data count weekends only: staff must know (app.workdays).
            uncovered = uncovered_years()
        return self.render_template("qi/dashboard.html", role=dashboard_role(g.user), menu=menu,
                                    organisation=organisation, queue=queue, uncovered=uncovered,
                                    calendar_url=url_for("CalendarView.index") if uncovered else None)


def view_specs() -> list[dict]:
    from flask_babel import lazy_gettext as _l

    from ..roles import READ, SIGNED_IN, grant

    return [{"view": DashboardView, "name": _l("Dashboard"), "icon": "fa-dashboard", "roles": grant(SIGNED_IN, READ)}]
