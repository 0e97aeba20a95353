"""The pages of needs: filing (online and staff intake), the case page with its steps, an enterprise's
"我的办件", an institution's incoming work, the staff SLA board, the scoped list, and following a case
with its number and secret code.

Addresses: ``/needs/new``, ``/needs/intake``, ``/needs/case/<number>`` (POST ``…/step``),
``/needs/mine/``, ``/needs/incoming/``, ``/needs/board/``, ``/needs/list/``, ``/needs/follow``.
Every page that lists needs reads a bounded page through the indexes of ``qi_need``; no page loads
a need per row of another query.
"""
from __future__ import annotations

import datetime as dt

from flask import abort, flash, g, redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import format_date, gettext, lazy_gettext as _l
from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..accounts.models import APPROVED, ENTERPRISE as ENTERPRISE_KIND, INSTITUTION as INSTITUTION_KIND, Organisation
from ..accounts.models import UserProfile
from ..auth import throttle
from ..catalog.models import ServiceCategory, ServiceItem
from ..crud import ScopedModelView, page_link
from ..extensions import db
from ..form_tokens import new_token
from ..roles import ADMIN, ENTERPRISE, INSTITUTION, PLATFORM_STAFF, WINDOW_STAFF
from ..scoping import acting_user, role_names, scope_condition, user_organisation_id, user_window_ids
from ..web.errors import bad_request
from ..web.errors_expired_forms import refill_when_expired
from ..workdays import today
from . import flow, matching
from .forms import NUMBER, FollowForm, IntakeForm, NeedForm, StepForm
from .channels import channel_label, intake_choices
from .models import ONLINE, Need, NeedEvent
from .notices import EVENT_LABELS, describe_channels
from .states import (CLOSED, DELIVERED, ENTERPRISE as AS_ENTERPRISE, IN_SERVICE,
                     INSTITUTION as AS_INSTITUTION, MATCHED, OPEN, RESPONDED, STAFF as AS_STAFF, STATE_LABELS, STEPS,
                     SUBMITTED, TO_EVALUATE, WAITING)
from .types import CONSULTATION, SERVICE

PAGE_SIZE = 25
MAX_PAGE = 100_000
# History steps a follower without an account sees the comment of: what the enterprise is told.
PUBLIC_COMMENTS = frozenset({"plan", "answer", "refer", "deliver", "wait", "cancel"})
ACTION_LABELS = {"file": _l("Filed"), **{name: step.label for name, step in STEPS.items()}, **EVENT_LABELS,
                 "sample": _l("Sample step")}  # a step of a sample received for the need (app.samples)


# -- helpers shared by the pages ----------------------------------------------------------------

def page_arg(name: str = "page") -> int:
    """The 0-based page of a list from the query string; a bad value is a 400 with a message."""
    raw = request.args.get(name, "0")
    if not raw.isdigit() or int(raw) > MAX_PAGE:
        raise bad_request(gettext("The list argument %(name)s must be a whole number from %(low)d to %(high)d.",
                                  name=name, low=0, high=MAX_PAGE))
    return int(raw)


def choice_arg(name: str, allowed) -> str:
    """A query argument that must be one of ``allowed`` (or absent); anything else is a 400."""
    value = request.args.get(name, "")
    if value and value not in allowed:
        raise bad_request(gettext("%(value)s is not a valid value for %(name)s.", value=value[:40], name=name))
    return value


def due(day: dt.date | None, fmt: str = "medium") -> str:
    """A due date in the reader's language."""
    return format_date(day, fmt) if day else "—"


def when(moment: dt.datetime | None) -> str:
    """A stored moment (naive UTC) in China time, in the reader's language (``app.i18n.moments``)."""
    from ..i18n.moments import format_moment

    return format_moment(moment) if moment else "—"


def is_late(need: Need, on: dt.date | None = None) -> bool:
    """Whether an open need owes a response or an answer past its due date."""
    return need.state in OPEN and flow.is_overdue(need, on or today())


def type_label(code: str) -> str:
    kind = flow.need_types().get(code)
    return str(kind.name) if kind is not None else code


