"""The complaint pages (6.4.2-1 … 6.4.2-3).

Addresses: ``/complaints/new`` (anyone files one), ``/complaints/intake`` (staff record a phone,
window or letter complaint), ``/complaints/follow`` (number + secret code, no account; reopening
from there: ``/complaints/follow/reopen``), ``/complaints/case/<number>`` (POST ``…/step``),
``/complaints/files/<id>``, ``/complaints/list/`` (staff, scoped), ``/complaints/incoming/`` (an
institution: the complaints forwarded to it), ``/complaints/mine/`` (the signed-in complainant's).
Lists read one bounded page through the indexes of ``qi_complaint``.
"""
from __future__ import annotations

from flask import abort, flash, g, redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import gettext, lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..accounts.models import APPROVED, INSTITUTION as INSTITUTION_KIND, Organisation, UserProfile
from ..accounts.uploads import UploadRefused, remove_stored, send_stored
from ..auth import throttle
from ..extensions import db
from ..form_tokens import new_token
from ..needs.documents import content_type
from ..needs.models import Need
from ..needs.texts import shown
from ..needs.views import choice_arg, due, enterprise_of, intake_windows, page_arg, when
from ..roles import ADMIN, ENTERPRISE, INSTITUTION, PLATFORM_STAFF, WINDOW_STAFF
from ..scoping import acting_user, role_names, scope_condition, scoped, user_organisation_id
from ..union_pages import union_page
from ..web.errors_expired_forms import refill_when_expired
from ..workdays import today
from . import files, flow
from .forms import INTAKE_CHANNELS, NUMBER, ComplaintForm, FollowForm, IntakeForm, ReopenForm, StepForm
from .models import (CHANNEL_LABELS, FORWARDED, ONLINE, OPEN_STATES, STATE_LABELS, Complaint,
                     ComplaintEvent)
from .queries import actor_kinds
from .states import COMPLAINANT, STAFF as AS_STAFF, STEPS
from .tasks import OVERDUE
from .types import is_type, type_choices

PAGE_SIZE = 25
FOUND_INSTITUTIONS = 20  # the picker offers at most this many institutions per search
#: history steps whose text the complainant sees when following without an account
PUBLIC_COMMENTS = frozenset({"decide", "reopen"})
ACTION_LABELS = {"file": _l("Complaint filed"), OVERDUE: _l("Deadline passed: staff reminded"),
                 **{name: step.label for name, step in STEPS.items()}}


def page_context() -> dict:
    """What every complaint template uses to show dates, states and history."""
    return {"due": due, "when": when, "today": today(), "state_labels": STATE_LABELS, "action_labels": ACTION_LABELS,
            "is_overdue": flow.is_overdue, "shown": shown}


def events_of(complaint: Complaint) -> list[ComplaintEvent]:
    return list(db.session.scalars(select(ComplaintEvent).where(ComplaintEvent.complaint_id == complaint.id)
                                   .order_by(ComplaintEvent.id)))


# -- filing ---------------------------------------------------------------------------------------

def institution_choices(find: str, selected: str) -> list[tuple[str, str]]:
    """The picker's choices: the approved platform institutions whose name contains ``find`` (at
    most ``FOUND_INSTITUTIONS``), and the one already chosen; never every organisation."""
    approved = (Organisation.kind == INSTITUTION_KIND, Organisation.status == APPROVED)
    found = []
    if find:
        pattern = "%" + find.replace("\\", "").replace("%", "").replace("_", "") + "%"
        found = list(db.session.execute(select(Organisation.id, Organisation.name).where(
            *approved, Organisation.name.like(pattern)).order_by(Organisation.name, Organisation.id)
            .limit(FOUND_INSTITUTIONS)))
    if selected.isdigit() and len(selected) < 12 and int(selected) not in {i for i, _ in found}:
        found = list(db.session.execute(select(Organisation.id, Organisation.name).where(
            *approved, Organisation.id == int(selected)))) + found
    return [("", gettext("— an institution outside the platform —"))] + [(str(i), name) for i, name in found]


