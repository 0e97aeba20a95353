"""The appointment pages (clause 4.2.2-3).

Addresses: ``/appointments/book/<window code>`` (the week of free places; ``…/slot?at=…`` books one),
``/appointments/mine/`` (an enterprise's appointments), ``/appointments/show/<number>`` (one
appointment; POST ``…/cancel``, ``…/move``, ``…/mark``), ``/appointments/day/`` (a window's day sheet
for its staff) and ``/appointments/list/`` (the scoped staff list with its export).

Every page reads appointments through ``app.scoping``: an enterprise its own, window staff their
windows', platform staff all. Anyone who sees an appointment may cancel or move it before it starts;
only window and platform staff mark it attended or not come, once it has started.
"""
from __future__ import annotations

import datetime as dt

from flask import abort, flash, g, redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import gettext, lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from ..accounts.models import Organisation, UserProfile
from ..catalog.models import ServiceItem
from ..crud import ScopedModelView, page_link
from ..extensions import db
from ..form_tokens import new_token
from ..roles import ADMIN, ENTERPRISE, PLATFORM_STAFF, WINDOW_STAFF
from ..scoping import role_names, scope_condition, scoped, user_organisation_id, user_window_ids
from ..web.errors import bad_request
from ..windows.models import ServiceWindow
from . import booking, slots as slot_offer
from .forms import AppointmentActionForm, BookingForm
from .models import ATTENDED, BOOKED, NO_SHOW, STATE_LABELS, Appointment

PAGE_SIZE = 25
MAX_PAGE = 10_000
NUMBER_LENGTH = 20
STAFF_KINDS = {ADMIN, PLATFORM_STAFF}


def _window(code: str) -> ServiceWindow:
    """The active window with this code, or 404."""
    window = db.session.scalar(select(ServiceWindow).where(ServiceWindow.code == (code or "")[:40],
                                                           ServiceWindow.active.is_(True)))
    if window is None:
        abort(404)
    return window


def _page() -> int:
    raw = request.args.get("page", "0")
    if not raw.isdigit() or int(raw) > MAX_PAGE:
        raise bad_request(gettext("The list argument %(name)s must be a whole number from %(low)d to %(high)d.",
                                  name="page", low=0, high=MAX_PAGE))
    return int(raw)


def _slot_arg(raw: str | None) -> dt.datetime:
    at = slot_offer.parse_key(raw or "")
    if at is None:
        raise bad_request(gettext("%(value)s is not a valid value for %(name)s.", value=(raw or "")[:40], name="at"))
    return at


def weeks(by_day: dict) -> list[dict]:
    """The horizon's days grouped by calendar week for the week view: per week its days and one row
    per start time with the slot of each day (None where the window does not open then)."""
    grouped: dict = {}
    for day in sorted(by_day):
        grouped.setdefault(day.isocalendar()[:2], []).append(day)
    out = []
    for days in grouped.values():
        times = sorted({slot.starts_at.time() for day in days for slot in by_day[day]})
        at = {(slot.starts_at.date(), slot.starts_at.time()): slot for day in days for slot in by_day[day]}
        out.append({"days": days, "rows": [(t, [at.get((day, t)) for day in days]) for t in times]})
    return out


def can_staff(user, appointment: Appointment) -> bool:
    """Whether ``user`` works the appointment's window (or is platform staff): they may mark it."""
    roles = role_names(user)
    return bool(roles & STAFF_KINDS) or (WINDOW_STAFF in roles and appointment.window_id in user_window_ids(user))


def page_context() -> dict:
    return {"state_labels": STATE_LABELS, "fmt": lambda moment: moment.strftime("%Y-%m-%d %H:%M"),
            "now": slot_offer.now_local()}