def actor_kinds(user, need: Need) -> set[str]:
    """What ``user`` acts as on ``need`` (``states.STAFF`` …); empty: the need is not theirs to see.

    Staff on every need; window staff on their windows' needs; an institution's members on the needs
    matched to it; an enterprise's members on their organisation's needs."""
    if user is None:
        return set()
    roles = role_names(user)
    kinds = set()
    if roles & {ADMIN, PLATFORM_STAFF}:
        kinds.add(AS_STAFF)
    if WINDOW_STAFF in roles and need.window_id is not None and need.window_id in user_window_ids(user):
        kinds.add(AS_STAFF)
    org = user_organisation_id(user) if roles & {ENTERPRISE, INSTITUTION} else None
    if org is not None:
        if INSTITUTION in roles and need.institution_id == org:
            kinds.add(AS_INSTITUTION)
        if ENTERPRISE in roles and need.organisation_id == org:
            kinds.add(AS_ENTERPRISE)
    return kinds


def enterprise_of(user) -> int | None:
    """The organisation a signed-in enterprise member files for (None for anyone else)."""
    if user is None or ENTERPRISE not in role_names(user):
        return None
    return user_organisation_id(user)


def actor_name(user, contact_name: str) -> str:
    """Who a history step names: the user's account, or the name an anonymous filer gave."""
    return user.username if user is not None else contact_name.strip()[:100]


def item_choices() -> list[tuple[str, str]]:
    """The public service items a need can be about (the catalogue: bounded, public reference data)."""
    items = db.session.scalars(
        select(ServiceItem).join(ServiceItem.category)
        .where(ServiceItem.visible.is_(True), ServiceCategory.visible.is_(True))
        .order_by(ServiceCategory.order, ServiceItem.order, ServiceItem.id))
    return [("", gettext("Not sure / another service"))] + [(i.code, i.name) for i in items]


def list_context() -> dict:
    return {"due": due, "when": when, "is_late": is_late, "type_label": type_label, "today": today(),
            "state_labels": STATE_LABELS}


def open_window(code: str):
    """The active window with this code (``app.windows``), or None."""
    from ..windows.models import ServiceWindow

    if not code or len(code) > 40:
        return None
    return db.session.scalar(select(ServiceWindow).where(ServiceWindow.code == code, ServiceWindow.active.is_(True)))


def intake_windows(user) -> list:
    """The windows a member of staff may record a need at: window staff their own active windows,
    platform staff every active window."""
    from ..windows.models import ServiceWindow

    query = select(ServiceWindow).where(ServiceWindow.active.is_(True)).order_by(ServiceWindow.name, ServiceWindow.id)
    if not role_names(user) & {ADMIN, PLATFORM_STAFF}:
        query = query.where(ServiceWindow.id.in_(user_window_ids(user)))
    return list(db.session.scalars(query.limit(500)))


def application_version(code: str | None):
    """The version of the item's application form a need form shows (``app.applications``), or None.
    A posted form keeps the version it was rendered with."""
    from ..applications.filing import version_for

    item_id = db.session.scalar(select(ServiceItem.id).where(ServiceItem.code == code)) if code else None
    posted = request.form.get("form_version") if request.method == "POST" else None
    return version_for(db.session, item_id, posted)


def need_form(base, version, organisation_id=None):
    """A need form of class ``base`` with ``version``'s application form in it, as the filer sees it
    (record fields only for an enterprise filing: ``organisation_id``)."""
    from ..applications.definition import for_filer
    from ..applications.filing import form_class

    definition = for_filer(version.definition, organisation_id) if version is not None else None
    form = form_class(base, version, definition, organisation_id)()
    if version is not None:
        form.form_version.data = str(version.id)
    form.kept_files, form.definition, form.organisation_id = {}, definition, organisation_id
    return form


def refilled(form) -> bool:
    """Whether the page was sent only to show another item's form or add a table row: shown again
    with what was typed, nothing filed."""
    from ..applications.filing import add_row_asked

    return request.method == "POST" and (bool(request.form.get("choose_item")) or add_row_asked(form, form.definition))


def application_answers(form):
    """(answers, files) of the form's application part, or None with its errors on the form."""
    from ..applications.filing import take_answers

    return take_answers(form, form.definition, form.token.data or "", form.organisation_id, db.session)