def _add_error(field, message) -> None:
    field.errors = list(field.errors) + [message]


def _checked_input(form, user, intake: bool):
    """The complaint's institution, need and files from a submitted ``form``, with field errors
    added for what is wrong; (institution_id, need_id, checked files, valid)."""
    valid = form.validate_on_submit()
    raw = (form.institution_id.data or "").strip()
    institution_id = None
    if raw:
        if raw.isdigit() and len(raw) < 12:
            institution_id = db.session.scalar(select(Organisation.id).where(
                Organisation.id == int(raw), Organisation.kind == INSTITUTION_KIND, Organisation.status == APPROVED))
        if institution_id is None:
            _add_error(form.institution_id, gettext("Choose an institution from the list found."))
            valid = False
    typed = (form.institution_name.data or "").strip()
    if valid and bool(institution_id) == bool(typed):
        _add_error(form.institution_id, gettext("Choose the platform institution you complain about, or type the "
                                                "name of an outside one: exactly one of the two."))
        valid = False
    if not is_type(form.complaint_type.data):
        _add_error(form.complaint_type, gettext("Choose the type of complaint from the list."))
        valid = False
    if not (form.content.data or "").strip():
        _add_error(form.content, gettext("Please describe what you complain about."))
        valid = False
    if not (form.request.data or "").strip():
        _add_error(form.request, gettext("Please say what you ask the platform to do."))
        valid = False
    if intake or user is None:
        if not (form.complainant_name.data or "").strip():
            _add_error(form.complainant_name, gettext("Please give the name of the complainant."))
            valid = False
        if not (form.contact.data or "").strip():
            _add_error(form.contact, gettext("Please give a phone number or e-mail address so the outcome can be "
                                             "told."))
            valid = False
    need_id = None
    number = (form.case_number.data or "").strip().upper()
    if number and not form.case_number.errors:
        if user is None:
            _add_error(form.case_number, gettext("Sign in to link a complaint to one of your cases."))
            valid = False
        else:
            # the complainant's own cases only (an enterprise's, a window's for its staff, all for staff)
            need_id = db.session.scalar(scoped(select(Need.id).where(Need.number == number), Need, user))
            if need_id is None:
                _add_error(form.case_number, gettext("You have no case with this number."))
                valid = False
    checked = []
    try:
        checked = files.check_files(request.files.getlist(form.attachments.name))
    except UploadRefused as refused:
        _add_error(form.attachments, str(refused))
        valid = False
    return institution_id, need_id, checked, valid


def _signed_in_contact(user) -> tuple[str, str]:
    """A signed-in complainant's name and contact from their profile (or account)."""
    profile = db.session.scalar(select(UserProfile).where(UserProfile.user_id == user.id))
    name = (profile.real_name if profile else "") or f"{user.first_name or ''}{user.last_name or ''}" or user.username
    contact = (profile.phone if profile and profile.phone else "") or user.email or ""
    return name[:100], contact[:200]


def _file(form, *, institution_id, need_id, checked, user, channel, organisation_id, window_id=None,
          recorded_by=None):
    """File the complaint of a valid form; (complaint, code) with code "" when the form was sent before."""
    name, contact = (form.complainant_name.data or "").strip(), (form.contact.data or "").strip()
    if user is not None and channel == ONLINE:
        default_name, default_contact = _signed_in_contact(user)
        name, contact = name or default_name, contact or default_contact
    stored = []
    try:
        complaint, code = flow.file_complaint(
            db.session, institution_id=institution_id, institution_name=form.institution_name.data,
            complaint_type=form.complaint_type.data, content=form.content.data, request=form.request.data,
            complainant_name=name or "—", contact=contact or "—", token=form.token.data, channel=channel,
            need_id=need_id, organisation_id=organisation_id, filed_by_id=user.id if user and channel == ONLINE else None,
            recorded_by=recorded_by, window_id=window_id,
            actor=recorded_by or (user.username if user else name[:100]))
        if code:  # a first post: its files; a repeated post keeps the first one's
            stored = files.attach(db.session, complaint, checked, recorded_by or (user.username if user else name[:100]))
        db.session.commit()
    except IntegrityError:  # the same form sent twice at once: the first one is kept
        db.session.rollback()
        for name_ in stored:
            remove_stored(name_)
        complaint, code = db.session.scalar(select(Complaint).where(Complaint.token == form.token.data)), ""
        if complaint is None:
            raise
    return complaint, code


