"""The window pages: the public regional network (4.1-2) and each window's public page and printable
sign (4.2.1-4, 4.2.2-4, 4.2.3-3); staff set windows up, owners keep their own window's details.

Addresses: ``/windows/`` (the network), ``/windows/<code>`` (a window), ``/windows/<code>/sign``;
``/windows/manage/`` (the windows one may see, and editing them), ``/windows/setup/`` (new windows,
opening and closing them: staff) and ``/windows/coverage/`` (windows per region: staff).
"""
from __future__ import annotations

from flask import abort, flash, g, redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import gettext, lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..list_loading import page_total
from ..i18n.language import page_lang
from ..regions.models import Region
from ..regions.names import known_regions, region_names
from ..roles import ENTERPRISE, INSTITUTION, PLATFORM_STAFF, WINDOW_STAFF
from ..scoping import is_staff, role_names, scoped, scoped_or_404, user_organisation_id
from ..web.errors import bad_request
from ..workdays import today
from . import editing
from .forms import WEEKDAY_LABELS, WindowDetailsForm, WindowForm
from .hours import week_of
from .resources import NetworkResourceView
from .models import KIND_LABELS, PARK, WINDOW_KINDS, ServiceWindow, WindowService
from .sign import public_url, qr_svg

PAGE_SIZE = 50
MAX_PAGE = 10_000


def _page_arg() -> int:
    raw = request.args.get("page", "0")
    if not raw.isdigit() or int(raw) > MAX_PAGE:
        raise bad_request(gettext("The list argument %(name)s must be a whole number from %(low)d to %(high)d.",
                                  name="page", low=0, high=MAX_PAGE))
    return int(raw)


def active_window_or_404(code: str) -> ServiceWindow:
    window = db.session.scalar(select(ServiceWindow).where(ServiceWindow.code == code[:40],
                                                           ServiceWindow.active.is_(True)))
    if window is None:
        abort(404)
    return window


# -- public ------------------------------------------------------------------------------------------

class WindowNetworkView(BaseView):
    """The regional network of windows (4.1-2), a window's public page and its printable sign."""

    route_base = "/windows"
    default_view = "index"
    method_permission_name = {"index": "read", "page": "read", "sign": "read"}

    @expose("/")
    @has_access
    def index(self):
        """Active windows grouped by region and kind; ``?region=<code>&kind=<kind>&page=<n>``."""
        region = request.args.get("region", "")
        kind = request.args.get("kind", "")
        if kind and kind not in WINDOW_KINDS:
            raise bad_request(gettext("%(value)s is not a valid value for %(name)s.", value=kind[:40], name="kind"))
        regions = {r.code: r for r in db.session.scalars(select(Region).where(Region.active.is_(True))
                                                          .order_by(Region.code))}
        known_regions(regions.values())  # the windows' and resources' regions are named from them
        if region and region not in regions:
            raise bad_request(gettext("%(value)s is not a valid value for %(name)s.", value=region[:40],
                                      name="region"))
        page = _page_arg()
        query = select(ServiceWindow).where(ServiceWindow.active.is_(True))
        if region:
            query = query.where(ServiceWindow.region_code == region)
        if kind:
            query = query.where(ServiceWindow.kind == kind)
        rows = db.session.scalars(query.order_by(ServiceWindow.region_code, ServiceWindow.kind, ServiceWindow.name,
                                                 ServiceWindow.id)
                                  .limit(PAGE_SIZE).offset(page * PAGE_SIZE)).all()
        total = page_total(db.session, query, page, rows, PAGE_SIZE)
        groups: list[tuple[str, str, list]] = []
        for window in rows:
            if not groups or groups[-1][:2] != (window.region_code, window.kind):
                groups.append((window.region_code, window.kind, []))
            groups[-1][2].append(window)
        return self.render_template(
            "qi/windows/network.html", groups=groups, regions=regions,
            region_names=region_names(w.region_code for w in rows), kinds=KIND_LABELS, region=region, kind=kind,
            page=page, page_size=PAGE_SIZE, total=total, resources=_resources(region),
            filters={name: value for name, value in (("region", region), ("kind", kind)) if value})

    @expose("/<code>")
    @has_access
    def page(self, code):
        """What the window does, where and when it opens this week, and how to file a need there."""
        window = active_window_or_404(code)
        services = db.session.scalars(select(WindowService).where(WindowService.window_id == window.id)
                                      .options(selectinload(WindowService.item), selectinload(WindowService.category))
                                      .order_by(WindowService.id)).all()
        return self.render_template(
            "qi/windows/page.html", window=window, week=week_of(window, today()), today=today(),
            weekdays=WEEKDAY_LABELS, items=[s.item for s in services if s.item is not None and s.item.visible],
            categories=[s.category for s in services if s.category is not None and s.category.visible],
            region_name=region_names([window.region_code])[window.region_code], kinds=KIND_LABELS)

    @expose("/<code>/sign")
    @has_access
    def sign(self, code):
        """The printable unified sign: platform name, window name and kind, QR code of its public page."""
        window = active_window_or_404(code)
        url = public_url(window)
        lang = page_lang()
        return self.render_template("qi/windows/sign.html", window=window, url=url, qr=qr_svg(url), lang=lang)