class AppointmentBookingView(BaseView):
    """The week of free places of a window and the booking of one (enterprise members); anyone else
    signed in with access sees the week, the anonymous are sent to sign in."""

    route_base = "/appointments/book"
    method_permission_name = {"week": "read", "slot": "write"}
    default_view = "week"

    @expose("/<code>")
    @has_access
    def week(self, code):
        window = _window(code)
        by_day = slot_offer.offered(db.session, window)
        return self.render_template("qi/appointments/week.html", window=window, weeks=weeks(by_day),
                                    can_book=ENTERPRISE in role_names(g.user), **page_context())

    def _form_page(self, window, slot, form, status=200):
        return self.render_template("qi/appointments/book.html", window=window, slot=slot, form=form,
                                    org=user_organisation_id(g.user), **page_context()), status

    @expose("/<code>/slot", methods=["GET", "POST"])
    @has_access
    def slot(self, code):
        """The booking form of one slot (``?at=2026-12-01T09:30``); POST books it."""
        window = _window(code)
        at = _slot_arg(request.args.get("at"))
        slot = slot_offer.find(db.session, window, at)
        if slot is None:
            flash(gettext("This time cannot be booked: it has passed or the window does not open then."), "warning")
            return redirect(url_for(".week", code=window.code))
        form = BookingForm()
        items = booking.window_items(db.session, window)
        form.item.choices = [("", gettext("Choose a service"))] + [(i.code, i.name) for i in items]
        org = user_organisation_id(g.user)
        if request.method == "GET":
            form.token.data = new_token()
            wanted = request.args.get("item", "")
            form.item.data = wanted if wanted in {i.code for i in items} else ""
            profile = db.session.scalar(select(UserProfile).where(UserProfile.user_id == g.user.id))
            organisation = db.session.get(Organisation, org) if org else None
            form.contact_phone.data = (profile.phone if profile and profile.phone else None) or (
                organisation.contact_phone if organisation else "")
            return self._form_page(window, slot, form)
        if org is None:
            flash(gettext("Only members of a registered enterprise can book appointments."), "danger")
            return self._form_page(window, slot, form, 422)
        if not form.validate_on_submit():
            return self._form_page(window, slot, form, 422)
        item = db.session.scalar(select(ServiceItem).where(ServiceItem.code == form.item.data))
        try:
            appointment, new = booking.book(
                db.session, window=window, starts_at=at, organisation_id=org, user_id=g.user.id, item=item,
                token=form.token.data, note=form.note.data, contact_phone=form.contact_phone.data,
                actor=g.user.username)
        except booking.BookingError as refused:
            flash(str(refused), "danger")
            return self._form_page(window, slot_offer.find(db.session, window, at) or slot, form, 409)
        if new:
            flash(gettext("Booked: appointment %(number)s.", number=appointment.number), "success")
        return redirect(url_for("AppointmentCaseView.show", number=appointment.number))


class MyAppointmentsView(BaseView):
    """An enterprise's appointments: upcoming first, then the earlier ones."""

    route_base = "/appointments/mine"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        page = _page()
        past = request.args.get("past", "") == "1"
        now = slot_offer.now_local()
        condition = scope_condition(Appointment, g.user)
        query = select(Appointment).where(*([condition] if condition is not None else []))
        query = query.where(Appointment.starts_at < now) if past else query.where(Appointment.starts_at >= now)
        total = db.session.scalar(select(func.count()).select_from(query.subquery()))
        order = (Appointment.starts_at.desc(),) if past else (Appointment.starts_at,)
        rows = db.session.scalars(query.options(selectinload(Appointment.window), selectinload(Appointment.item))
                                  .order_by(*order, Appointment.id).limit(PAGE_SIZE).offset(page * PAGE_SIZE)).all()
        return self.render_template("qi/appointments/mine.html", rows=rows, total=total, page=page, past=past,
                                    page_size=PAGE_SIZE, has_org=user_organisation_id(g.user) is not None,
                                    **page_context())