class ComplaintFilingView(BaseView):
    """Anyone files a complaint (signed in, or with a name and a contact), follows it with its number
    and secret code, and may reopen it once from there."""

    route_base = "/complaints"
    method_permission_name = {"new": "read", "follow": "read", "reopen": "read"}
    default_view = "new"

    def _form_page(self, form, status=200):
        form.complaint_type.choices = type_choices()
        form.institution_id.choices = institution_choices((form.institution_find.data or "").strip(),
                                                          (form.institution_id.data or "").strip())
        user = acting_user()
        return self.render_template("qi/complaints/new.html", form=form, signed_in=user is not None,
                                    signed_in_org=enterprise_of(user), intake=False), status

    @expose("/new", methods=["GET", "POST"])
    @has_access
    @refill_when_expired(lambda view: view._form_page(ComplaintForm()))
    def new(self):
        """The complaint form; POST with ``find`` searches the institutions (nothing is filed), a POST
        of the form files the complaint and shows its number and secret code once."""
        form = ComplaintForm()
        user = acting_user()
        if request.method == "GET":
            form.token.data = new_token()
            if user is not None:
                form.complainant_name.data, form.contact.data = _signed_in_contact(user)
            return self._form_page(form)
        if "find" in request.form:
            return self._form_page(form)
        institution_id, need_id, checked, valid = _checked_input(form, user, intake=False)
        if not valid:
            return self._form_page(form, 422)
        complaint, code = _file(form, institution_id=institution_id, need_id=need_id, checked=checked, user=user,
                                channel=ONLINE, organisation_id=enterprise_of(user))
        return self.render_template("qi/complaints/filed.html", complaint=complaint, code=code,
                                    can_open=bool(actor_kinds(user, complaint)), **page_context())

    def _followed(self, form, number, code):
        """The complaint of this number and code, or None (after counting a wrong attempt)."""
        account, address = throttle.account_key(f"complaint:{number}"), throttle.client_address()
        if throttle.is_locked(db.session, account, address):
            return None, 429
        complaint = db.session.scalar(select(Complaint).where(Complaint.number == number)) if NUMBER.match(number) \
            else None
        # compare even when there is no such complaint, so a wrong number takes as long as a wrong code
        matches = flow.code_matches(complaint.code_hash if complaint is not None else "0" * 64, code)
        throttle.record_attempt(db.session, account, address, complaint is not None and matches)
        return (complaint, 200) if complaint is not None and matches else (None, 404)

    def _refused(self, template, form, status):
        if status == 429:
            flash(gettext("Too many wrong attempts. Please wait %(minutes)d minutes and try again.",
                          minutes=throttle._setting("QI_LOGIN_LOCKOUT_MINUTES")), "danger")
        else:
            flash(gettext("No complaint has this number and secret code."), "danger")
        return self.render_template(template, form=form), status

    def _followed_page(self, complaint, code):
        reopen = ReopenForm(formdata=None, number=complaint.number, code=code)
        can_reopen = any(step.name == "reopen" for step in flow.allowed_steps(complaint, {COMPLAINANT}))
        return self.render_template("qi/complaints/followed.html", complaint=complaint, events=events_of(complaint),
                                    public_comments=PUBLIC_COMMENTS, reopen=reopen, can_reopen=can_reopen,
                                    reopen_until=flow.reopen_until(complaint), **page_context())

    @expose("/follow", methods=["GET", "POST"])
    @has_access
    def follow(self):
        """State, history (in the reader's language) and outcome for whoever has the number and the
        secret code; a wrong pair gets one answer whatever was wrong, and counts like a failed sign-in."""
        form = FollowForm()
        if request.method == "GET":
            form.number.data = (request.args.get("number") or "")[:20]
            return self.render_template("qi/complaints/follow.html", form=form)
        if not form.validate_on_submit():
            return self.render_template("qi/complaints/follow.html", form=form), 422
        complaint, status = self._followed(form, form.number.data.strip().upper(), form.code.data)
        if complaint is None:
            return self._refused("qi/complaints/follow.html", form, status)
        return self._followed_page(complaint, form.code.data.strip().upper())

    @expose("/follow/reopen", methods=["POST"])
    @has_access
    def reopen(self):
        """The complainant reopens a told complaint once, with the number, the code and why."""
        form = ReopenForm()
        if not form.validate_on_submit():
            return self.render_template("qi/complaints/follow.html", form=form), 422
        complaint, status = self._followed(form, form.number.data.strip().upper(), form.code.data)
        if complaint is None:
            return self._refused("qi/complaints/follow.html", form, status)
        try:
            flow.take_step(db.session, complaint, "reopen", actor=complaint.complainant_name[:100],
                           actor_kinds={COMPLAINANT}, comment=form.comment.data)
            db.session.commit()
            flash(gettext("Done: %(step)s.", step=STEPS["reopen"].label), "success")
        except flow.ComplaintError as refused:
            db.session.rollback()
            db.session.refresh(complaint)
            flash(str(refused), "danger")
        return self._followed_page(complaint, form.code.data.strip().upper())