def _resources(region: str) -> list:
    """The network's government and university resources shown with the windows (``resources``)."""
    from .resources import public_resources

    return public_resources(region)


# -- owners and staff ------------------------------------------------------------------------------

def _may_edit_everything(user) -> bool:
    return is_staff(user)


def _may_edit_details(user, window: ServiceWindow) -> bool:
    """Staff edit every window; an institution's or enterprise's members their own window's details."""
    if is_staff(user):
        return True
    if not role_names(user) & {INSTITUTION, ENTERPRISE} or window.organisation_id is None:
        return False
    return user_organisation_id(user) == window.organisation_id


def _choose(form, full: bool) -> None:
    form.items.choices = editing.item_choices(db.session)
    form.categories.choices = editing.category_choices(db.session)
    if full:
        form.region_code.choices = editing.region_choices(db.session)
        form.organisation_id.choices = editing.owner_choices(db.session)
        users = editing.staff_choices(db.session)
        for entry in form.staff.entries:
            entry.form.user_id.choices = users


def _save(form, window: ServiceWindow, full: bool):
    """Validate and write ``form`` into ``window``; None when saved, else the form page's status."""
    if not form.validate_on_submit():
        return 422
    if full:
        error = editing.owner_error(db.session, form.kind.data, form.organisation_id.data)
        if error:
            form.organisation_id.errors = [*form.organisation_id.errors, error]
            return 422
        taken = db.session.scalar(select(ServiceWindow.id).where(ServiceWindow.code == form.code.data.strip()))
        if taken is not None and taken != window.id:
            form.code.errors = [*form.code.errors, gettext("Another window has this code.")]
            return 422
    try:
        (editing.write_window if full else editing.write_details)(db.session, window, form)
        db.session.commit()
    except IntegrityError:  # the same code taken at the same moment, or a row sent twice
        db.session.rollback()
        flash(gettext("The window was changed by someone else just now; nothing was saved. Please try again."),
              "warning")
        return 409
    return None


class WindowManageView(BaseView):
    """The windows the user may see (staff: all; owners: their own; window staff: theirs) and editing
    them: staff change everything, an owner its window's public details, hours and services."""

    route_base = "/windows/manage"
    default_view = "index"
    method_permission_name = {"index": "read", "edit": "write"}

    @expose("/")
    @has_access
    def index(self):
        page = _page_arg()
        query = scoped(select(ServiceWindow), ServiceWindow)
        rows = db.session.scalars(query.options(joinedload(ServiceWindow.organisation))  # named on each row
                                  .order_by(ServiceWindow.region_code, ServiceWindow.kind, ServiceWindow.name,
                                            ServiceWindow.id).limit(PAGE_SIZE).offset(page * PAGE_SIZE)).all()
        total = page_total(db.session, query, page, rows, PAGE_SIZE)
        return self.render_template(
            "qi/windows/manage.html", rows=rows, total=total, page=page, page_size=PAGE_SIZE,
            region_names=region_names(w.region_code for w in rows),
            may_edit={w.id for w in rows if _may_edit_details(g.user, w)}, staff=is_staff(g.user))

    @expose("/<int:pk>/edit", methods=["GET", "POST"])
    @has_access
    def edit(self, pk):
        window = scoped_or_404(ServiceWindow, pk)
        if not _may_edit_details(g.user, window):
            abort(404)
        full = _may_edit_everything(g.user)
        form = (WindowForm if full else WindowDetailsForm)()
        if request.method == "GET":
            editing.fill_form(form, window, full)
        _choose(form, full)
        status = 200
        if request.method == "POST":
            status = _save(form, window, full)
            if status is None:
                flash(gettext("The window %(name)s was saved.", name=window.shown_name), "success")
                return redirect(url_for(".index"))
        return self.render_template("qi/windows/edit.html", form=form, window=window, full=full,
                                    kinds=KIND_LABELS), status