def _file(form, *, need_type: str, channel: str, organisation_id, window_id=None, version=None, answered=({}, {})):
    """File the need of a valid ``form`` with its application ``answered`` on ``version``; (need, code)
    with code "" when the form was sent before."""
    from ..applications.filing import keep_answers

    user = acting_user()
    item = db.session.scalar(select(ServiceItem).where(ServiceItem.code == form.item.data)) if form.item.data else None
    actor = actor_name(user, form.contact_name.data)
    try:
        need, code = flow.file_need(
            db.session, need_type=need_type, title=form.title.data, description=form.description.data,
            contact_name=form.contact_name.data, contact=form.contact.data, token=form.token.data, item=item,
            organisation_id=organisation_id, filed_by_id=user.id if user else None, channel=channel,
            window_id=window_id, actor=actor)
        db.session.flush()
        keep_answers(db.session, need, version, *answered, actor=actor)
        db.session.commit()
    except IntegrityError:  # the same form sent twice at once: the first one is kept
        db.session.rollback()
        need, code = db.session.scalar(select(Need).where(Need.token == form.token.data)), ""
        if need is None:
            raise
    return need, code


def form_page_context(form, version) -> dict:
    """What the need form templates need to show the application part."""
    from ..applications.files import reference

    from ..i18n.language import reader_language

    token = form.token.data or ""
    code = form.item.data
    item = db.session.scalar(select(ServiceItem).where(ServiceItem.code == code)) if code else None
    return {"version": version, "definition": getattr(form, "definition", None), "chosen_item": item,
            "kept": getattr(form, "kept_files", {}), "lang": reader_language(),
            "kept_ref": lambda kept: reference(token, kept)}


# -- filing and following -----------------------------------------------------------------------

