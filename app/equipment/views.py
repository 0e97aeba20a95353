"""The equipment pages: the public list of instruments and one instrument's page, booking by an
enterprise member, an institution's own instruments, and the bookings each role may see.

Addresses: ``/equipment/`` (``?q=&institution=&region=&page=``), ``/equipment/<id>``, ``/equipment/<id>/book``,
``/equipment/own/`` (``new``, ``<id>/edit``), ``/equipment/bookings/`` (``?state=&page=``; POST
``<id>/approve``, ``<id>/refuse``, ``<id>/cancel``).
"""
from __future__ import annotations

import datetime as dt

from flask import abort, flash, g, redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import gettext, lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from ..accounts.models import Organisation
from ..extensions import db
from ..needs.views import choice_arg, page_arg
from ..roles import ENTERPRISE, INSTITUTION, PLATFORM_STAFF
from ..scoping import acting_user, is_staff, role_names, scoped, scoped_or_404, user_organisation_id
from ..web.errors import bad_request
from ..workdays import today
from . import booking as booking_flow
from .forms import BookingForm, InstrumentForm, RefuseForm
from .models import HOLDING, REQUESTED, STATE_LABELS, EquipmentBooking, SharedInstrument

PAGE_SIZE = 25
MAX_QUERY = 100


def _search_arg() -> str:
    value = request.args.get("q", "").strip()
    if len(value) > MAX_QUERY:
        raise bad_request(gettext("The search text is too long (at most %(count)d characters).", count=MAX_QUERY))
    return value


def _id_arg(name: str) -> int | None:
    raw = request.args.get(name, "")
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 9:
        raise bad_request(gettext("%(value)s is not a valid value for %(name)s.", value=raw[:40], name=name))
    return int(raw)


def _region_prefix(code: str) -> str:
    """The prefix of the codes under a division: 640000 → 64, 640100 → 6401, 640106 → 640106."""
    code = code.ljust(6, "0")
    return code[:2] if code.endswith("0000") else code[:4] if code.endswith("00") else code


def _errors(form) -> str:
    return " ".join(f"{getattr(form, name).label.text}: {message}" for name, messages in form.errors.items()
                    for message in messages)


def _owns(user, instrument: SharedInstrument) -> bool:
    """Whether ``user`` may change ``instrument``: a member of its institution, or platform staff."""
    if user is None:
        return False
    if is_staff(user):
        return True
    return INSTITUTION in role_names(user) and user_organisation_id(user) == instrument.organisation_id


class EquipmentListView(BaseView):
    """Anyone finds instruments offered for time-share use, and sees one with its booked ranges."""

    route_base = "/equipment"
    default_view = "index"
    method_permission_name = {"index": "read", "show": "read"}

    @expose("/")
    @has_access
    def index(self):
        """Active instruments, by name; ``q`` searches name, model and what they measure,
        ``institution`` limits to one institution's."""
        q, institution, page = _search_arg(), _id_arg("institution"), page_arg()
        region = request.args.get("region", "")
        if region and not (region.isdigit() and len(region) in (2, 4, 6)):
            raise bad_request(gettext("%(value)s is not a valid value for %(name)s.", value=region[:40], name="region"))
        query = select(SharedInstrument).where(SharedInstrument.active.is_(True))
        if region:  # an administrative division (GB/T 2260) and the divisions under it
            query = query.join(SharedInstrument.organisation).where(Organisation.region_code.like(f"{_region_prefix(region)}%"))
        if q:
            like = f"%{q}%"
            query = query.where(or_(SharedInstrument.name.ilike(like), SharedInstrument.model.ilike(like),
                                    SharedInstrument.measures.ilike(like)))
        if institution is not None:
            query = query.where(SharedInstrument.organisation_id == institution)
        total = db.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = db.session.scalars(query.options(selectinload(SharedInstrument.organisation))
                                  .order_by(SharedInstrument.name, SharedInstrument.id)
                                  .limit(PAGE_SIZE).offset(page * PAGE_SIZE)).all()
        return self.render_template("equipment/list.html", rows=rows, total=total, page=page, page_size=PAGE_SIZE,
                                    q=q, institution=institution, region=region)

    @expose("/<int:pk>")
    @has_access
    def show(self, pk):
        """One instrument, its rules and the ranges already held from today on (no names)."""
        instrument = db.session.get(SharedInstrument, pk)
        user = acting_user()
        if instrument is None or not (instrument.active or _owns(user, instrument)):
            abort(404)
        held = db.session.scalars(select(EquipmentBooking).where(
            EquipmentBooking.instrument_id == pk, EquipmentBooking.state.in_(HOLDING),
            EquipmentBooking.ends_at >= dt.datetime.combine(today(), dt.time()))
            .order_by(EquipmentBooking.starts_at).limit(200)).all()
        may_book = user is not None and ENTERPRISE in role_names(user) and instrument.active
        return self.render_template("equipment/show.html", instrument=instrument, held=held, may_book=may_book,
                                    may_edit=_owns(user, instrument), state_labels=STATE_LABELS)