class ComplaintIntakeView(BaseView):
    """Staff record a complaint that came by phone, at a window or by letter (the channel kept)."""

    route_base = "/complaints"
    method_permission_name = {"intake": "write"}
    default_view = "intake"

    def _page(self, form, no_window, status=200):
        form.complaint_type.choices = type_choices()
        form.institution_id.choices = institution_choices((form.institution_find.data or "").strip(),
                                                          (form.institution_id.data or "").strip())
        return self.render_template("qi/complaints/new.html", form=form, intake=True, no_window=no_window,
                                    signed_in=True, signed_in_org=None), status

    @expose("/intake", methods=["GET", "POST"])
    @has_access
    def intake(self):
        form = IntakeForm()
        form.channel.choices = [(c, str(CHANNEL_LABELS[c])) for c in INTAKE_CHANNELS]
        windows = intake_windows(g.user)
        staff = bool(role_names(g.user) & {ADMIN, PLATFORM_STAFF})
        form.window.choices = ([("", gettext("No window"))] if staff else []) + [(str(w.id), w.shown_name)
                                                                                for w in windows]
        no_window = not staff and not windows
        if request.method == "GET":
            form.token.data = new_token()
            if len(windows) == 1 and not staff:
                form.window.data = str(windows[0].id)
            return self._page(form, no_window)
        if "find" in request.form:
            return self._page(form, no_window)
        institution_id, need_id, checked, valid = _checked_input(form, g.user, intake=True)
        form.window.data = form.window.data or ""
        if form.window.data not in {value for value, _ in form.window.choices}:
            _add_error(form.window, gettext("Choose one of your windows."))
            valid = False
        if not valid:
            return self._page(form, no_window, 422)
        complaint, code = _file(form, institution_id=institution_id, need_id=need_id, checked=checked, user=g.user,
                                channel=form.channel.data, organisation_id=None, recorded_by=g.user.username,
                                window_id=int(form.window.data) if form.window.data else None)
        return self.render_template("qi/complaints/filed.html", complaint=complaint, code=code, intake=True,
                                    can_open=bool(actor_kinds(g.user, complaint)), **page_context())


