"""The sample pages (4.2.1-1): the list of samples the user may see, receiving a sample at a park
station, and one sample with its timed steps.

Addresses: ``/samples/`` (``?state=&page=``), ``/samples/receive`` (``?need=<case number>``),
``/samples/<id>`` (POST ``…/step``). Every sample is read through its scope: the station's staff,
the institution it was sent to and the enterprise see it, anyone else gets a 404. GET never changes
anything.
"""
from __future__ import annotations

from flask import abort, flash, g, redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import gettext, lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import joinedload

from ..accounts.models import APPROVED, INSTITUTION as INSTITUTION_KIND, Organisation
from ..accounts.uploads import UploadRefused, remove_stored
from ..extensions import db
from ..list_loading import page_total
from ..form_tokens import new_token
from ..needs import documents, matching
from ..needs.forms import NUMBER
from ..needs.models import Need
from ..needs.views import choice_arg, page_arg, when
from ..roles import ENTERPRISE, INSTITUTION, PLATFORM_STAFF, WINDOW_STAFF
from ..scoping import is_staff, role_names, scoped, scoped_or_404, user_organisation_id, user_window_ids
from ..windows.models import PARK, ServiceWindow
from . import flow
from .forms import ReceiveForm, SampleStepForm
from .models import SAMPLE_STATE_LABELS, Sample

PAGE_SIZE = 25
WINDOW_CHOICES = 500


def sample_kinds(user, sample: Sample) -> set[str]:
    """What ``user`` acts as on ``sample``: staff of its station (or platform staff), or a member of
    the institution it was sent to."""
    if user is None:
        return set()
    kinds = set()
    roles = role_names(user)
    if is_staff(user) or (WINDOW_STAFF in roles and sample.window_id in user_window_ids(user)):
        kinds.add(flow.STAFF)
    if INSTITUTION in roles and sample.institution_id is not None and user_organisation_id(user) == sample.institution_id:
        kinds.add(flow.INSTITUTION)
    return kinds


def park_windows(user) -> list[ServiceWindow]:
    """The park stations ``user`` may receive samples at: window staff their own, platform staff any."""
    query = select(ServiceWindow).where(ServiceWindow.kind == PARK, ServiceWindow.active.is_(True))
    if not is_staff(user):
        ids = user_window_ids(user)
        if not ids:
            return []
        query = query.where(ServiceWindow.id.in_(ids))
    return list(db.session.scalars(query.order_by(ServiceWindow.name).limit(WINDOW_CHOICES)))


def institution_choices(sample: Sample) -> list[tuple[str, str]]:
    """The institutions a sample may be sent to: the one its need is matched to, then the matchers'
    platform institutions for the need (a bounded list)."""
    choices = []
    need = sample.need
    if need.institution_id is not None and need.institution is not None:
        choices.append((str(need.institution_id), need.institution.name))
    for candidate in matching.candidates(db.session, need):
        if not candidate.outside and candidate.institution_id and str(candidate.institution_id) not in dict(choices):
            choices.append((str(candidate.institution_id), candidate.name))
    return choices


class SampleListView(BaseView):
    """The samples the user may see, newest first: a station's, an institution's, an enterprise's."""

    route_base = "/samples"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        state = choice_arg("state", SAMPLE_STATE_LABELS)
        page = page_arg()
        query = scoped(select(Sample), Sample)
        if state:
            query = query.where(Sample.state == state)
        # Many-to-one relations joined: one statement for the page, no more rows.
        rows = db.session.scalars(query.options(joinedload(Sample.need), joinedload(Sample.window),
                                                joinedload(Sample.institution))
                                  .order_by(Sample.received_at.desc(), Sample.id.desc())
                                  .limit(PAGE_SIZE).offset(page * PAGE_SIZE)).all()
        total = page_total(db.session, query, page, rows, PAGE_SIZE)
        may_receive = bool(role_names(g.user) & {WINDOW_STAFF, PLATFORM_STAFF, "Admin"})
        return self.render_template("qi/samples/list.html", rows=rows, total=total, page=page, page_size=PAGE_SIZE,
                                    state=state, states=SAMPLE_STATE_LABELS, when=when, may_receive=may_receive)