class EquipmentBookView(BaseView):
    """An enterprise member books a time range of an instrument."""

    route_base = "/equipment"
    default_view = "book"
    method_permission_name = {"book": "write"}

    @expose("/<int:pk>/book", methods=["GET", "POST"])
    @has_access
    def book(self, pk):
        instrument = db.session.get(SharedInstrument, pk)
        if instrument is None or not instrument.active:
            abort(404)
        if user_organisation_id(g.user) is None:  # a booking is the enterprise's, not a private person's
            flash(gettext("Your account is not linked to an organisation yet."), "danger")
            return redirect(url_for("EquipmentListView.show", pk=pk))
        form = BookingForm()
        if request.method == "GET":
            form.day.data = today() + dt.timedelta(days=1)
            return self.render_template("equipment/book.html", instrument=instrument, form=form)
        if not form.validate_on_submit():
            return self.render_template("equipment/book.html", instrument=instrument, form=form), 422
        try:
            booking_flow.request_booking(
                db.session, pk, user_id=g.user.id, organisation_id=user_organisation_id(g.user), day=form.day.data,
                starts=form.starts.data, ends=form.ends.data, purpose=form.purpose.data)
            db.session.commit()
        except booking_flow.BookingError as refused:
            db.session.rollback()
            flash(str(refused), "danger")
            return self.render_template("equipment/book.html", instrument=instrument, form=form), 409
        flash(gettext("Your booking is requested; the institution will approve or refuse it."), "success")
        return redirect(url_for("EquipmentBookingsView.index"))


class OwnInstrumentsView(BaseView):
    """An institution lists its instruments for time-share use and changes them."""

    route_base = "/equipment/own"
    default_view = "index"
    method_permission_name = {"index": "read", "new": "write", "edit": "write"}

    @expose("/")
    @has_access
    def index(self):
        page = page_arg()
        org = None if is_staff(g.user) else user_organisation_id(g.user)
        query = select(SharedInstrument)
        if not is_staff(g.user):
            query = query.where(SharedInstrument.organisation_id == (org if org is not None else -1))
        total = db.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = db.session.scalars(query.order_by(SharedInstrument.name, SharedInstrument.id)
                                  .limit(PAGE_SIZE).offset(page * PAGE_SIZE)).all()
        return self.render_template("equipment/own.html", rows=rows, total=total, page=page, page_size=PAGE_SIZE,
                                    may_add=org is not None)

    @expose("/new", methods=["GET", "POST"])
    @has_access
    def new(self):
        """A new instrument of the user's institution (staff add theirs through an institution's account)."""
        org = user_organisation_id(g.user) if INSTITUTION in role_names(g.user) else None
        if org is None:
            flash(gettext("Only a member of an institution can list its instruments."), "danger")
            return redirect(url_for(".index"))
        form = InstrumentForm()
        if request.method == "POST" and form.validate_on_submit():
            instrument = SharedInstrument(organisation_id=org)
            form.populate_obj(instrument)
            db.session.add(instrument)
            db.session.commit()
            flash(gettext("%(name)s is listed.", name=instrument.name), "success")
            return redirect(url_for("EquipmentListView.show", pk=instrument.id))
        return self.render_template("equipment/edit.html", form=form, instrument=None), (
            422 if request.method == "POST" else 200)

    @expose("/<int:pk>/edit", methods=["GET", "POST"])
    @has_access
    def edit(self, pk):
        instrument = db.session.get(SharedInstrument, pk)
        if instrument is None:
            abort(404)
        if not _owns(g.user, instrument):
            abort(403)
        form = InstrumentForm(obj=instrument)
        if request.method == "POST" and form.validate_on_submit():
            form.populate_obj(instrument)
            db.session.commit()
            flash(gettext("%(name)s is saved.", name=instrument.name), "success")
            return redirect(url_for("EquipmentListView.show", pk=instrument.id))
        return self.render_template("equipment/edit.html", form=form, instrument=instrument), (
            422 if request.method == "POST" else 200)