class NeedFilingView(BaseView):
    """Anyone files a need ("在线办理", from every guide page), and follows a case by its number and
    secret code without an account."""

    route_base = "/needs"
    method_permission_name = {"new": "read", "follow": "read"}
    default_view = "new"

    def _form_page(self, form, status=200, window=None, version=None):
        return self.render_template("qi/needs/new.html", form=form, signed_in_org=enterprise_of(acting_user()),
                                    window=window, **form_page_context(form, version)), status

    def _form_again(self):
        """The need form with what was sent, unchecked (its session expired: ``refill_when_expired``)."""
        version = application_version(request.form.get("item"))
        form = need_form(NeedForm, version, enterprise_of(acting_user()))
        form.item.choices = item_choices()
        return self._form_page(form, window=open_window(form.window.data) if form.window.data else None,
                               version=version)

    @expose("/new", methods=["GET", "POST"])
    @has_access
    @refill_when_expired(lambda view: view._form_again())
    def new(self):
        """The need form, prefilled with ``?item=<code>`` and ``?window=<code>`` (filed at that window);
        POST files the need and shows its number, due dates and secret code once. An item with an
        application form shows it (``app.applications``); choosing another item shows that one's."""
        code = request.args.get("item", "") if request.method == "GET" else request.form.get("item", "")
        choices = item_choices()
        if request.method == "GET" and code and code not in dict(choices):
            raise bad_request(gettext("There is no public service item %(code)s.", code=code[:60]))
        version = application_version(code if code in dict(choices) else None)
        user = acting_user()
        org_id = enterprise_of(user)
        form = need_form(NeedForm, version, org_id)
        form.item.choices = choices
        if request.method == "GET":
            names = dict(form.item.choices)
            window_code = request.args.get("window", "")
            window = open_window(window_code) if window_code else None
            if window_code and window is None:
                raise bad_request(gettext("There is no open window %(code)s.", code=window_code[:40]))
            form.token.data, form.item.data = new_token(), code
            form.window.data = window.code if window else ""
            form.title.data = names[code] if code else ""
            if user is not None:
                profile = db.session.scalar(select(UserProfile).where(UserProfile.user_id == user.id))
                org = db.session.get(Organisation, org_id) if org_id else None
                form.contact_name.data = profile.real_name if profile else ""
                form.contact.data = (profile.phone if profile and profile.phone else None) or (
                    org.contact_phone if org else None) or user.email or ""
            return self._form_page(form, window=window, version=version)
        window = open_window(form.window.data) if form.window.data else None
        if refilled(form):
            return self._form_page(form, window=window, version=version)
        valid = form.validate_on_submit()
        answered = application_answers(form)
        valid = valid and answered is not None
        if form.window.data and window is None:
            flash(gettext("The window %(code)s is not open any more; please choose another window or file the need "
                          "online.", code=form.window.data[:40]), "danger")
            valid = False
        if not valid:
            return self._form_page(form, 422, window=window, version=version)
        need, code = _file(form, need_type=SERVICE, channel=ONLINE, organisation_id=org_id,
                           window_id=window.id if window else None, version=version, answered=answered)
        return self.render_template("qi/needs/filed.html", need=need, code=code, **list_context(),
                                    can_open=bool(actor_kinds(user, need)))

    @expose("/follow", methods=["GET", "POST"])
    @has_access
    def follow(self):
        """The case's state, dates and steps for whoever has its number and secret code (no names of
        staff, no contact data). Wrong pairs get one generic answer and count against the client
        address and the number like failed sign-ins (``app.auth.throttle``)."""
        form = FollowForm()
        if request.method == "GET":
            form.number.data = (request.args.get("number") or "")[:20]
            return self.render_template("qi/needs/follow.html", form=form)
        if not form.validate_on_submit():
            return self.render_template("qi/needs/follow.html", form=form), 422
        number = form.number.data.strip().upper()
        account, address = throttle.account_key(f"need:{number}"), throttle.client_address()
        if throttle.is_locked(db.session, account, address):
            flash(gettext("Too many wrong attempts. Please wait %(minutes)d minutes and try again.",
                          minutes=throttle._setting("QI_LOGIN_LOCKOUT_MINUTES")), "danger")
            return self.render_template("qi/needs/follow.html", form=form), 429
        need = db.session.scalar(select(Need).where(Need.number == number)) if NUMBER.match(number) else None
        # compare even when there is no such case, so a wrong number takes as long as a wrong code
        matches = flow.code_matches(need if need is not None else _NO_NEED, form.code.data)
        throttle.record_attempt(db.session, account, address, need is not None and matches)
        if need is None or not matches:
            flash(gettext("No case has this number and secret code."), "danger")
            return self.render_template("qi/needs/follow.html", form=form), 404
        events = db.session.scalars(select(NeedEvent).where(NeedEvent.need_id == need.id).order_by(NeedEvent.id)).all()
        return self.render_template("qi/needs/followed.html", need=need, events=events, public_comments=PUBLIC_COMMENTS,
                                    action_labels=ACTION_LABELS, **list_context())


class _NoNeed:
    code_hash = "0" * 64


_NO_NEED = _NoNeed()


class NeedIntakeView(BaseView):
    """Staff record a need that came by phone, at a window, on site, by letter or from a visit (6.3.1-1)."""

    route_base = "/needs"
    method_permission_name = {"intake": "write"}
    default_view = "intake"

    @expose("/intake", methods=["GET", "POST"])
    @has_access
    def intake(self):
        choices = item_choices()
        code = request.form.get("item", "") if request.method == "POST" else request.args.get("item", "")
        version = application_version(code if code in dict(choices) else None)
        form = need_form(IntakeForm, version)
        form.item.choices = choices
        form.channel.choices = intake_choices()
        form.need_type.choices = [(code, str(kind.name)) for code, kind in flow.need_types().items()]
        windows = intake_windows(g.user)
        staff = bool(role_names(g.user) & {ADMIN, PLATFORM_STAFF})
        # platform staff may record a need that came to no window; window staff record at one of theirs
        form.window.choices = ([("", gettext("No window"))] if staff else []) + [(str(w.id), w.shown_name)
                                                                                for w in windows]
        no_window = not staff and not windows
        if request.method == "GET":
            form.token.data, form.need_type.data = new_token(), SERVICE
            if len(windows) == 1 and not staff:
                form.window.data = str(windows[0].id)
            form.item.data = code if code in dict(choices) else ""
            return self.render_template("qi/needs/intake.html", form=form, no_window=no_window,
                                        **form_page_context(form, version))
        organisation_id = None
        if refilled(form):
            return self.render_template("qi/needs/intake.html", form=form, no_window=no_window,
                                        **form_page_context(form, version))
        valid = form.validate_on_submit()
        answered = application_answers(form)
        valid = valid and answered is not None
        form.window.data = form.window.data or ""
        if form.window.data not in {value for value, _ in form.window.choices}:
            form.window.errors = list(form.window.errors) + [gettext("Choose one of your windows.")]
            valid = False
        if valid and form.uscc.data:
            organisation_id = db.session.scalar(select(Organisation.id).where(
                Organisation.uscc == form.uscc.data.strip().upper(), Organisation.kind == ENTERPRISE_KIND,
                Organisation.status == APPROVED))
            if organisation_id is None:
                form.uscc.errors = list(form.uscc.errors) + [
                    gettext("No registered enterprise has this credit code.")]
                valid = False
        if not valid:
            return self.render_template("qi/needs/intake.html", form=form, no_window=no_window,
                                        **form_page_context(form, version)), 422
        need, code = _file(form, need_type=form.need_type.data, channel=form.channel.data,
                           organisation_id=organisation_id, window_id=int(form.window.data) if form.window.data else None,
                           version=version, answered=answered)
        return self.render_template("qi/needs/filed.html", need=need, code=code, intake=True, **list_context(),
                                    can_open=bool(actor_kinds(g.user, need)))


