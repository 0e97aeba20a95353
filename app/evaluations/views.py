"""The evaluation pages (7.1-1, 7.1-2, 6.4.1-2, Appendix B).

Addresses:

- ``/evaluations/survey/<token>``: the survey of an invitation (anyone holding the link);
- ``/evaluations/need/<number>``: a signed-in enterprise member rates a need told or closed;
- ``/evaluations/enter``: staff type in a survey from paper, a phone call or a return visit
  (``?need=<number>&visit=<id>``), of any kind (user, self, third party);
- ``/evaluations/`` and ``/evaluations/<id>`` (POST ``…/improvement``): the evaluations the user
  may see, one evaluation, and the platform's improvement measures;
- ``/evaluations/cases/`` and ``/evaluations/cases/<id>`` (POST ``…/cause``, ``…/close``): the
  dissatisfaction cases of the responsible institution or window.

Every list is scoped (``__scope__``), bounded and ordered through an index; GET changes nothing.
"""
from __future__ import annotations

from flask import abort, flash, g, redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import gettext, lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..needs.forms import NUMBER
from ..needs.models import Need, ReturnVisit
from ..needs.states import CLOSED as NEED_CLOSED, TO_EVALUATE
from ..needs.views import actor_kinds, choice_arg, page_arg, when
from ..needs.states import ENTERPRISE as AS_ENTERPRISE, STAFF as AS_STAFF
from ..roles import ADMIN, ENTERPRISE, INSTITUTION, PLATFORM_STAFF, READ, READ_WRITE, WINDOW_STAFF, grant
from ..scoping import acting_user, role_names, scoped, scoped_or_404
from . import cases as case_flow, invitations
from .dimensions import BANDS, DIMENSIONS, DISSATISFIED_AT, HIGHEST, LOWEST, OVERALL_FORMULA
from .forms import CaseStepForm, CauseForm, EntryForm, ImprovementForm, SurveyForm, read_ratings
from .models import (CASE_STATE_LABELS, KIND_LABELS, PAPER, PHONE, RETURN_VISIT, SOURCE_LABELS, USER,
                     DissatisfactionCase, Evaluation, EvaluationContent, ONLINE)
from .survey import (SurveyAnswers, contact_respondent, content_categories, prefill, save_evaluation,
                     user_respondent)

PAGE_SIZE = 25
RATEABLE = frozenset({TO_EVALUATE, NEED_CLOSED})
ENTRY_SOURCES = (PAPER, PHONE, RETURN_VISIT)


def _survey_context(form, ratings_form, errors, **extra) -> dict:
    return {"form": form, "dimensions": DIMENSIONS, "bands": BANDS, "scale": range(LOWEST, HIGHEST + 1),
            "posted": ratings_form, "errors": errors, "dissatisfied_at": DISSATISFIED_AT, **extra}


def _new_form(form_class, need=None):
    form = form_class(formdata=None, data=prefill(db.session, need)) if request.method == "GET" else form_class()
    form.contents.choices = [(str(c.id), c.name) for c in content_categories(db.session)]
    return form


def _read(form) -> tuple[SurveyAnswers | None, dict]:
    """The answers of a posted survey, or None with every error (field → messages)."""
    valid = form.validate_on_submit()
    ratings, reasons, errors = read_ratings(request.form)
    errors = {**{name: [str(m) for m in messages] for name, messages in form.errors.items()},
              **{name: [message] for name, message in errors.items()}}
    if not valid or errors:
        return None, errors
    answers = SurveyAnswers(user_name=form.user_name.data, service_date=form.service_date.data,
                            contact_name=form.contact_name.data, phone=form.phone.data,
                            institution_name=form.institution_name.data,
                            category_ids=[int(c) for c in form.contents.data], ratings=ratings, reasons=reasons,
                            suggestions=form.suggestions.data)
    return answers, {}


def need_survey(need: Need) -> dict | None:
    """What the need page shows about rating it (Jinja global ``need_survey``): whether the signed-in
    enterprise member may rate it, or has; None when the block is not for this user."""
    user = acting_user()
    if user is None or need.state not in RATEABLE or AS_ENTERPRISE not in actor_kinds(user, need):
        return None
    done = db.session.scalar(select(Evaluation.id).where(Evaluation.need_id == need.id,
                                                         Evaluation.respondent == user_respondent(user.id)))
    return {"done": done, "url": url_for("NeedSurveyView.rate", number=need.number)}


