"""The improvement pages (7.2-1, 7.2-2).

Addresses: ``/improvement/`` (``?show=open|overdue|done|verified|all&page=``: the actions the user may
see: institutions their own, window staff their windows', staff all; overdue ones highlighted),
``/improvement/<id>`` (one action; POST ``…/done`` by its owner), ``/improvement/new``
(``?dissatisfaction=<id>`` or ``?complaint=<id>``; staff), POST ``/improvement/<id>/recheck`` and
``…/public`` (staff), ``/improvement/years/`` (``?year=``; the yearly summary and plan, staff; POST ``…/save``). Every state change is a POST; a refused step is flashed, translated, and changes nothing.
"""
from __future__ import annotations

import datetime as dt

from flask import flash, g, redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import gettext, lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import selectinload

from ..accounts.models import APPROVED, INSTITUTION as INSTITUTION_KIND, Organisation
from ..extensions import db
from ..needs.views import choice_arg, page_arg
from ..roles import INSTITUTION, PLATFORM_STAFF, WINDOW_STAFF
from ..scoping import is_staff, scope_condition, scoped_or_404
from ..web.errors import bad_request
from ..windows.models import ServiceWindow
from ..workdays import today
from . import flow
from .models import DONE, OPEN, VERIFIED, ImprovementAction, ImprovementYear

PAGE_SIZE = 25
CHOICES = 500
LISTS = {"open": _l("Open actions"), "overdue": _l("Overdue actions"), "done": _l("Done, to be re-checked"),
         "verified": _l("Re-check passed"), "all": _l("All actions")}


def _condition(show: str):
    return {"open": ImprovementAction.state == OPEN,
            "overdue": (ImprovementAction.state == OPEN) & (ImprovementAction.due_on < today()),
            "done": ImprovementAction.state == DONE, "verified": ImprovementAction.state == VERIFIED,
            "all": None}[show]


def _scoped(*conditions):
    scope = scope_condition(ImprovementAction, g.user)
    return [c for c in (*conditions, scope) if c is not None]


def _commit(message: str) -> None:
    try:
        db.session.commit()
        flash(message, "success")
    except SQLAlchemyError:
        db.session.rollback()
        flash(gettext("The improvement action could not be saved. Please try again."), "danger")