class AppointmentCaseView(BaseView):
    """One appointment for whoever may see it, with cancel, move and (staff) mark."""

    route_base = "/appointments/show"
    method_permission_name = {"show": "read", "cancel": "write", "move": "write", "mark": "write"}
    default_view = "show"

    @staticmethod
    def _appointment(number: str) -> Appointment:
        if not number or len(number) > NUMBER_LENGTH:
            abort(404)
        appointment = db.session.scalar(scoped(select(Appointment).where(Appointment.number == number), Appointment))
        if appointment is None:
            abort(404)
        return appointment

    @expose("/<number>")
    @has_access
    def show(self, number):
        appointment = self._appointment(number)
        if appointment.contact_phone and appointment.user_id != g.user.id:  # staff reading someone's phone
            from ..audit.trail import viewed

            viewed("qi_appointment", appointment.id, page="show", fields=["contact_phone"])
        return self.render_template("qi/appointments/show.html", appointment=appointment, form=AppointmentActionForm(),
                                    staff=can_staff(g.user, appointment), **page_context())

    def _done(self, appointment, message):
        flash(message, "success")
        return redirect(url_for(".show", number=appointment.number))

    def _refused(self, appointment, message):
        flash(message, "danger")
        return redirect(url_for(".show", number=appointment.number))

    @expose("/<number>/cancel", methods=["POST"])
    @has_access
    def cancel(self, number):
        appointment = self._appointment(number)
        if not AppointmentActionForm().validate_on_submit():
            return self._refused(appointment, gettext("The form has expired or your session has ended. Go back, "
                                                      "reload the page and submit the form again."))
        try:
            booking.cancel(db.session, appointment, actor=g.user.username, actor_id=g.user.id)
        except booking.BookingError as refused:
            return self._refused(appointment, str(refused))
        return self._done(appointment, gettext("The appointment was cancelled."))

    @expose("/<number>/move", methods=["GET", "POST"])
    @has_access
    def move(self, number):
        """GET: the free places of the window to move to; POST (``at``): move there."""
        appointment = self._appointment(number)
        if request.method == "GET":
            by_day = slot_offer.offered(db.session, appointment.window)
            return self.render_template("qi/appointments/move.html", appointment=appointment, weeks=weeks(by_day),
                                        form=AppointmentActionForm(), **page_context())
        form = AppointmentActionForm()
        if not form.validate_on_submit():
            return self._refused(appointment, gettext("The form has expired or your session has ended. Go back, "
                                                      "reload the page and submit the form again."))
        at = _slot_arg(form.at.data)
        try:
            booking.reschedule(db.session, appointment, at, actor=g.user.username, actor_id=g.user.id)
        except booking.BookingError as refused:
            flash(str(refused), "danger")
            return redirect(url_for(".move", number=appointment.number))
        return self._done(appointment, gettext("The appointment was moved to %(time)s.",
                                               time=appointment.starts_at.strftime("%Y-%m-%d %H:%M")))

    @expose("/<number>/mark", methods=["POST"])
    @has_access
    def mark(self, number):
        """Window staff mark an appointment attended or not come (``state``) once it has started."""
        appointment = self._appointment(number)
        form = AppointmentActionForm()
        if not can_staff(g.user, appointment):
            return self._refused(appointment, gettext("Only the window's staff mark appointments."))
        if not form.validate_on_submit() or form.state.data not in (ATTENDED, NO_SHOW):
            raise bad_request(gettext("%(value)s is not a valid value for %(name)s.",
                                      value=(form.state.data or "")[:20], name="state"))
        try:
            booking.mark(db.session, appointment, form.state.data, actor=g.user.username)
        except booking.BookingError as refused:
            return self._refused(appointment, str(refused))
        back = request.form.get("back", "")
        message = gettext("Marked: %(state)s.", state=appointment.state_label)
        if back == "day":
            flash(message, "success")
            return redirect(url_for("AppointmentDayView.index", window=appointment.window.code,
                                    day=appointment.starts_at.date().isoformat()))
        return self._done(appointment, message)