class SurveyView(BaseView):
    """The survey of an invitation: whoever holds the link answers it once, before it expires."""

    route_base = "/evaluations"
    method_permission_name = {"survey": "read"}
    default_view = "survey"

    def _message(self, text, status):
        return self.render_template("qi/evaluations/survey_message.html", message=text), status

    @expose("/survey/<token>", methods=["GET", "POST"])
    @has_access
    def survey(self, token):
        invitation, status = invitations.find(db.session, token)
        if status == invitations.UNKNOWN:
            abort(404)
        if status == invitations.USED:
            return self._message(gettext("This survey was already answered. Thank you."), 409)
        if status == invitations.EXPIRED:
            return self._message(gettext("This survey link has expired. Please contact the platform if you still "
                                         "want to rate the service."), 410)
        need = db.session.get(Need, invitation.need_id)
        form = _new_form(SurveyForm, need)
        if request.method == "GET":
            return self.render_template("qi/evaluations/survey.html", need=need,
                                        **_survey_context(form, {}, {}, action=request.path))
        answers, errors = _read(form)
        if answers is None:
            return self.render_template("qi/evaluations/survey.html", need=need,
                                        **_survey_context(form, request.form, errors, action=request.path)), 422
        respondent = (user_respondent(invitation.user_id) if invitation.user_id is not None
                      else contact_respondent(need.contact))
        try:
            if not invitations.claim(db.session, invitation.id):
                raise IntegrityError("claimed", None, Exception())
            evaluation = save_evaluation(db.session, answers, respondent=respondent, need=need, kind=USER,
                                         source=ONLINE, user_id=invitation.user_id)
            invitation.evaluation_id = evaluation.id
            db.session.commit()
        except IntegrityError:  # the same form posted twice, or rated from the need page already
            db.session.rollback()
            return self._message(gettext("This survey was already answered. Thank you."), 409)
        return self._message(gettext("Thank you: your evaluation of %(number)s is saved.", number=need.number), 200)


class NeedSurveyView(BaseView):
    """A signed-in member of the enterprise rates its need once it was told the result."""

    route_base = "/evaluations"
    method_permission_name = {"rate": "write"}
    default_view = "rate"

    @expose("/need/<number>", methods=["GET", "POST"])
    @has_access
    def rate(self, number):
        need = db.session.scalar(select(Need).where(Need.number == number)) if NUMBER.match(number or "") else None
        if need is None or AS_ENTERPRISE not in actor_kinds(g.user, need):
            abort(404)
        if need.state not in RATEABLE:
            flash(gettext("A need is rated once its result was told to you."), "warning")
            return redirect(url_for("NeedCaseView.case", number=need.number))
        respondent = user_respondent(g.user.id)
        if db.session.scalar(select(Evaluation.id).where(Evaluation.need_id == need.id,
                                                         Evaluation.respondent == respondent)) is not None:
            flash(gettext("This survey was already answered. Thank you."), "info")
            return redirect(url_for("NeedCaseView.case", number=need.number))
        form = _new_form(SurveyForm, need)
        if request.method == "GET":
            return self.render_template("qi/evaluations/survey.html", need=need,
                                        **_survey_context(form, {}, {}, action=request.path))
        answers, errors = _read(form)
        if answers is None:
            return self.render_template("qi/evaluations/survey.html", need=need,
                                        **_survey_context(form, request.form, errors, action=request.path)), 422
        try:
            evaluation = save_evaluation(db.session, answers, respondent=respondent, need=need, kind=USER,
                                         source=ONLINE, user_id=g.user.id)
            invitations.close_for(db.session, need.id, g.user.id, evaluation.id)
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            flash(gettext("This survey was already answered. Thank you."), "info")
            return redirect(url_for("NeedCaseView.case", number=need.number))
        flash(gettext("Thank you: your evaluation of %(number)s is saved.", number=need.number), "success")
        return redirect(url_for("NeedCaseView.case", number=need.number), code=303)