# -- the case page --------------------------------------------------------------------------------

class NeedCaseView(BaseView):
    """One need for whoever may see it: state, deadlines, details, history and the steps they may take."""

    route_base = "/needs"
    method_permission_name = {"case": "read", "step": "write"}
    default_view = "case"

    def _need(self, number: str) -> tuple[Need, set[str]]:
        need = db.session.scalar(select(Need).where(Need.number == number)) if NUMBER.match(number or "") else None
        kinds = actor_kinds(g.user, need) if need is not None else set()
        if not kinds:
            abort(404)
        return need, kinds

    @expose("/case/<number>")
    @has_access
    def case(self, number):
        need, kinds = self._need(number)
        if kinds & {AS_STAFF, AS_INSTITUTION} and AS_ENTERPRISE not in kinds:  # someone else's contact: recorded
            from ..audit.trail import viewed

            viewed("qi_need", need.id, page="case", fields=["contact_name", "contact"])
        events = db.session.scalars(select(NeedEvent).where(NeedEvent.need_id == need.id).order_by(NeedEvent.id)).all()
        steps = flow.allowed_steps(need, kinds)
        candidates = []
        if any(step.name == "match" for step in steps):
            # platform institutions first (6.3.2-2), in the matchers' order within each group
            candidates = sorted(matching.candidates(db.session, need), key=lambda c: c.outside)
        from ..applications.views import need_answers

        return self.render_template(
            "qi/needs/case.html", need=need, events=events, steps=steps, candidates=candidates, form=StepForm(),
            answers=need_answers(need),
            kinds=kinds, action_labels=ACTION_LABELS, describe_channels=describe_channels,
            late=is_late(need), consultation=need.need_type == CONSULTATION, **list_context())

    @expose("/case/<number>/step", methods=["POST"])
    @has_access
    def step(self, number):
        """Take one step; a refused step is flashed and changes nothing, a second post of the same
        step finds the need moved on and is refused."""
        need, kinds = self._need(number)
        form = StepForm()
        if not form.validate_on_submit():
            flash(gettext("The form has expired or your session has ended. Go back, reload the page and "
                          "submit the form again."), "danger")
            return redirect(url_for(".case", number=number))
        name = form.step.data
        institution_id = None
        if name == "match":
            institution_id = self._institution(need, request.form.get("institution_id", ""))
        seen = need.state
        # Claim the need in the state this request saw: of two posts of the same step, the second
        # waits for the first to commit and then finds the state changed (one history step, not two).
        claimed = db.session.execute(update(Need).where(Need.id == need.id, Need.state == seen)
                                     .values(state=seen).execution_options(synchronize_session=False)).rowcount
        try:
            if not claimed:
                db.session.refresh(need)
                raise flow.FlowError(gettext("This need has just been changed by someone else; nothing was done."))
            flow.take_step(db.session, need, name, actor=g.user.username, actor_kinds=kinds,
                           comment=form.comment.data, institution_id=institution_id)
            db.session.commit()
        except flow.FlowError as refused:
            db.session.rollback()
            flash(str(refused), "danger")
            return redirect(url_for(".case", number=number))
        flash(gettext("Done: %(step)s.", step=STEPS[name].label), "success")
        if not actor_kinds(g.user, need):  # an institution that declined no longer sees the need
            return redirect(url_for("IncomingNeedsView.index"))
        return redirect(url_for(".case", number=number))

    @staticmethod
    def _institution(need: Need, raw: str) -> int | None:
        """The institution chosen for ``match``: one of the proposed candidates or any approved
        institution of the platform; None (refused by the flow) otherwise."""
        if not raw.isdigit() or len(raw) > 12:
            return None
        chosen = int(raw)
        if chosen in {c.institution_id for c in matching.candidates(db.session, need)}:
            return chosen
        return db.session.scalar(select(Organisation.id).where(
            Organisation.id == chosen, Organisation.kind == INSTITUTION_KIND, Organisation.status == APPROVED))


