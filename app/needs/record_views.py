"""The forms of a need's archive and the views that take them: the service record, its documents,
return visits (6.3.2-4, 6.4.1-2).

The need page includes ``qi/needs/_record.html``, ``_documents.html`` and ``_visits.html``; they call
the Jinja global ``need_sections(need)`` for what they show and the forms they offer. Every view here
loads the need through its scope (``scoped_or_404``: a need the user may not see is a 404, whoever
owns it), then checks that the user may write (``records.may_keep_record``, ``visits.may_visit``:
403 otherwise), takes a POST with its CSRF token, and goes back to the need page with the outcome
(a refused value is a translated message, with nothing changed).
"""
from __future__ import annotations

from flask import abort, flash, g, redirect
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import gettext, lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from sqlalchemy.exc import SQLAlchemyError
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..accounts.uploads import UploadRefused, remove_stored, send_stored
from ..extensions import db
from ..scoping import acting_user, scoped_or_404
from . import documents, records, visits
from .channels import channel_label
from .models import Need, ReturnVisit
from .notices import need_url

# -- forms -------------------------------------------------------------------------------------


class RecordForm(FlaskForm):
    """The service record (6.3.2-4)."""

    items = TextAreaField(records.FIELD_LABELS["items"],
                          validators=[DataRequired(message=_l("Say what was served (the items).")), Length(max=4000)])
    cycle = StringField(records.FIELD_LABELS["cycle"], validators=[Optional(), Length(max=100)])
    price = StringField(records.FIELD_LABELS["price"], validators=[Optional(), Length(max=100)])
    started_on = DateField(records.FIELD_LABELS["started_on"], validators=[Optional()])
    finished_on = DateField(records.FIELD_LABELS["finished_on"], validators=[Optional()])
    follow_ups = TextAreaField(records.FIELD_LABELS["follow_ups"], validators=[Optional(), Length(max=4000)])
    problems = TextAreaField(records.FIELD_LABELS["problems"], validators=[Optional(), Length(max=4000)])
    coordination = TextAreaField(records.FIELD_LABELS["coordination"], validators=[Optional(), Length(max=4000)])