class EvaluationEntryView(BaseView):
    """Staff type in a survey from paper, a phone call or a return visit (7.1-2: user, self, third party)."""

    route_base = "/evaluations"
    method_permission_name = {"enter": "write"}
    default_view = "enter"

    @staticmethod
    def _need(number: str):
        """The need of a case number the user acts as staff on, or None."""
        number = (number or "").strip().upper()
        need = db.session.scalar(select(Need).where(Need.number == number)) if NUMBER.match(number) else None
        return need if need is not None and AS_STAFF in actor_kinds(g.user, need) else None

    @expose("/enter", methods=["GET", "POST"])
    @has_access
    def enter(self):
        args = request.args if request.method == "GET" else request.form
        need = self._need(args.get("need_number") or args.get("need", ""))
        visit = None
        raw_visit = args.get("return_visit") or args.get("visit") or ""
        if raw_visit:
            if not raw_visit.isdigit() or len(raw_visit) > 12:
                abort(400)
            visit = db.session.get(ReturnVisit, int(raw_visit))
            if visit is None or need is None or visit.need_id != need.id:
                abort(404)
        form = _new_form(EntryForm, need)
        form.kind.choices = [(k, str(v)) for k, v in KIND_LABELS.items()]
        form.source.choices = [(s, str(SOURCE_LABELS[s])) for s in ENTRY_SOURCES]
        if request.method == "GET":
            form.need_number.data = need.number if need else ""
            form.return_visit.data = str(visit.id) if visit else ""
            form.source.data = RETURN_VISIT if visit else PAPER
            form.kind.data = USER
            if visit is not None:
                form.suggestions.data = visit.notes or ""
            return self.render_template("qi/evaluations/entry.html", visit=visit, need=need,
                                        **_survey_context(form, {}, {}, action=request.path))
        answers, errors = _read(form)
        if form.need_number.data and need is None:
            errors["need_number"] = [gettext("No need you handle has the case number %(number)s.",
                                             number=form.need_number.data[:20])]
        if need is None and not role_names(g.user) & {ADMIN, PLATFORM_STAFF} and "need_number" not in errors:
            errors["need_number"] = [gettext("Give the case number of a need of your window.")]
        if form.source.data == RETURN_VISIT and visit is None:
            errors["source"] = [gettext("An evaluation from a return visit is entered from the visit on the need page.")]
        if errors:
            return self.render_template("qi/evaluations/entry.html", visit=visit, need=need,
                                        **_survey_context(form, request.form, errors, action=request.path)), 422
        respondent = contact_respondent(answers.phone or answers.contact_name)
        try:
            evaluation = save_evaluation(db.session, answers, respondent=respondent, need=need, kind=form.kind.data,
                                         source=form.source.data, entered_by=g.user.username,
                                         return_visit_id=visit.id if visit else None)
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            errors = {"phone": [gettext("This person has already evaluated this need (or this return visit is "
                                        "already entered).")]}
            return self.render_template("qi/evaluations/entry.html", visit=visit, need=need,
                                        **_survey_context(form, request.form, errors, action=request.path)), 409
        flash(gettext("The evaluation is saved."), "success")
        return redirect(url_for("EvaluationListView.show", pk=evaluation.id), code=303)