# -- lists ----------------------------------------------------------------------------------------

class MyNeedsView(BaseView):
    """An enterprise's "我的办件": every need of its organisation, newest first."""

    route_base = "/needs/mine"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        page = page_arg()
        org = user_organisation_id(g.user)
        rows, total = [], 0
        if org is not None:
            total = db.session.scalar(select(func.count()).select_from(Need).where(Need.organisation_id == org))
            rows = db.session.scalars(select(Need).where(Need.organisation_id == org)
                                      .order_by(Need.submitted_at.desc(), Need.id.desc())
                                      .limit(PAGE_SIZE).offset(page * PAGE_SIZE)).all()
        return self.render_template("qi/needs/mine.html", rows=rows, total=total, page=page, page_size=PAGE_SIZE,
                                    has_org=org is not None, **list_context())


INCOMING_TABS = {"matched": (MATCHED,), "in_service": (IN_SERVICE,), "done": (DELIVERED, TO_EVALUATE, CLOSED)}
INCOMING_LABELS = {"matched": _l("Waiting for you to accept"), "in_service": _l("Service under way"),
                   "done": _l("Delivered")}


def institution_counts(org: int) -> dict[str, int]:
    """The needs matched to institution ``org`` by tab of its incoming list (one grouped query)."""
    counts = dict(db.session.execute(select(Need.state, func.count()).where(Need.institution_id == org)
                                     .group_by(Need.state)).all())
    return {tab: sum(counts.get(s, 0) for s in states) for tab, states in INCOMING_TABS.items()}


class IncomingNeedsView(BaseView):
    """An institution's incoming work: the needs matched to it, to accept, in service, delivered."""

    route_base = "/needs/incoming"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        tab = choice_arg("state", INCOMING_TABS) or "matched"
        page = page_arg()
        org = user_organisation_id(g.user)
        counts = institution_counts(org) if org is not None else {t: 0 for t in INCOMING_TABS}
        rows = []
        if org is not None:
            rows = db.session.scalars(select(Need).where(Need.institution_id == org,
                                                         Need.state.in_(INCOMING_TABS[tab]))
                                      .order_by(Need.changed_at.desc(), Need.id.desc())
                                      .limit(PAGE_SIZE).offset(page * PAGE_SIZE)).all()
        return self.render_template("qi/needs/incoming.html", rows=rows, counts=counts, tab=tab, tabs=INCOMING_LABELS,
                                    page=page, page_size=PAGE_SIZE, total=counts[tab], **list_context())


# -- the staff SLA board ----------------------------------------------------------------------------

def _overdue(on: dt.date):
    # answer_due >= respond_due: a submitted need is late once its response is; a responded one once
    # its answer is. Each half is a range of one (state, due) index.
    return or_(and_(Need.state == SUBMITTED, Need.respond_due < on), and_(Need.state == RESPONDED, Need.answer_due < on))


def _due_on(on: dt.date):
    return or_(and_(Need.state == SUBMITTED, Need.respond_due == on),
               and_(Need.state == RESPONDED, Need.answer_due == on))