class DocumentForm(FlaskForm):
    """One document of the need."""

    kind = SelectField(_l("Kind of document"), choices=[], validators=[DataRequired()])
    file = FileField(_l("File"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [(code, str(label)) for code, label in documents.KIND_LABELS.items()]


class VisitForm(FlaskForm):
    """A return visit to schedule."""

    scheduled_on = DateField(_l("Visit on"), validators=[DataRequired(message=_l("Give the day of the visit."))])
    channel = SelectField(_l("How"), choices=[], validators=[DataRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.channel.choices = visits.channel_choices()


class VisitDoneForm(FlaskForm):
    """A return visit made."""

    done_on = DateField(_l("Done on"), validators=[DataRequired(message=_l("Give the day of the visit."))])
    done_by = StringField(_l("Done by"), validators=[Optional(), Length(max=128)])
    notes = TextAreaField(_l("What the enterprise said"),
                          validators=[DataRequired(message=_l("Write down what the enterprise said.")),
                                      Length(max=4000)])


def need_sections(need: Need) -> dict:
    """What the need page's archive partials show: the record, the documents, the visits, whether
    the signed-in user may change them, and the forms (Jinja global ``need_sections``). Computed once
    per request and need: the three partials share it."""
    cache = g.setdefault("qi_need_sections", {})
    if need.id not in cache:
        cache[need.id] = _sections(need)
    return cache[need.id]


def _sections(need: Need) -> dict:
    user = acting_user()
    record = records.record_of(db.session, need)
    may_keep, may_visit = records.may_keep_record(user, need), visits.may_visit(user, need)
    return {
        "record": record, "documents": documents.documents_of(db.session, need),
        "visits": visits.visits_of(db.session, need), "may_keep": may_keep, "may_visit": may_visit,
        "record_form": RecordForm(obj=record, formdata=None) if may_keep else None,
        "document_form": DocumentForm(formdata=None) if may_keep else None,
        "visit_form": VisitForm(formdata=None) if may_visit else None,
        "done_form": VisitDoneForm(formdata=None) if may_visit else None,
        "field_labels": records.FIELD_LABELS, "kind_labels": documents.SHOWN_KIND_LABELS,
        "channel_label": channel_label,
    }


def _form_errors(form) -> str:
    return " ".join(f"{getattr(form, name).label.text}: {message}" for name, messages in form.errors.items()
                    for message in messages)


def _back(need: Need, anchor: str):
    return redirect(f"{need_url(need)}#{anchor}", code=303)


def _commit() -> bool:
    try:
        db.session.commit()
        return True
    except SQLAlchemyError:
        db.session.rollback()
        return False


# -- views -------------------------------------------------------------------------------------


class NeedRecordView(BaseView):
    """The service record and the documents of a need: written by staff and the matched institution,
    documents read by everyone who may see the need."""

    route_base = "/needs"
    default_view = "download"
    method_permission_name = {"save_record": "write", "upload": "write", "download": "read"}

    def _writable(self, need_id: int) -> Need:
        need = scoped_or_404(Need, need_id)
        if not records.may_keep_record(g.user, need):
            abort(403)
        return need

    @expose("/record/<int:need_id>", methods=["POST"])
    @has_access
    def save_record(self, need_id):
        """Write the service record (6.3.2-4)."""
        need = self._writable(need_id)
        form = RecordForm()
        if not form.validate_on_submit():
            flash(_form_errors(form) or gettext("The form has expired. Please try again."), "danger")
            return _back(need, "qi-need-record")
        values = records.RecordValues(**{name: getattr(form, name).data for name in records.FIELD_LABELS})
        try:
            records.save_record(db.session, need, values, g.user.username)
        except records.RecordError as refused:
            db.session.rollback()
            flash(str(refused), "danger")
            return _back(need, "qi-need-record")
        if _commit():
            flash(gettext("The service record is saved."), "success")
        else:
            flash(gettext("The service record could not be saved. Please try again."), "danger")
        return _back(need, "qi-need-record")

    @expose("/record/<int:need_id>/documents", methods=["POST"])
    @has_access
    def upload(self, need_id):
        """Add a report, certificate or other document; a refused or failed upload keeps nothing."""
        need = self._writable(need_id)
        form = DocumentForm()
        if not form.validate_on_submit():
            flash(_form_errors(form) or gettext("The form has expired. Please try again."), "danger")
            return _back(need, "qi-need-documents")
        try:
            document, stored = documents.add_document(db.session, need, form.kind.data, form.file.data,
                                                      g.user.username)
        except (UploadRefused, documents.DocumentError) as refused:
            flash(str(refused), "danger")
            return _back(need, "qi-need-documents")
        if _commit():
            flash(gettext("%(name)s is added to the need.", name=document.filename), "success")
        else:
            remove_stored(stored)  # the row is gone: the file must not stay behind
            flash(gettext("The document could not be saved. Please try again."), "danger")
        return _back(need, "qi-need-documents")

    @expose("/documents/<int:doc_id>")
    @has_access
    def download(self, doc_id):
        """A document, for whoever may see its need."""
        document = documents.visible_document(db.session, doc_id)
        if document is None:
            abort(404)
        return send_stored(document.stored_name, document.filename, documents.content_type(document.stored_name))


class ReturnVisitView(BaseView):
    """Return visits (6.4.1-2): scheduled and recorded by staff."""

    route_base = "/needs"
    default_view = "schedule"
    method_permission_name = {"schedule": "write", "record": "write"}

    @expose("/record/<int:need_id>/visits", methods=["POST"])
    @has_access
    def schedule(self, need_id):
        """Schedule a return visit of a need whose result was told."""
        need = scoped_or_404(Need, need_id)
        if not records.acts_as_staff(g.user, need):
            abort(403)
        form = VisitForm()
        if not form.validate_on_submit():
            flash(_form_errors(form) or gettext("The form has expired. Please try again."), "danger")
            return _back(need, "qi-need-visits")
        try:
            visits.schedule_visit(db.session, need, form.scheduled_on.data, form.channel.data)
        except visits.VisitError as refused:
            db.session.rollback()
            flash(str(refused), "danger")
            return _back(need, "qi-need-visits")
        if _commit():
            flash(gettext("The return visit is scheduled for %(date)s.", date=form.scheduled_on.data.isoformat()),
                  "success")
        return _back(need, "qi-need-visits")

    @expose("/visits/<int:visit_id>", methods=["POST"])
    @has_access
    def record(self, visit_id):
        """Record a scheduled visit as done."""
        visit = db.session.get(ReturnVisit, visit_id)
        if visit is None:
            abort(404)
        need = scoped_or_404(Need, visit.need_id)
        if not records.acts_as_staff(g.user, need):
            abort(403)
        form = VisitDoneForm()
        if not form.validate_on_submit():
            flash(_form_errors(form) or gettext("The form has expired. Please try again."), "danger")
            return _back(need, "qi-need-visits")
        try:
            visits.record_visit(db.session, visit, form.done_on.data, form.done_by.data or g.user.username,
                                form.notes.data)
        except visits.VisitError as refused:
            db.session.rollback()
            flash(str(refused), "danger")
            return _back(need, "qi-need-visits")
        if _commit():
            flash(gettext("The return visit is recorded."), "success")
        return _back(need, "qi-need-visits")


def view_specs() -> list[dict]:
    """The archive's views and who may use them (``app.access``); rows are limited by the need's scope."""
    from ..roles import ENTERPRISE, INSTITUTION, PLATFORM_STAFF, READ, READ_WRITE, WINDOW_STAFF, grant

    return [
        {"view": NeedRecordView,
         "roles": {**grant((PLATFORM_STAFF, WINDOW_STAFF, INSTITUTION), READ_WRITE), **grant((ENTERPRISE,), READ)}},
        {"view": ReturnVisitView, "roles": grant((PLATFORM_STAFF, WINDOW_STAFF), READ_WRITE)},
    ]