# -- the complaint page ------------------------------------------------------------------------------

class ComplaintCaseView(BaseView):
    """One complaint for whoever may see it: the standard's fields, the deadline, the history, the
    files, and the steps the reader may take as POST forms."""

    route_base = "/complaints"
    method_permission_name = {"case": "read", "step": "write", "download": "read"}
    default_view = "case"

    def _complaint(self, number: str) -> tuple[Complaint, set[str]]:
        complaint = db.session.scalar(select(Complaint).where(Complaint.number == number)) \
            if NUMBER.match(number or "") else None
        kinds = actor_kinds(g.user, complaint) if complaint is not None else set()
        if not kinds:
            abort(404)
        return complaint, kinds

    @expose("/case/<number>")
    @has_access
    def case(self, number):
        complaint, kinds = self._complaint(number)
        if AS_STAFF in kinds and COMPLAINANT not in kinds:  # the complainant's contact, shown to staff: recorded
            from ..audit.trail import viewed

            viewed("qi_complaint", complaint.id, page="case", fields=["complainant_name", "contact"])
        return self.render_template(
            "qi/complaints/case.html", complaint=complaint, events=events_of(complaint), kinds=kinds,
            steps=flow.allowed_steps(complaint, kinds), form=StepForm(), files=files.files_of(db.session, complaint),
            need_number=db.session.scalar(select(Need.number).where(Need.id == complaint.need_id))
            if complaint.need_id else None, reopen_until=flow.reopen_until(complaint), **page_context())

    @expose("/case/<number>/step", methods=["POST"])
    @has_access
    def step(self, number):
        """Take one step; a refused step is flashed and changes nothing; of two posts of the same
        step the second finds the complaint moved on and is refused."""
        complaint, kinds = self._complaint(number)
        form = StepForm()
        if not form.validate_on_submit():
            flash(gettext("The form has expired or your session has ended. Go back, reload the page and "
                          "submit the form again."), "danger")
            return redirect(url_for(".case", number=number))
        name = form.step.data
        try:
            flow.take_step(db.session, complaint, name, actor=g.user.username, actor_kinds=kinds,
                           comment=form.comment.data)
            db.session.commit()
        except flow.ComplaintError as refused:
            db.session.rollback()
            flash(str(refused), "danger")
            return redirect(url_for(".case", number=number))
        flash(gettext("Done: %(step)s.", step=STEPS[name].label), "success")
        return redirect(url_for(".case", number=number))

    @expose("/files/<int:file_id>")
    @has_access
    def download(self, file_id):
        """A file of a complaint, for whoever may see the complaint."""
        attached = files.visible_file(db.session, file_id)
        if attached is None:
            abort(404)
        return send_stored(attached.stored_name, attached.filename, content_type(attached.stored_name))


# -- lists -------------------------------------------------------------------------------------------

STAFF_LISTS = {"open": _l("Open complaints"), "overdue": _l("Overdue complaints"), "all": _l("All complaints")}


def _page(query, page: int):
    """(rows, total) of one page of ``query``, newest first (the ``submitted_at, id`` index)."""
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    # the institutions named in the rows in one more query, not one per row
    rows = db.session.scalars(query.options(selectinload(Complaint.institution))
                              .order_by(Complaint.submitted_at.desc(), Complaint.id.desc())
                              .limit(PAGE_SIZE).offset(page * PAGE_SIZE)).all()
    return rows, total