BOARD_LISTS = {"overdue": _l("Overdue"), "today": _l("Due today"), "waiting": _l("Waiting for the enterprise"),
               "open": _l("All open needs")}


def open_groups(condition, on: dt.date, *columns) -> list:
    """(``columns``…, open, overdue, due today) of the open needs matching ``condition``, grouped by
    ``columns`` (the state first), in one statement read from the (state, …, due dates) indexes."""
    return db.session.execute(
        select(*columns, func.count(), func.sum(case((_overdue(on), 1), else_=0)),
               func.sum(case((_due_on(on), 1), else_=0)))
        .where(Need.state.in_(OPEN), *([condition] if condition is not None else []))
        .group_by(*columns)).all()


def board_counts(condition, on: dt.date, groups: list | None = None) -> dict:
    """Open needs by state with their overdue and due-today counts, in one grouped query (or from
    ``groups`` of ``open_groups`` that start with the state)."""
    by_state, late, now = {}, 0, 0
    for row in open_groups(condition, on, Need.state) if groups is None else groups:
        state, count, overdue, today_ = row[0], row[-3], row[-2], row[-1]
        by_state[state] = by_state.get(state, 0) + count
        late, now = late + int(overdue or 0), now + int(today_ or 0)
    return {"by_state": by_state, "open": sum(by_state.values()), "overdue": late, "today": now,
            "waiting": by_state.get(WAITING, 0)}


def window_names(ids) -> dict:
    """The windows of these ids (the board's by-window table names them)."""
    from ..windows.models import ServiceWindow

    ids = [i for i in ids if i is not None]
    return {w.id: w for w in db.session.scalars(select(ServiceWindow).where(ServiceWindow.id.in_(ids)))} if ids else {}


def open_by_window(conditions: list, late) -> tuple[list, dict]:
    """The board's by-window table: (window id, open, late) of the needs matching ``conditions`` per
    window, with the windows, in one statement."""
    from ..windows.models import ServiceWindow

    # The join leaves the needs without a window out ("window_id IS NOT NULL" made the window_id
    # index look like a better path than the open needs' state index).
    grouped = (select(Need.window_id.label("window_id"), func.count().label("open"), late.label("late"))
               .where(*conditions).group_by(Need.window_id).subquery())
    rows = db.session.execute(select(ServiceWindow, grouped.c.open, grouped.c.late)
                              .join(grouped, grouped.c.window_id == ServiceWindow.id).order_by(ServiceWindow.id)).all()
    return [(window.id, open_, late_) for window, open_, late_ in rows], {window.id: window for window, _, _ in rows}


def categories_named(ids) -> dict:
    """The categories of these ids: the visible ones as the navbar read them for this request, a
    hidden one (an old need's) read apart."""
    from ..catalog.views import visible_categories

    found = {c.id: c for c in visible_categories()}
    missing = {i for i in ids if i is not None and i not in found}
    if missing:
        found.update((c.id, c) for c in db.session.scalars(select(ServiceCategory).where(ServiceCategory.id.in_(missing))))
    return found