class AppointmentDayView(BaseView):
    """A window's appointments of one day, for its staff (platform staff: any window)."""

    route_base = "/appointments/day"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        condition = scope_condition(ServiceWindow, g.user)
        windows = db.session.scalars(select(ServiceWindow).where(*([condition] if condition is not None else []))
                                     .order_by(ServiceWindow.region_code, ServiceWindow.code).limit(500)).all()
        code = request.args.get("window", "")
        if code and code not in {w.code for w in windows}:
            raise bad_request(gettext("%(value)s is not a valid value for %(name)s.", value=code[:40], name="window"))
        raw_day = request.args.get("day", "")
        try:
            day = dt.date.fromisoformat(raw_day) if raw_day else slot_offer.now_local().date()
        except ValueError:
            raise bad_request(gettext("%(value)s is not a valid value for %(name)s.", value=raw_day[:20], name="day"))
        window = next((w for w in windows if w.code == code), windows[0] if windows else None)
        rows = []
        if window is not None:
            start = dt.datetime.combine(day, dt.time())
            rows = db.session.scalars(
                select(Appointment).where(Appointment.window_id == window.id, Appointment.starts_at >= start,
                                          Appointment.starts_at < start + dt.timedelta(days=1))
                .options(joinedload(Appointment.organisation), joinedload(Appointment.item))  # many-to-one
                .order_by(Appointment.starts_at, Appointment.id)).all()
        if any(row.contact_phone for row in rows):  # the day's list shows each booker's phone
            from ..audit.trail import viewed

            viewed("qi_appointment", None, page="day", window=window.code, day=day.isoformat(),
                   records=[row.id for row in rows if row.contact_phone][:200], fields=["contact_phone"])
        return self.render_template("qi/appointments/day.html", windows=windows, window=window, day=day, rows=rows,
                                    form=AppointmentActionForm(), booked=BOOKED,
                                    previous=day - dt.timedelta(days=1), following=day + dt.timedelta(days=1),
                                    **page_context())


class AppointmentListView(ScopedModelView):
    """Every appointment the user may see (platform staff: all; window staff: their windows'), with export."""

    datamodel = SQLAInterface(Appointment)
    route_base = "/appointments"
    base_permissions = ["can_read"]
    include_route_methods = {"list", "export"}
    list_title = _l("All appointments")
    list_columns = ["number", "window", "organisation", "starts_at", "state", "item", "created_at"]
    search_columns = ["number", "state", "starts_at", "created_at"]
    order_columns = ["number", "starts_at", "state", "created_at"]
    base_order = ("starts_at", "desc")
    label_columns = {"number": _l("Appointment number"), "window": _l("Appointment window"),
                     "organisation": _l("Enterprise"), "starts_at": _l("Appointment time"),
                     "state": _l("Appointment state"), "item": _l("Service item"), "created_at": _l("Booked on")}
    formatters_columns = {"number": page_link("AppointmentCaseView.show"), "state": lambda s: str(STATE_LABELS.get(s, s))}


def view_specs() -> list[dict]:
    """The appointment pages, their menus and who may use them (see ``app.access``)."""
    from ..roles import READ, READ_WRITE, grant

    menu = {"menu": _l("Appointments"), "menu_icon": "fa-calendar-check-o"}
    staff = (PLATFORM_STAFF, WINDOW_STAFF)
    return [
        {"view": AppointmentBookingView, "roles": grant(staff, READ) | grant((ENTERPRISE,), READ_WRITE)},
        {"view": MyAppointmentsView, "name": _l("My appointments"), "icon": "fa-calendar",
         "roles": grant((ENTERPRISE,), READ), **menu},
        {"view": AppointmentCaseView, "roles": grant((*staff, ENTERPRISE), READ_WRITE)},
        {"view": AppointmentDayView, "name": _l("Day sheet"), "icon": "fa-list-ol", "roles": grant(staff, READ),
         **menu},
        {"view": AppointmentListView, "name": _l("All appointments"), "icon": "fa-list-alt",
         "roles": grant(staff, READ), **menu},
    ]