class ComplaintListView(BaseView):
    """Staff's list: every complaint (platform staff) or their windows' (window staff), open, overdue
    or all; overdue ones highlighted."""

    route_base = "/complaints/list"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        show = choice_arg("show", STAFF_LISTS) or "open"
        page = page_arg()
        scope = None if role_names(g.user) & {ADMIN, PLATFORM_STAFF} else scope_condition(Complaint, g.user)
        query = select(Complaint).where(*([scope] if scope is not None else []))
        if show == "open":
            query = query.where(Complaint.state.in_(OPEN_STATES))
        elif show == "overdue":
            query = query.where(Complaint.state.in_(OPEN_STATES), Complaint.due_on < today())
        rows, total = _page(query, page)
        return self.render_template("qi/complaints/list.html", rows=rows, total=total, page=page, page_size=PAGE_SIZE,
                                    tabs=STAFF_LISTS, tab=show, endpoint="ComplaintListView.index",
                                    title=_l("Complaints"), **page_context())


class IncomingComplaintsView(BaseView):
    """An institution's complaints: only those the platform forwarded to it (never before, never
    another institution's); those still to answer first."""

    route_base = "/complaints/incoming"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        tabs = {"to_answer": _l("To answer"), "all": _l("All complaints forwarded to you")}
        tab = choice_arg("show", tabs) or "to_answer"
        page = page_arg()
        org = user_organisation_id(g.user)
        rows, total = [], 0
        if org is not None:
            query = select(Complaint).where(Complaint.forwarded_to_id == org)
            if tab == "to_answer":
                query = query.where(Complaint.state == FORWARDED)
            rows, total = _page(query, page)
        return self.render_template("qi/complaints/list.html", rows=rows, total=total, page=page, page_size=PAGE_SIZE,
                                    tabs=tabs, tab=tab, endpoint="IncomingComplaintsView.index",
                                    title=_l("Complaints forwarded to you"), **page_context())


class MyComplaintsView(BaseView):
    """The signed-in complainant's complaints ("my complaints"): those they filed and, for an
    enterprise, its organisation's."""

    route_base = "/complaints/mine"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        page = page_arg()
        mine = [Complaint.filed_by_id == g.user.id]
        org = enterprise_of(g.user)
        if org is not None:
            mine.append(Complaint.organisation_id == org)
        # an OR sorts every row it finds on each page; each branch has its own ordered index
        rows, total = union_page(db.session, Complaint, mine, [Complaint.submitted_at, Complaint.id],
                                 page * PAGE_SIZE, PAGE_SIZE, (selectinload(Complaint.institution),))
        return self.render_template("qi/complaints/list.html", rows=rows, total=total, page=page, page_size=PAGE_SIZE,
                                    tabs={}, tab="", endpoint="MyComplaintsView.index", title=_l("My complaints"),
                                    mine=True, **page_context())


def view_specs() -> list[dict]:
    """The complaint pages, their menus and who may use them (see ``app.access``)."""
    from ..roles import APPLICANT, EVERYONE_READS, READ, READ_WRITE, SIGNED_IN, grant

    menu = {"menu": _l("Complaints"), "menu_icon": "fa-bullhorn"}
    staff = (PLATFORM_STAFF, WINDOW_STAFF)
    return [
        # the website channel (6.4.2-2) is in everyone's menu, anonymous visitors' too
        {"view": ComplaintFilingView, "name": _l("File a complaint"), "icon": "fa-pencil", "roles": EVERYONE_READS,
         **menu},
        {"view": ComplaintCaseView, "roles": grant(SIGNED_IN, READ_WRITE)},
        {"view": MyComplaintsView, "name": _l("My complaints"), "icon": "fa-bullhorn",
         "roles": grant((ENTERPRISE, INSTITUTION, APPLICANT), READ), **menu},
        {"view": IncomingComplaintsView, "name": _l("Complaints forwarded to you"), "icon": "fa-inbox",
         "roles": grant((INSTITUTION,), READ), **menu},
        {"view": ComplaintListView, "name": _l("Complaints"), "icon": "fa-list-alt", "roles": grant(staff, READ), **menu},
        {"view": ComplaintIntakeView, "name": _l("Record a complaint"), "icon": "fa-phone",
         "roles": grant(staff, ["can_write"]), **menu},
    ]