def _int_arg(name: str) -> int | None:
    raw = (request.values.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 10:
        raise bad_request(gettext("%(name)s must be a number.", name=name))
    return int(raw)


def _date_field(name: str) -> dt.date | None:
    raw = (request.form.get(name) or "").strip()
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        raise flow.ImprovementError(gettext("Give the due date as YYYY-MM-DD.")) from None


class ImprovementListView(BaseView):
    """The actions the user may see, overdue first."""

    route_base = "/improvement"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        show = choice_arg("show", LISTS) or "open"
        page = page_arg()
        where = _scoped(_condition(show))
        def counted(conditions):
            return select(func.count()).select_from(ImprovementAction).where(*conditions).scalar_subquery()

        total, overdue = db.session.execute(select(counted(where), counted(_scoped(_condition("overdue"))))).one()
        rows = db.session.scalars(select(ImprovementAction).where(*where)
                                  .options(selectinload(ImprovementAction.owner_org))
                                  .order_by(ImprovementAction.due_on, ImprovementAction.id)
                                  .limit(PAGE_SIZE).offset(page * PAGE_SIZE)).all()
        return self.render_template("qi/improvement/list.html", rows=rows, show=show, lists=LISTS, total=total,
                                    overdue=overdue, page=page, page_size=PAGE_SIZE, is_overdue=flow.is_overdue,
                                    failed_recheck=flow.failed_recheck)


class ImprovementActionView(BaseView):
    """One action; its owner marks it done."""

    route_base = "/improvement"
    method_permission_name = {"show": "read", "done": "write"}
    default_view = "show"

    @expose("/<int:action_id>")
    @has_access
    def show(self, action_id):
        action = scoped_or_404(ImprovementAction, action_id)
        window = db.session.get(ServiceWindow, action.window_id) if action.window_id else None
        return self.render_template("qi/improvement/action.html", action=action, window=window,
                                    overdue=flow.is_overdue(action), failed=flow.failed_recheck(action),
                                    may_review=is_staff(g.user))

    @expose("/<int:action_id>/done", methods=["POST"])
    @has_access
    def done(self, action_id):
        action = scoped_or_404(ImprovementAction, action_id)
        try:
            flow.mark_done(db.session, action, request.form.get("note"), g.user.username)
        except flow.ImprovementError as refused:
            db.session.rollback()
            flash(str(refused), "danger")
        else:
            _commit(gettext("The action is marked done; staff will re-check it."))
        return redirect(url_for("ImprovementActionView.show", action_id=action_id), code=303)


def _institution_choices():
    return db.session.execute(select(Organisation.id, Organisation.name)
                              .where(Organisation.kind == INSTITUTION_KIND, Organisation.status == APPROVED)
                              .order_by(Organisation.name).limit(CHOICES)).all()


def _window_choices():
    return db.session.scalars(select(ServiceWindow).where(ServiceWindow.active.is_(True))
                              .order_by(ServiceWindow.name).limit(CHOICES)).all()


class ImprovementReviewView(BaseView):
    """Staff: open an action (freely, from a dissatisfaction case or a complaint), re-check it and
    write its public follow-up."""

    route_base = "/improvement"
    method_permission_name = {"new": "write", "recheck": "write", "public": "write"}
    default_view = "new"

    def _form(self, status=200, values=None):
        return self.render_template("qi/improvement/new.html", values=values or {},
                                    institutions=_institution_choices(), windows=_window_choices(),
                                    dissatisfaction=_int_arg("dissatisfaction"), complaint=_int_arg("complaint")), status

    @expose("/new", methods=["GET", "POST"])
    @has_access
    def new(self):
        dissatisfaction, complaint = _int_arg("dissatisfaction"), _int_arg("complaint")
        if request.method == "GET":
            try:
                values = flow.source_of(db.session, dissatisfaction, complaint)
            except flow.ImprovementError as refused:
                raise bad_request(str(refused)) from None
            return self._form(values=values)
        form = request.form
        try:
            owner_id = None
            if (form.get("owner") or "").strip():
                user = self.appbuilder.sm.find_user(username=form["owner"].strip())
                if user is None:
                    raise flow.ImprovementError(gettext("No user is called “%(name)s”.", name=form["owner"].strip()))
                owner_id = user.id
            action = flow.open_action(db.session, title=form.get("title"), description=form.get("description"),
                                      due_on=_date_field("due_on"), actor=g.user.username, owner_id=owner_id,
                                      owner_org_id=_int_arg("owner_org_id"), window_id=_int_arg("window_id"),
                                      dissatisfaction_id=dissatisfaction, complaint_id=complaint)
        except flow.ImprovementError as refused:
            db.session.rollback()
            flash(str(refused), "danger")
            return self._form(422, values=dict(form))
        _commit(gettext("The improvement action is opened."))
        return redirect(url_for("ImprovementActionView.show", action_id=action.id), code=303)

    @expose("/<int:action_id>/recheck", methods=["POST"])
    @has_access
    def recheck(self, action_id):
        action = scoped_or_404(ImprovementAction, action_id)
        outcome = request.form.get("outcome")
        try:
            if outcome not in ("passed", "failed"):
                raise flow.ImprovementError(gettext("Choose whether the re-check passed or failed."))
            flow.recheck(db.session, action, outcome == "passed", request.form.get("result"), g.user.username)
        except flow.ImprovementError as refused:
            db.session.rollback()
            flash(str(refused), "danger")
        else:
            _commit(gettext("The re-check passed.") if outcome == "passed" else
                    gettext("The re-check failed: the action is open again."))
        return redirect(url_for("ImprovementActionView.show", action_id=action_id), code=303)

    @expose("/<int:action_id>/public", methods=["POST"])
    @has_access
    def public(self, action_id):
        action = scoped_or_404(ImprovementAction, action_id)
        try:
            flow.set_public_note(db.session, action, request.form.get("public_note"),
                                 request.form.get("published") == "y")
        except flow.ImprovementError as refused:
            db.session.rollback()
            flash(str(refused), "danger")
        else:
            _commit(gettext("The public follow-up is saved."))
        return redirect(url_for("ImprovementActionView.show", action_id=action_id), code=303)


class ImprovementYearView(BaseView):
    """Staff: the yearly summary of the evaluation and improvement work and the plan (7.2-1 d)."""

    route_base = "/improvement/years"
    method_permission_name = {"index": "read", "save": "write"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        year = _int_arg("year") or today().year
        if not 2000 <= year <= 2100:
            raise bad_request(gettext("Give a year between 2000 and 2100."))
        row = db.session.get(ImprovementYear, year)
        years = db.session.scalars(select(ImprovementYear).order_by(ImprovementYear.year.desc())).all()
        return self.render_template("qi/improvement/years.html", year=year, row=row, years=years)

    @expose("/save", methods=["POST"])
    @has_access
    def save(self):
        year = _int_arg("year")
        if year is None:
            raise bad_request(gettext("Give a year between 2000 and 2100."))
        try:
            flow.save_year(db.session, year, request.form.get("summary"), request.form.get("plan"),
                           request.form.get("publish") == "y", g.user.username)
        except flow.ImprovementError as refused:
            db.session.rollback()
            flash(str(refused), "danger")
        else:
            _commit(gettext("The summary and plan of %(year)s are saved.", year=year))
        return redirect(url_for("ImprovementYearView.index", year=year), code=303)


def view_specs() -> list[dict]:
    """The improvement pages (``app.access``): lists and marking done for the owners by scope; opening,
    re-checking, the public follow-up and the yearly documents for platform staff."""
    from ..roles import READ, READ_WRITE, STAFF_ONLY, grant

    owners = (PLATFORM_STAFF, WINDOW_STAFF, INSTITUTION)
    menu = {"menu": _l("Evaluation and improvement"), "menu_icon": "fa-star-half-o"}  # one menu for clause 7
    return [
        {"view": ImprovementListView, "name": _l("Improvement actions"), "icon": "fa-list",
         "roles": grant(owners, READ), **menu},
        {"view": ImprovementActionView, "roles": grant(owners, READ_WRITE)},
        {"view": ImprovementReviewView, "name": _l("Open an improvement action"), "icon": "fa-plus",
         "roles": STAFF_ONLY, **menu},
        {"view": ImprovementYearView, "name": _l("Yearly summary and plan"), "icon": "fa-book", "roles": STAFF_ONLY,
         **menu},
    ]