class WindowSetupView(BaseView):
    """Platform staff open a new window, and close or reopen one (a closed window leaves the network
    and its public page, and keeps its needs and history)."""

    route_base = "/windows/setup"
    default_view = "new"
    method_permission_name = {"new": "write", "active": "write"}

    @expose("/new", methods=["GET", "POST"])
    @has_access
    def new(self):
        form = WindowForm()
        window = ServiceWindow(kind=PARK, active=True)
        if request.method == "GET":
            form.kind.data, form.active.data = PARK, True
            editing.fill_form(form, window, full=False)
            for _ in range(2):
                form.staff.append_entry({})
        _choose(form, True)
        status = 200
        if request.method == "POST":
            status = _save(form, window, True)
            if status is None:
                flash(gettext("The window %(name)s was saved.", name=window.shown_name), "success")
                return redirect(url_for("WindowManageView.index"))
        return self.render_template("qi/windows/edit.html", form=form, window=None, full=True, kinds=KIND_LABELS), \
            status

    @expose("/<int:pk>/active", methods=["POST"])
    @has_access
    def active(self, pk):
        window = db.session.get(ServiceWindow, pk) or abort(404)
        if not FlaskForm().validate_on_submit():
            flash(gettext("The form has expired. Please send it again."), "danger")
            return redirect(url_for("WindowManageView.index"))
        window.active = request.form.get("active") == "1"
        db.session.commit()
        flash(gettext("The window %(name)s is open to the public.", name=window.shown_name) if window.active else
              gettext("The window %(name)s is closed: it has left the network.", name=window.shown_name), "success")
        return redirect(url_for("WindowManageView.index"))


class WindowCoverageView(BaseView):
    """How many active windows of each kind every region has; regions without a park station stand out."""

    route_base = "/windows/coverage"
    default_view = "index"
    method_permission_name = {"index": "read"}

    @expose("/")
    @has_access
    def index(self):
        counts = db.session.execute(select(ServiceWindow.region_code, ServiceWindow.kind, func.count())
                                    .where(ServiceWindow.active.is_(True))
                                    .group_by(ServiceWindow.region_code, ServiceWindow.kind)).all()
        table: dict[str, dict[str, int]] = {}
        for code, kind, count in counts:
            table.setdefault(code, {})[kind] = count
        regions = list(db.session.scalars(select(Region.code).where(Region.active.is_(True))))
        codes = sorted(set(regions) | set(table))
        return self.render_template("qi/windows/coverage.html", codes=codes, table=table, kinds=KIND_LABELS,
                                    region_names=region_names(codes), park=PARK)


def view_specs() -> list[dict]:
    """The window pages, their menus and who may use them (see ``app.access``)."""
    from ..roles import EVERYONE_READS, READ, READ_WRITE, STAFF_ONLY, grant

    menu = {"menu": _l("Service windows"), "menu_icon": "fa-map-marker"}
    return [
        {"view": WindowNetworkView, "name": _l("Window network"), "icon": "fa-sitemap", "roles": EVERYONE_READS,
         **menu},
        {"view": WindowManageView, "name": _l("Windows"), "icon": "fa-building",
         "roles": {**grant((PLATFORM_STAFF, INSTITUTION, ENTERPRISE), READ_WRITE), **grant((WINDOW_STAFF,), READ)},
         **menu},
        {"view": WindowSetupView, "name": _l("Open a window"), "icon": "fa-plus", "roles": STAFF_ONLY, **menu},
        {"view": WindowCoverageView, "name": _l("Coverage by region"), "icon": "fa-map", "roles": STAFF_ONLY, **menu},
        {"view": NetworkResourceView, "name": _l("Network resources"), "icon": "fa-university", "roles": STAFF_ONLY,
         **menu},
    ]