class NeedBoardView(BaseView):
    """The staff SLA board: due today, overdue, waiting, by category and by window (a few grouped
    queries over the open needs, whatever the number of needs)."""

    route_base = "/needs/board"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        show = choice_arg("show", BOARD_LISTS) or "overdue"
        page = page_arg()
        raw_category = request.args.get("category", "")
        if raw_category and (not raw_category.isdigit() or len(raw_category) > 9):
            raise bad_request(gettext("%(value)s is not a valid value for %(name)s.", value=raw_category[:40],
                                      name="category"))
        category = int(raw_category) if raw_category else None
        on = today()
        scope = scope_condition(Need, g.user)
        # The counts by state and by category from one grouped statement (state, category).
        groups = open_groups(scope, on, Need.state, Need.category_id)
        counts = board_counts(scope, on, groups)
        per_category: dict = {}
        for _state, category_id, count, overdue, _today in groups:
            open_, late_ = per_category.get(category_id, (0, 0))
            per_category[category_id] = (open_ + count, late_ + int(overdue or 0))
        by_category = [(c, open_, late_) for c, (open_, late_)
                       in sorted(per_category.items(), key=lambda item: (item[0] is None, item[0] or 0))]
        scoped_open = [Need.state.in_(OPEN), *([scope] if scope is not None else [])]
        by_window, windows = open_by_window(scoped_open, func.sum(case((_overdue(on), 1), else_=0)))
        categories = categories_named([category_id for category_id, _, _ in by_category] + [category])
        condition = {"overdue": _overdue(on), "today": _due_on(on), "waiting": Need.state == WAITING,
                     "open": Need.state.in_(OPEN)}[show]
        query = select(Need).where(condition, *([scope] if scope is not None else []))
        if category is not None:
            query = query.where(Need.category_id == category)
        total = (counts[show] if category is None else
                 db.session.scalar(select(func.count()).select_from(query.subquery())))
        # The list's needs are found first (open ones only: thousands at most, from the state
        # indexes), then ordered: ordered directly, PostgreSQL walked the respond_due index of every
        # need ever filed looking for the few overdue ones (a million needs: 250 ms).
        picked = (query.with_only_columns(Need.id, Need.respond_due, Need.answer_due)
                  .cte("board_list").prefix_with("MATERIALIZED"))
        rows = db.session.scalars(select(Need).join(picked, picked.c.id == Need.id)
                                  .options(selectinload(Need.organisation))
                                  .order_by(picked.c.respond_due, picked.c.answer_due, picked.c.id)
                                  .limit(PAGE_SIZE).offset(page * PAGE_SIZE)).all()
        return self.render_template(
            "qi/needs/board.html", counts=counts, by_category=by_category, by_window=by_window,
            categories=categories, windows=windows, show=show, lists=BOARD_LISTS, rows=rows, total=total, page=page,
            page_size=PAGE_SIZE, category=category, **list_context())


# -- the scoped list for staff -----------------------------------------------------------------------

class NeedListView(ScopedModelView):
    """Every need the user may see (staff: all; window staff: their windows'), filtered and exported."""

    datamodel = SQLAInterface(Need)
    route_base = "/needs"
    base_permissions = ["can_read"]
    include_route_methods = {"list", "export"}
    list_title = _l("All needs")
    list_columns = ["number", "need_type", "shown_title", "state", "channel", "respond_due", "answer_due", "submitted_at"]
    search_columns = ["number", "need_type", "state", "channel", "respond_due", "answer_due", "submitted_at"]
    order_columns = ["number", "state", "respond_due", "answer_due", "submitted_at"]
    base_order = ("submitted_at", "desc")
    label_columns = {"number": _l("Case number"), "need_type": _l("Kind of need"), "shown_title": _l("Need"),
                     "state": _l("Case state"), "channel": _l("Came by"), "respond_due": _l("Respond by"),
                     "answer_due": _l("Answer by"), "submitted_at": _l("Received on")}
    formatters_columns = {"number": page_link("NeedCaseView.case"), "state": lambda s: str(STATE_LABELS.get(s, s)),
                          "channel": channel_label, "need_type": type_label}


def view_specs() -> list[dict]:
    """The need pages, their menus and who may use them (see ``app.access``)."""
    from ..roles import EVERYONE_READS, READ, READ_WRITE, grant

    menu = {"menu": _l("Needs"), "menu_icon": "fa-tasks"}
    staff = (PLATFORM_STAFF, WINDOW_STAFF)
    return [
        {"view": NeedFilingView, "roles": EVERYONE_READS},
        {"view": NeedCaseView, "roles": grant((*staff, INSTITUTION, ENTERPRISE), READ_WRITE)},
        {"view": MyNeedsView, "name": _l("My cases"), "icon": "fa-folder-open", "roles": grant((ENTERPRISE,), READ),
         **menu},
        {"view": IncomingNeedsView, "name": _l("Incoming needs"), "icon": "fa-inbox",
         "roles": grant((INSTITUTION,), READ), **menu},
        {"view": NeedBoardView, "name": _l("SLA board"), "icon": "fa-clock-o", "roles": grant(staff, READ), **menu},
        {"view": NeedIntakeView, "name": _l("Record a need"), "icon": "fa-phone", "roles": grant(staff, ["can_write"]),
         **menu},
        {"view": NeedListView, "name": _l("All needs"), "icon": "fa-list-alt", "roles": grant(staff, READ), **menu},
    ]
