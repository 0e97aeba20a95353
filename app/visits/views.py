"""The visit pages (6.3.1-2): the list with the overdue visits, planning, one visit (log, cancel,
the needs collected), and the report per window.

Addresses: ``/visits/`` (``?show=overdue|planned|done|cancelled|all&page=``), ``/visits/plan``
(``?q=`` searches enterprises, at most ``ENTERPRISE_CHOICES`` shown), ``/visits/<id>`` (POST
``…/log``, ``…/cancel``, ``…/needs``), ``/visits/report/`` (``?month=``, ``?quarter=`` or
``?start=&end=``; ``&format=csv|xlsx``). Every visit is read through its scope (window staff: their
windows' visits; anything else is a 404). GET never changes anything.
"""
from __future__ import annotations

import csv
import io

from flask import Response, flash, g, redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import gettext, lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import joinedload

from ..accounts.models import APPROVED, ENTERPRISE as ENTERPRISE_KIND, Organisation
from ..catalog.models import ServiceItem
from ..extensions import db
from ..form_tokens import new_token
from ..needs import flow as needs_flow
from ..needs.views import choice_arg, item_choices, page_arg, when
from ..roles import PLATFORM_STAFF, WINDOW_STAFF
from ..scoping import is_staff, scope_condition, scoped_or_404, user_window_ids
from ..spreadsheets import safe_cell, xlsx_bytes
from ..web.errors import bad_request
from ..windows.models import ServiceWindow
from ..workdays import today
from . import flow, report
from .forms import CancelForm, CollectedNeedForm, LogForm, PlanForm
from .models import CANCELLED, DONE, PLANNED, EnterpriseVisit

PAGE_SIZE = 25
ENTERPRISE_CHOICES = 20  # the enterprise search shows at most this many: no page lists them all
WINDOW_CHOICES = 500
LISTS = {"overdue": _l("Overdue visits"), "planned": _l("Planned visits"), "done": _l("Visits made"),
         "cancelled": _l("Cancelled visits"), "all": _l("All visits")}


def _form_errors(form) -> str:
    return " ".join(f"{getattr(form, name).label.text}: {message}" for name, messages in form.errors.items()
                    for message in messages)


def _commit() -> bool:
    try:
        db.session.commit()
        return True
    except SQLAlchemyError:
        db.session.rollback()
        flash(gettext("The visit could not be saved. Please try again."), "danger")
        return False


def _list_condition(show: str):
    return {"overdue": flow.overdue_condition(), "planned": EnterpriseVisit.state == PLANNED,
            "done": EnterpriseVisit.state == DONE, "cancelled": EnterpriseVisit.state == CANCELLED,
            "all": None}[show]


def _scoped(*conditions):
    scope = scope_condition(EnterpriseVisit, g.user)
    return [c for c in (*conditions, scope) if c is not None]


class VisitListView(BaseView):
    """The visits the user may see, overdue ones first (planned for a day that has passed and not
    logged: "regularly", 6.3.1-2)."""

    route_base = "/visits"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        show = choice_arg("show", LISTS) or "overdue"
        page = page_arg()

        def counted(condition):
            return select(func.count()).select_from(EnterpriseVisit).where(*_scoped(condition)).scalar_subquery()

        # The overdue count and the count of the list shown (the planned one when the overdue list is
        # empty and was not asked for) in one statement.
        other = show if show != "overdue" else "planned"
        overdue, other_total = db.session.execute(select(counted(flow.overdue_condition()),
                                                         counted(_list_condition(other)))).one()
        if show == "overdue" and not overdue and "show" not in request.args:
            show = "planned"
        total = overdue if show == "overdue" else other_total
        where = _scoped(_list_condition(show))
        order = (EnterpriseVisit.planned_on.desc() if show in ("done", "cancelled", "all")
                 else EnterpriseVisit.planned_on)
        rows = db.session.scalars(select(EnterpriseVisit).where(*where)
                                  .options(joinedload(EnterpriseVisit.organisation),  # many-to-one: no more rows
                                           joinedload(EnterpriseVisit.window))
                                  .order_by(order, EnterpriseVisit.id).limit(PAGE_SIZE).offset(page * PAGE_SIZE)).all()
        return self.render_template("qi/visits/list.html", rows=rows, show=show, lists=LISTS, overdue=overdue,
                                    total=total, page=page, page_size=PAGE_SIZE, today=today())