class EvaluationListView(BaseView):
    """The evaluations the user may see (staff: all; an institution its own; window staff their
    windows'; an enterprise its own), one evaluation, and the platform's improvement measures."""

    route_base = "/evaluations"
    method_permission_name = {"index": "read", "show": "read", "improve": "write"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        kind = choice_arg("kind", KIND_LABELS)
        page = page_arg()
        query = scoped(select(Evaluation), Evaluation)
        if kind:
            query = query.where(Evaluation.kind == kind)
        total = db.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = db.session.scalars(query.order_by(Evaluation.submitted_at.desc(), Evaluation.id.desc())
                                  .limit(PAGE_SIZE).offset(page * PAGE_SIZE)).all()
        may_enter = bool(role_names(g.user) & {ADMIN, PLATFORM_STAFF, WINDOW_STAFF})
        return self.render_template("qi/evaluations/list.html", rows=rows, total=total, page=page,
                                    page_size=PAGE_SIZE, kind=kind, kinds=KIND_LABELS, when=when,
                                    may_enter=may_enter, dimensions=DIMENSIONS)

    @expose("/<int:pk>")
    @has_access
    def show(self, pk):
        evaluation = scoped_or_404(Evaluation, pk)
        contents = db.session.scalars(select(EvaluationContent).where(EvaluationContent.evaluation_id == pk)).all()
        names = {c.id: c.name for c in content_categories(db.session)}
        staff = bool(role_names(g.user) & {ADMIN, PLATFORM_STAFF})
        need = db.session.get(Need, evaluation.need_id) if evaluation.need_id else None
        return self.render_template(
            "qi/evaluations/survey_show.html", evaluation=evaluation, need=need, dimensions=DIMENSIONS,
            contents=[names.get(c.category_id, c.category_id) for c in contents], when=when,
            cases=case_flow.cases_of(db.session, evaluation), formula=OVERALL_FORMULA,
            improvement_form=ImprovementForm(formdata=None, obj=evaluation) if staff else None)

    @expose("/<int:pk>/improvement", methods=["POST"])
    @has_access
    def improve(self, pk):
        evaluation = scoped_or_404(Evaluation, pk)
        if not role_names(g.user) & {ADMIN, PLATFORM_STAFF}:
            abort(403)
        form = ImprovementForm()
        if not form.validate_on_submit():
            flash(" ".join(m for ms in form.errors.values() for m in ms) or gettext("The form has expired. Please try again."),
                  "danger")
        else:
            evaluation.improvement = form.improvement.data.strip()
            db.session.commit()
            flash(gettext("The improvement measures are saved."), "success")
        return redirect(url_for(".show", pk=pk), code=303)


class DissatisfactionView(BaseView):
    """Dissatisfaction cases for the responsible institution or window, and staff: the cause is
    written down (open → analysed) and staff close the case."""

    route_base = "/evaluations/cases"
    method_permission_name = {"index": "read", "show": "read", "cause": "write", "close": "write"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        state = choice_arg("state", CASE_STATE_LABELS)
        page = page_arg()
        query = scoped(select(DissatisfactionCase), DissatisfactionCase)
        if state:
            query = query.where(DissatisfactionCase.state == state)
        total = db.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = db.session.scalars(query.options(selectinload(DissatisfactionCase.evaluation))
                                  .order_by(DissatisfactionCase.created_at.desc(), DissatisfactionCase.id.desc())
                                  .limit(PAGE_SIZE).offset(page * PAGE_SIZE)).all()
        return self.render_template("qi/evaluations/cases_list.html", rows=rows, total=total, page=page,
                                    page_size=PAGE_SIZE, state=state, states=CASE_STATE_LABELS, when=when,
                                    labels=dict(DIMENSIONS))

    @expose("/<int:pk>")
    @has_access
    def show(self, pk):
        case = scoped_or_404(DissatisfactionCase, pk)
        return self.render_template(
            "qi/evaluations/cases_show.html", case=case, labels=dict(DIMENSIONS), when=when,
            cause_form=CauseForm(formdata=None, obj=case) if case_flow.answers_for(g.user, case) else None,
            close_form=CaseStepForm() if case_flow.may_close(g.user) else None)

    def _step(self, pk, run):
        case = scoped_or_404(DissatisfactionCase, pk)
        try:
            run(case)
            db.session.commit()
        except case_flow.CaseError as refused:
            db.session.rollback()
            flash(str(refused), "danger")
        return redirect(url_for(".show", pk=pk), code=303)

    @expose("/<int:pk>/cause", methods=["POST"])
    @has_access
    def cause(self, pk):
        form = CauseForm()

        def run(case):
            if not case_flow.answers_for(g.user, case):
                abort(403)
            if not form.validate_on_submit():
                raise case_flow.CaseError(" ".join(m for ms in form.errors.values() for m in ms)
                                          or gettext("The form has expired. Please try again."))
            case_flow.record_cause(db.session, case, form.cause.data, g.user.username)
            flash(gettext("The cause is recorded."), "success")
        return self._step(pk, run)

    @expose("/<int:pk>/close", methods=["POST"])
    @has_access
    def close(self, pk):
        form = CaseStepForm()

        def run(case):
            if not case_flow.may_close(g.user):
                abort(403)
            if not form.validate_on_submit():
                raise case_flow.CaseError(gettext("The form has expired. Please try again."))
            case_flow.close_case(db.session, case)
            flash(gettext("The dissatisfaction case is closed."), "success")
        return self._step(pk, run)


def view_specs() -> list[dict]:
    """The evaluation pages and who may use them (``app.access``); rows are limited by their scope."""
    from ..roles import EVERYONE_READS

    menu = {"menu": _l("Evaluation and improvement"), "menu_icon": "fa-star-half-o"}  # one menu for clause 7
    return [
        {"view": SurveyView, "roles": EVERYONE_READS},
        {"view": NeedSurveyView, "roles": grant((ENTERPRISE,), READ_WRITE)},
        {"view": EvaluationListView, "name": _l("Satisfaction evaluations"), "icon": "fa-star-half-o",
         "roles": {**grant((PLATFORM_STAFF,), READ_WRITE), **grant((WINDOW_STAFF, INSTITUTION, ENTERPRISE), READ)},
         **menu},
        {"view": EvaluationEntryView, "name": _l("Enter an evaluation"), "icon": "fa-pencil-square-o",
         "roles": grant((PLATFORM_STAFF, WINDOW_STAFF), READ_WRITE), **menu},
        {"view": DissatisfactionView, "name": _l("Dissatisfaction cases"), "icon": "fa-frown-o",
         "roles": grant((PLATFORM_STAFF, WINDOW_STAFF, INSTITUTION), READ_WRITE), **menu},
    ]