class EquipmentBookingsView(BaseView):
    """The bookings the user may see: an enterprise its own, an institution those of its instruments,
    staff all. The owner approves or refuses; the requester cancels."""

    route_base = "/equipment/bookings"
    default_view = "index"
    method_permission_name = {"index": "read", "approve": "write", "refuse": "write", "cancel": "write"}

    @expose("/")
    @has_access
    def index(self):
        state, page = choice_arg("state", STATE_LABELS), page_arg()
        query = scoped(select(EquipmentBooking), EquipmentBooking)
        if state:
            query = query.where(EquipmentBooking.state == state)
        total = db.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = db.session.scalars(query.options(selectinload(EquipmentBooking.instrument),
                                                selectinload(EquipmentBooking.organisation))
                                  .order_by(EquipmentBooking.starts_at.desc(), EquipmentBooking.id.desc())
                                  .limit(PAGE_SIZE).offset(page * PAGE_SIZE)).all()
        org = user_organisation_id(g.user)
        return self.render_template(
            "equipment/bookings.html", rows=rows, total=total, page=page, page_size=PAGE_SIZE, state=state,
            state_labels=STATE_LABELS, refuse_form=RefuseForm(formdata=None), requested=REQUESTED, holding=HOLDING,
            may_decide=lambda b: INSTITUTION in role_names(g.user) and org is not None and b.institution_id == org,
            may_cancel=lambda b: b.user_id == g.user.id)

    def _decision(self, pk: int, action):
        booking = scoped_or_404(EquipmentBooking, pk)
        org = user_organisation_id(g.user)
        if INSTITUTION not in role_names(g.user) or org is None or booking.institution_id != org:
            abort(403)  # only the instrument's owner decides
        form = RefuseForm() if action is booking_flow.refuse else None
        if form is not None and not form.validate_on_submit():
            flash(_errors(form) or gettext("The form has expired. Please try again."), "danger")
            return redirect(url_for(".index"))
        try:
            if form is not None:
                action(db.session, booking, g.user.username, form.reason.data)
            else:
                action(db.session, booking, g.user.username)
            db.session.commit()
        except booking_flow.BookingError as refused:
            db.session.rollback()
            flash(str(refused), "danger")
            return redirect(url_for(".index"))
        flash(booking.state_label, "success")
        return redirect(url_for(".index"))

    @expose("/<int:pk>/approve", methods=["POST"])
    @has_access
    def approve(self, pk):
        return self._decision(pk, booking_flow.approve)

    @expose("/<int:pk>/refuse", methods=["POST"])
    @has_access
    def refuse(self, pk):
        return self._decision(pk, booking_flow.refuse)

    @expose("/<int:pk>/cancel", methods=["POST"])
    @has_access
    def cancel(self, pk):
        booking = scoped_or_404(EquipmentBooking, pk)
        if booking.user_id != g.user.id:
            abort(403)  # only the person who asked withdraws the booking
        try:
            booking_flow.cancel(db.session, booking, g.user.username)
            db.session.commit()
        except booking_flow.BookingError as refused:
            db.session.rollback()
            flash(str(refused), "danger")
            return redirect(url_for(".index"))
        flash(booking.state_label, "success")
        return redirect(url_for(".index"))


def view_specs() -> list[dict]:
    """The equipment pages, their menus and who may use them (see ``app.access``)."""
    from ..roles import EVERYONE_READS, READ, READ_WRITE, grant

    menu = {"menu": _l("Shared equipment"), "menu_icon": "fa-microscope"}
    return [
        {"view": EquipmentListView, "name": _l("Instruments to share"), "icon": "fa-search", "roles": EVERYONE_READS,
         **menu},
        {"view": EquipmentBookView, "roles": grant((ENTERPRISE,), READ_WRITE)},
        {"view": OwnInstrumentsView, "name": _l("Our instruments"), "icon": "fa-cogs",
         "roles": grant((INSTITUTION, PLATFORM_STAFF), READ_WRITE), **menu},
        {"view": EquipmentBookingsView, "name": _l("Instrument bookings"), "icon": "fa-calendar",
         "roles": {**grant((ENTERPRISE, INSTITUTION), READ_WRITE), **grant((PLATFORM_STAFF,), READ)}, **menu},
    ]