def window_choices(user) -> list[tuple[str, str]]:
    """The windows ``user`` may plan a visit for: window staff their own; platform staff any active
    window, or none."""
    if is_staff(user):
        windows = db.session.scalars(select(ServiceWindow).where(ServiceWindow.active.is_(True))
                                     .order_by(ServiceWindow.kind, ServiceWindow.name).limit(WINDOW_CHOICES))
        return [("", gettext("No window (platform staff)"))] + [(str(w.id), w.shown_name) for w in windows]
    ids = user_window_ids(user)
    if not ids:
        return []
    windows = db.session.scalars(select(ServiceWindow).where(ServiceWindow.id.in_(ids)).order_by(ServiceWindow.name))
    return [(str(w.id), w.shown_name) for w in windows]


def enterprise_choices(query: str, chosen: str = "") -> list[tuple[str, str]]:
    """Approved enterprises whose name or credit code contains ``query`` (2 characters at least),
    at most ``ENTERPRISE_CHOICES``; the enterprise already chosen stays offered."""
    query = query.strip()[:60]
    rows = []
    if len(query) >= 2:
        rows = db.session.execute(select(Organisation.id, Organisation.name).where(
            Organisation.kind == ENTERPRISE_KIND, Organisation.status == APPROVED,
            Organisation.name.contains(query, autoescape=True) | Organisation.uscc.startswith(query.upper(),
                                                                                            autoescape=True))
            .order_by(Organisation.name).limit(ENTERPRISE_CHOICES)).all()
    choices = [(str(i), name) for i, name in rows]
    if chosen.isdigit() and chosen not in dict(choices):
        name = db.session.scalar(select(Organisation.name).where(Organisation.id == int(chosen),
                                                                 Organisation.kind == ENTERPRISE_KIND))
        if name:
            choices.insert(0, (chosen, name))
    return choices


def _int_or_none(raw: str) -> int | None:
    return int(raw) if raw and raw.isdigit() and len(raw) < 12 else None


class VisitPlanView(BaseView):
    """Plan a visit to an enterprise."""

    route_base = "/visits"
    method_permission_name = {"plan": "write"}
    default_view = "plan"

    def _page(self, form, query, status=200):
        return self.render_template("qi/visits/plan.html", form=form, query=query,
                                    limit=ENTERPRISE_CHOICES), status

    @expose("/plan", methods=["GET", "POST"])
    @has_access
    def plan(self):
        form = PlanForm()
        query = (request.values.get("q") or "")[:60]
        form.window_id.choices = window_choices(g.user)
        form.organisation_id.choices = enterprise_choices(query, request.form.get("organisation_id", ""))
        if request.method == "GET":
            form.visitor.data = g.user.username
            return self._page(form, query)
        if not form.validate_on_submit():
            flash(_form_errors(form) or gettext("The form has expired. Please try again."), "danger")
            return self._page(form, query, 422)
        window_id = _int_or_none(form.window_id.data or "")
        if window_id is None and not is_staff(g.user) or (
                window_id is not None and str(window_id) not in dict(form.window_id.choices)):
            flash(gettext("Choose one of your windows."), "danger")
            return self._page(form, query, 422)
        try:
            visit = flow.plan_visit(db.session, organisation_id=_int_or_none(form.organisation_id.data or ""),
                                    planned_on=form.planned_on.data, purpose=form.purpose.data,
                                    visitor=form.visitor.data, actor=g.user.username, window_id=window_id,
                                    visitor_id=g.user.id)
        except flow.VisitError as refused:
            db.session.rollback()
            flash(str(refused), "danger")
            return self._page(form, query, 422)
        if not _commit():
            return self._page(form, query, 500)
        flash(gettext("The visit is planned for %(date)s.", date=visit.planned_on.isoformat()), "success")
        return redirect(url_for("VisitCaseView.show", visit_id=visit.id), code=303)