class SampleReceiveView(BaseView):
    """Receive a sample at a park station for a need."""

    route_base = "/samples"
    method_permission_name = {"receive": "write"}
    default_view = "receive"

    def _page(self, form, windows, status=200):
        return self.render_template("qi/samples/receive.html", form=form, windows=windows), status

    @expose("/receive", methods=["GET", "POST"])
    @has_access
    def receive(self):
        form = ReceiveForm()
        windows = park_windows(g.user)
        form.window_id.choices = [(str(w.id), w.shown_name) for w in windows]
        if request.method == "GET":
            form.token.data = new_token()
            form.need_number.data = (request.args.get("need") or "")[:20]
            return self._page(form, windows)
        if not form.validate_on_submit():
            flash(" ".join(m for ms in form.errors.values() for m in ms) or gettext("The form has expired. Please try again."),
                  "danger")
            return self._page(form, windows, 422)
        number = form.need_number.data.strip().upper()
        need = db.session.scalar(scoped(select(Need).where(Need.number == number), Need)) if NUMBER.match(number) else None
        if need is None:
            flash(gettext("No need you may see has the case number %(number)s.", number=number), "danger")
            return self._page(form, windows, 422)
        window = next((w for w in windows if str(w.id) == form.window_id.data), None)
        try:
            sample = flow.receive_sample(db.session, need, window, name=form.name.data, quantity=form.quantity.data,
                                         actor=g.user.username, token=form.token.data)
            db.session.commit()
        except flow.SampleError as refused:
            db.session.rollback()
            flash(str(refused), "danger")
            return self._page(form, windows, 422)
        except IntegrityError:  # the same form sent twice at once: the first one is kept
            db.session.rollback()
            sample = db.session.scalar(select(Sample).where(Sample.token == form.token.data))
            if sample is None:
                raise
        flash(gettext("Sample %(number)s is received.", number=sample.number), "success")
        return redirect(url_for("SampleCaseView.show", sample_id=sample.id), code=303)


class SampleCaseView(BaseView):
    """One sample: its need, its steps with when and by whom and the time between them, and the next
    step for whoever may take it."""

    route_base = "/samples"
    method_permission_name = {"show": "read", "step": "write"}
    default_view = "show"

    @expose("/<int:sample_id>")
    @has_access
    def show(self, sample_id):
        sample = scoped_or_404(Sample, sample_id)
        steps = flow.allowed_steps(sample, sample_kinds(g.user, sample))
        institutions = institution_choices(sample) if any(s.name == "send" for s in steps) else []
        return self.render_template("qi/samples/sample.html", sample=sample, steps=steps, institutions=institutions,
                                    timeline=flow.timeline(sample), duration=flow.duration_text, when=when,
                                    labels=SAMPLE_STATE_LABELS, form=SampleStepForm(formdata=None))

    @expose("/<int:sample_id>/step", methods=["POST"])
    @has_access
    def step(self, sample_id):
        """Take the next step; one out of order or taken twice is refused with nothing changed."""
        sample = scoped_or_404(Sample, sample_id)
        kinds = sample_kinds(g.user, sample)
        if not kinds:
            abort(403)
        form = SampleStepForm()
        back = redirect(url_for(".show", sample_id=sample.id), code=303)
        if not form.validate_on_submit():
            flash(gettext("The form has expired or your session has ended. Go back, reload the page and "
                          "submit the form again."), "danger")
            return back
        raw = form.institution_id.data or ""
        institution_id = int(raw) if raw.isdigit() and len(raw) < 12 else None
        if form.step.data == "send" and institution_id is not None and str(institution_id) not in dict(
                institution_choices(sample)):
            # any approved institution of the platform may be chosen, not only the proposed ones
            institution_id = db.session.scalar(select(Organisation.id).where(
                Organisation.id == institution_id, Organisation.kind == INSTITUTION_KIND,
                Organisation.status == APPROVED))
        try:
            flow.take_step(db.session, sample, form.step.data, actor=g.user.username, kinds=kinds,
                           institution_id=institution_id, report_number=form.report_number.data,
                           report_file=form.report_file.data)
        except (flow.SampleError, documents.DocumentError, UploadRefused) as refused:
            db.session.rollback()
            flash(str(refused), "danger")
            return back
        stored = getattr(sample, "stored_file", None)
        try:
            db.session.commit()
        except SQLAlchemyError:
            db.session.rollback()
            if stored:
                remove_stored(stored)
            flash(gettext("The step could not be saved. Please try again."), "danger")
            return back
        flash(gettext("Done: %(step)s.", step=flow.STEPS[form.step.data].label), "success")
        return back


def view_specs() -> list[dict]:
    """The sample pages, their menus and who may use them (``app.access``); rows by the sample's scope."""
    from ..roles import READ, READ_WRITE, grant

    staff = (PLATFORM_STAFF, WINDOW_STAFF)
    menu = {"menu": _l("Samples"), "menu_icon": "fa-flask"}
    return [
        {"view": SampleListView, "name": _l("Samples"), "icon": "fa-flask",
         "roles": grant((*staff, INSTITUTION, ENTERPRISE), READ), **menu},
        {"view": SampleReceiveView, "name": _l("Receive a sample"), "icon": "fa-inbox",
         "roles": grant(staff, ["can_write"]), **menu},
        {"view": SampleCaseView, "roles": {**grant((*staff, INSTITUTION), READ_WRITE), **grant((ENTERPRISE,), READ)}},
    ]