class VisitCaseView(BaseView):
    """One visit: its plan, its log, the needs collected on it with their states, and what staff may do."""

    route_base = "/visits"
    method_permission_name = {"show": "read", "log": "write", "cancel": "write", "collect": "write"}
    default_view = "show"

    def _back(self, visit):
        return redirect(url_for(".show", visit_id=visit.id), code=303)

    @expose("/<int:visit_id>")
    @has_access
    def show(self, visit_id):
        visit = scoped_or_404(EnterpriseVisit, visit_id)
        need_form = None
        if visit.state == DONE:
            need_form = CollectedNeedForm(formdata=None)
            need_form.item.choices = item_choices()
            need_form.token.data = new_token()
        return self.render_template("qi/visits/visit.html", visit=visit, needs=flow.needs_of(db.session, visit),
                                    log_form=LogForm(formdata=None, done_on=today()), cancel_form=CancelForm(formdata=None),
                                    need_form=need_form, when=when, today=today())

    @expose("/<int:visit_id>/log", methods=["POST"])
    @has_access
    def log(self, visit_id):
        """Log the visit as done."""
        visit = scoped_or_404(EnterpriseVisit, visit_id)
        form = LogForm()
        if not form.validate_on_submit():
            flash(_form_errors(form) or gettext("The form has expired. Please try again."), "danger")
            return self._back(visit)
        try:
            flow.log_visit(db.session, visit, done_on=form.done_on.data, met=form.met.data, notes=form.notes.data,
                           outcome=form.outcome.data, actor=g.user.username)
        except flow.VisitError as refused:
            db.session.rollback()
            flash(str(refused), "danger")
            return self._back(visit)
        if _commit():
            flash(gettext("The visit is logged. Add the needs the enterprise told you about."), "success")
        return self._back(visit)

    @expose("/<int:visit_id>/cancel", methods=["POST"])
    @has_access
    def cancel(self, visit_id):
        """Cancel a planned visit."""
        visit = scoped_or_404(EnterpriseVisit, visit_id)
        form = CancelForm()
        if not form.validate_on_submit():
            flash(_form_errors(form) or gettext("The form has expired. Please try again."), "danger")
            return self._back(visit)
        try:
            flow.cancel_visit(db.session, visit, reason=form.reason.data, actor=g.user.username)
        except flow.VisitError as refused:
            db.session.rollback()
            flash(str(refused), "danger")
            return self._back(visit)
        if _commit():
            flash(gettext("The visit is cancelled."), "success")
        return self._back(visit)

    @expose("/<int:visit_id>/needs", methods=["POST"])
    @has_access
    def collect(self, visit_id):
        """File a need collected on the visit (channel "visit", the visit's window and enterprise)."""
        visit = scoped_or_404(EnterpriseVisit, visit_id)
        form = CollectedNeedForm()
        form.item.choices = item_choices()
        if not form.validate_on_submit():
            flash(_form_errors(form) or gettext("The form has expired. Please try again."), "danger")
            return self._back(visit)
        item = (db.session.scalar(select(ServiceItem).where(ServiceItem.code == form.item.data))
                if form.item.data else None)
        try:
            need = flow.collect_need(db.session, visit, title=form.title.data, description=form.description.data,
                                     contact_name=form.contact_name.data, contact=form.contact.data,
                                     actor=g.user.username, item=item, token=form.token.data, filed_by_id=g.user.id)
            db.session.commit()
        except (flow.VisitError, needs_flow.FlowError) as refused:
            db.session.rollback()
            flash(str(refused), "danger")
            return self._back(visit)
        except IntegrityError:  # the same form sent twice at once: the first one is kept
            db.session.rollback()
            flash(gettext("This need was filed already."), "info")
            return self._back(visit)
        flash(gettext("Need %(number)s is filed for the enterprise.", number=need.number), "success")
        return self._back(visit)


class VisitReportView(BaseView):
    """The visit report per window for a month, a quarter or a range of days (page, CSV, xlsx)."""

    route_base = "/visits/report"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        fmt = choice_arg("format", ("csv", "xlsx"))
        try:
            period = report.period_of(request.args, today())
        except report.PeriodError as refused:
            raise bad_request(str(refused)) from None
        lines = report.visit_report(db.session, period, scope_condition(EnterpriseVisit, g.user))
        if fmt:
            header, rows = report.report_table(lines)
            name = f"visits-{period.start.isoformat()}-{period.end.isoformat()}"
            if fmt == "xlsx":
                return Response(xlsx_bytes(gettext("Visit report"), header, rows, [30] + [14] * 6 + [40]),
                                mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                headers={"Content-Disposition": f"attachment; filename={name}.xlsx"})
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow([safe_cell(c) for c in header])
            writer.writerows([[safe_cell(c) for c in row] for row in rows])
            return Response("\ufeff" + buffer.getvalue(), mimetype="text/csv; charset=utf-8",
                            headers={"Content-Disposition": f"attachment; filename={name}.csv"})
        return self.render_template("qi/visits/report.html", lines=lines, period=period,
                                    args={k: v for k, v in request.args.items() if k in ("month", "quarter", "start", "end")})


def view_specs() -> list[dict]:
    """The visit pages, their menus and who may use them (``app.access``): staff only, rows by scope."""
    from ..roles import READ, READ_WRITE, grant

    staff = (PLATFORM_STAFF, WINDOW_STAFF)
    menu = {"menu": _l("Visits"), "menu_icon": "fa-car"}
    return [
        {"view": VisitListView, "name": _l("Enterprise visits"), "icon": "fa-list", "roles": grant(staff, READ), **menu},
        {"view": VisitPlanView, "name": _l("Plan a visit"), "icon": "fa-calendar-plus-o",
         "roles": grant(staff, ["can_write"]), **menu},
        {"view": VisitCaseView, "roles": grant(staff, READ_WRITE)},
        {"view": VisitReportView, "name": _l("Visit report"), "icon": "fa-bar-chart", "roles": grant(staff, READ),
         **menu},
    ]
