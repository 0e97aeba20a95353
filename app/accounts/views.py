"""Registration, the applicant's own pages, staff review, file downloads, and the scoped CRUD views."""
from __future__ import annotations

import datetime as dt

from flask import abort, flash, g, make_response, redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.actions import action
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import gettext, lazy_gettext as _l
from flask_login import login_user
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import joinedload

from ..i18n.enums import join_list
from ..crud import ScopedModelRestApi, ScopedModelView
from ..extensions import db
from ..notify.models import Message
from ..regions.models import Region
from ..roles import ENTERPRISE, INSTITUTION
from ..scoping import scoped, user_organisation_id
from ..web.privacy import policy_version
from ..workdays import today
from . import workflow
from .forms import ChangeForm, DecisionForm, DeregisterForm, OrganisationFields, RegistrationForm
from .institution_types import institution_types, type_label
from .visibility import is_public_organisation
from .models import (APPROVED, ATTACHMENT_LABELS, DEREGISTERED, INSTITUTION as INSTITUTION_KIND,
                     KINDS, LICENCE, REJECTED, REQUIRED_ATTACHMENTS, RETURNED, STATUS_LABELS, SUBMITTED, SUPPORTING,
                     ChangeRequest, Organisation, OrganisationAttachment, OrganisationEvent, UserProfile)
from .uploads import UploadRefused, check_upload, send_stored, store, stored_path

ORG_FIELDS = ("uscc", "name", "legal_representative", "address", "region_code", "industry", "contact_person",
              "contact_phone", "description")
MISSING_LABELS = {**ATTACHMENT_LABELS, "information": _l("Organisation details"),
                  "id_check": _l("Identity of the applicant")}
EVENT_LABELS = {
    "submitted": _l("Application submitted"), "resubmitted": _l("Application completed and resubmitted"),
    "approved": _l("Approved"), "rejected": _l("Rejected"), "returned": _l("Returned for completion"),
    "change_submitted": _l("Change filed"), "change_approved": _l("Change approved"),
    "change_rejected": _l("Change rejected"), "change_returned": _l("Change returned for completion"),
    "deregistered": _l("Deregistered by the organisation"), "deregistered_by_staff": _l("Deregistered by the platform"),
}


def region_choices() -> list[tuple[str, str]]:
    regions = db.session.scalars(select(Region).where(Region.active.is_(True)).order_by(Region.code))
    return [("", "—")] + [(r.code, ("　" if r.level > 1 else "") + r.name) for r in regions]


def checked_files(form, purposes: list[str], required: list[str]) -> tuple[dict, bool]:
    """The acceptable files of ``form`` by purpose; refused or missing ones become field errors."""
    files, ok = {}, True
    for purpose in purposes:
        field = getattr(form, purpose)
        try:
            checked = check_upload(field.data)
        except UploadRefused as refused:
            field.errors = list(field.errors) + [str(refused)]
            ok = False
            continue
        if checked is None and purpose in required:
            field.errors = list(field.errors) + [gettext("Please attach this file.")]
            ok = False
        elif checked is not None:
            files[purpose] = checked
    return files, ok


def save_attachments(organisation, files: dict, actor: str, change=None) -> list[str]:
    """Store the files and record them; returns the stored names (to remove them if the commit fails)."""
    names = []
    for purpose, checked in files.items():
        name = store(checked)
        names.append(name)
        db.session.add(OrganisationAttachment(
            organisation=organisation, change_request=change, purpose=purpose, filename=checked.filename,
            stored_name=name, content_type=checked.content_type, size=len(checked.data), sha256=checked.sha256,
            uploaded_by=actor))
    return names


def discard(stored_names: list[str]) -> None:
    for name in stored_names:
        stored_path(name).unlink(missing_ok=True)


def commit_or_keep(stored_names: list[str]) -> bool:
    """Commit; on a database error roll back and delete the files just stored (the form is shown
    again with what the user typed, so nothing they entered is lost)."""
    try:
        db.session.commit()
        return True
    except IntegrityError:
        db.session.rollback()
        discard(stored_names)
        return False


def current_profile() -> UserProfile | None:
    return db.session.scalar(select(UserProfile).where(UserProfile.user_id == g.user.id))


class RegistrationView(BaseView):
    """Self-registration of an enterprise or institution with its application (6.1-1, 6.1-2)."""

    route_base = "/register"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/", methods=["GET", "POST"])
    @has_access
    def index(self):
        form = RegistrationForm()
        form.region_code.choices = region_choices()
        if request.method == "GET":
            form.kind.data = request.args.get("kind") if request.args.get("kind") in KINDS else "enterprise"
        if request.method == "POST":
            valid = form.validate_on_submit()
            kind = form.kind.data
            if kind == INSTITUTION_KIND and not form.institution_types.data:
                form.institution_types.errors = [gettext("Choose at least one institution type.")]
                valid = False
            if self._taken(form):
                valid = False
            required = REQUIRED_ATTACHMENTS.get(kind, [LICENCE])
            files, files_ok = checked_files(form, required, required)
            if valid and files_ok:
                user = self._register(form, kind, files)
                if user is not None:
                    login_user(user, remember=False)
                    flash(gettext("Registration received. The platform reviews it within 3 working days."), "success")
                    return redirect(url_for("MyOrganisationView.organisation"))
                # A simultaneous registration may have taken the name first: say so, on its field.
                if not self._taken(form):
                    flash(gettext("Your registration could not be saved. Please try again."), "danger")
            return self.render_template("accounts/register.html", form=form, kind=kind), 422
        return self.render_template("accounts/register.html", form=form, kind=form.kind.data)

    def _taken(self, form) -> bool:
        """Mark the login, e-mail and credit code already registered by someone else; True if any."""
        sm, taken = self.appbuilder.sm, False
        if form.login.data and sm.find_user(username=form.login.data.strip()):
            form.login.errors = list(form.login.errors) + [gettext("This login name is taken.")]
            taken = True
        if form.email.data and sm.find_user(email=form.email.data.strip()):
            form.email.errors = list(form.email.errors) + [gettext("This e-mail address is already registered.")]
            taken = True
        if form.uscc.data and db.session.scalar(select(Organisation.id).where(Organisation.uscc == form.uscc.data)):
            form.uscc.errors = list(form.uscc.errors) + [gettext("An organisation with this credit code is already registered.")]
            taken = True
        return taken

    def _register(self, form, kind, files):
        """User, profile, organisation, files and the application in one transaction: the user, or
        None with nothing kept when a unique name was taken meanwhile (by a simultaneous request,
        whose rows must stay untouched)."""
        sm = self.appbuilder.sm
        role = sm.find_role(INSTITUTION if kind == INSTITUTION_KIND else ENTERPRISE)
        organisation = Organisation(kind=kind, institution_types=",".join(form.institution_types.data or []),
                                    **{f: (getattr(form, f).data or "").strip() or None for f in ORG_FIELDS})
        db.session.add(organisation)
        stored = []
        try:
            # commit=False: FAB's add_user would otherwise commit the user alone, half a registration
            user = sm.add_user(form.login.data.strip(), form.display_name.data.strip(), "", form.email.data.strip(),
                               role, form.password.data, commit=False)
            if not user:  # add_user has rolled the whole transaction back
                return None
            db.session.add(UserProfile(user_id=user.id, organisation=organisation, real_name=form.real_name.data.strip(),
                                       id_number=form.id_number.data, display_name=form.display_name.data.strip(),
                                       phone=form.login.data.strip() if form.login.data.strip().isdigit() else None,
                                       privacy_consent_at=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None),
                                       privacy_version=policy_version()))
            stored = save_attachments(organisation, files, user.username)
            db.session.flush()
            workflow.submit_application(db.session, organisation, user.username)
            db.session.commit()
            return user
        except (IntegrityError, OperationalError):  # OperationalError: SQLite's lock between two writers
            db.session.rollback()
            discard(stored)
            return None


RECORDS_SHOWN = 20  # of each list on the organisation's own page


def organisation_with_totals(org_id: int) -> tuple[Organisation | None, dict]:
    """The organisation and how many change requests, files and history entries it has, in one
    statement."""
    totals = [select(func.count()).select_from(model).where(model.organisation_id == org_id).scalar_subquery()
              for model in (ChangeRequest, OrganisationAttachment, OrganisationEvent)]
    row = db.session.execute(select(Organisation, *totals).where(Organisation.id == org_id)).one_or_none()
    if row is None:
        return None, {}
    return row[0], dict(zip(("changes", "attachments", "events"), row[1:]))


def organisation_records(org_id: int, totals: dict) -> dict:
    """The newest change requests, files and history entries of an organisation, ``RECORDS_SHOWN`` of
    each (the files in force of every purpose always among them), with how many there are in all
    (``totals``, from ``organisation_with_totals``): an organisation with years of changes gets a
    page of bounded size."""
    newest = (select(OrganisationAttachment.id).where(OrganisationAttachment.organisation_id == org_id)
              .order_by(OrganisationAttachment.id.desc()).limit(RECORDS_SHOWN))
    in_force = (select(func.max(OrganisationAttachment.id))
                .where(OrganisationAttachment.organisation_id == org_id,
                       OrganisationAttachment.change_request_id.is_(None))
                .group_by(OrganisationAttachment.purpose))
    return {
        "changes": db.session.scalars(select(ChangeRequest).where(ChangeRequest.organisation_id == org_id)
                                      .order_by(ChangeRequest.id.desc()).limit(RECORDS_SHOWN)).all(),
        "attachments": db.session.scalars(select(OrganisationAttachment).where(
            or_(OrganisationAttachment.id.in_(newest.scalar_subquery()),
                OrganisationAttachment.id.in_(in_force.scalar_subquery())))
            .order_by(OrganisationAttachment.id)).all(),
        "events": db.session.scalars(select(OrganisationEvent).where(OrganisationEvent.organisation_id == org_id)
                                     .order_by(OrganisationEvent.id.desc()).limit(RECORDS_SHOWN)).all()[::-1],
        "totals": totals,
        "shown": RECORDS_SHOWN,
    }


class MyOrganisationView(BaseView):
    """The applicant's page: status, deadline, what is missing, history, and the next step."""

    route_base = "/account"
    method_permission_name = {"organisation": "read", "resubmit": "write", "change": "write", "deregister": "write"}
    default_view = "organisation"

    @staticmethod
    def opens_for(user) -> bool:
        """Links here are shown only to a member of an organisation (``app.web.link_access``): an
        administrator holds the permission but has no organisation, and would find no page."""
        return bool(getattr(user, "is_authenticated", False)) and user_organisation_id(user) is not None

    def _mine(self) -> Organisation:
        org_id = user_organisation_id(g.user)
        organisation = db.session.get(Organisation, org_id) if org_id else None
        if organisation is None:
            abort(404)
        return organisation

    @expose("/organisation/")
    @has_access
    def organisation(self):
        org_id = user_organisation_id(g.user)
        organisation, totals = organisation_with_totals(org_id) if org_id else (None, {})
        if organisation is None:
            abort(404)
        return self.render_template("accounts/my_organisation.html", org=organisation,
                                    **organisation_records(organisation.id, totals), labels=ATTACHMENT_LABELS,
                                    event_labels=EVENT_LABELS, types=institution_types(),
                                    missing_labels=MISSING_LABELS)

    @expose("/organisation/resubmit", methods=["GET", "POST"])
    @has_access
    def resubmit(self):
        """Complete a returned application and send it again; files not sent again are kept."""
        organisation = self._mine()
        if organisation.status != RETURNED:
            flash(gettext("Only an application returned for completion can be resubmitted."), "warning")
            return redirect(url_for(".organisation"))
        form = OrganisationFields(obj=organisation) if request.method == "GET" else OrganisationFields()
        form.region_code.choices = region_choices()
        if request.method == "GET":
            form.institution_types.data = organisation.types
        purposes = REQUIRED_ATTACHMENTS.get(organisation.kind, [LICENCE])
        if request.method == "POST":
            valid = form.validate_on_submit()
            taken = db.session.scalar(select(Organisation.id).where(Organisation.uscc == form.uscc.data,
                                                                    Organisation.id != organisation.id))
            if taken:
                form.uscc.errors = list(form.uscc.errors) + [gettext("An organisation with this credit code is already registered.")]
                valid = False
            have = organisation.current_attachments()
            files, files_ok = checked_files(form, purposes, [p for p in purposes if p not in have])
            if valid and files_ok:
                for field in ORG_FIELDS:
                    setattr(organisation, field, (getattr(form, field).data or "").strip() or None)
                if organisation.kind == INSTITUTION_KIND:
                    organisation.institution_types = ",".join(form.institution_types.data or [])
                stored = save_attachments(organisation, files, g.user.username)
                workflow.submit_application(db.session, organisation, g.user.username)
                if commit_or_keep(stored):
                    flash(gettext("Application resubmitted. The platform reviews it within 3 working days."), "success")
                    return redirect(url_for(".organisation"))
                flash(gettext("Your changes could not be saved. Please try again."), "danger")
            return self.render_template("accounts/resubmit.html", form=form, org=organisation, purposes=purposes,
                                        missing_labels=MISSING_LABELS), 422
        return self.render_template("accounts/resubmit.html", form=form, org=organisation, purposes=purposes,
                                    missing_labels=MISSING_LABELS)

    @expose("/organisation/change", methods=["GET", "POST"])
    @has_access
    def change(self):
        organisation = self._mine()
        if organisation.status != APPROVED:
            flash(gettext("Changes are filed once the registration is approved."), "warning")
            return redirect(url_for(".organisation"))
        form = ChangeForm()
        if request.method == "POST":
            valid = form.validate_on_submit()
            files, files_ok = checked_files(form, [LICENCE, SUPPORTING], [LICENCE])
            if valid and files_ok:
                change = workflow.submit_change(
                    db.session, organisation, g.user.username, form.changed_on_date.data, (form.new_name.data or "").strip(),
                    (form.new_address.data or "").strip(), (form.new_legal_representative.data or "").strip())
                stored = save_attachments(organisation, files, g.user.username, change=change)
                if commit_or_keep(stored):
                    if workflow.is_late(change):
                        flash(gettext("Changes should be filed within one month of the change (clause 6.1-3)."), "warning")
                    flash(gettext("Change filed. The platform reviews it within 3 working days."), "success")
                    return redirect(url_for(".organisation"))
            return self.render_template("accounts/change.html", form=form, org=organisation), 422
        return self.render_template("accounts/change.html", form=form, org=organisation)

    @expose("/organisation/deregister", methods=["GET", "POST"])
    @has_access
    def deregister(self):
        organisation = self._mine()
        if organisation.kind != INSTITUTION_KIND or organisation.status == DEREGISTERED:
            abort(404)
        form = DeregisterForm()
        if form.validate_on_submit():
            workflow.deregister(db.session, organisation, g.user.username, form.reason.data,
                                closure_date=form.closure_date.data)
            db.session.commit()
            if workflow.deregistration_is_late(form.closure_date.data):
                flash(gettext("A closed institution should deregister within one month of its closure "
                              "(clause 6.1-4); this deregistration is recorded as late."), "warning")
            flash(gettext("Your institution is deregistered. Its records stay on file."), "success")
            return redirect(self.appbuilder.get_url_for_index)  # its sessions ended with it
        return self.render_template("accounts/deregister.html", form=form, org=organisation,
                                    action=url_for(".deregister"))


QUEUE_PAGE_SIZE = 25
QUEUE_MAX_PAGE = 100_000


def queue_page(raw: str | None) -> int:
    """The page number of a queue from ``?page=`` (1 when absent); anything but a whole number from
    1 to ``QUEUE_MAX_PAGE`` is a bad request (400), never a server error."""
    if raw is None or raw == "":
        return 1
    if not raw.isdigit() or not 1 <= int(raw) <= QUEUE_MAX_PAGE:
        abort(400)
    return int(raw)


class ReviewView(BaseView):
    """The staff's review queue: applications and changes by due date, overdue first (6.1-6)."""

    route_base = "/review"
    method_permission_name = {"queue": "read", "organisation": "write", "change": "write", "deregister": "write"}
    default_view = "queue"

    @expose("/")
    @has_access
    def queue(self):
        """One page of each queue (``QUEUE_PAGE_SIZE`` rows, ``?page=`` from 1), so its cost does not
        grow with the number pending; labels and link prefixes are computed once per page, not per row."""
        page = queue_page(request.args.get("page"))
        offset = (page - 1) * QUEUE_PAGE_SIZE
        pending_orgs = Organisation.status == SUBMITTED
        pending_changes = ChangeRequest.status == SUBMITTED
        application_count, change_count = db.session.execute(select(  # both counts in one statement
            select(func.count()).select_from(Organisation).where(pending_orgs).scalar_subquery(),
            select(func.count()).select_from(ChangeRequest).where(pending_changes).scalar_subquery())).one()
        applications = db.session.scalars(select(Organisation).where(pending_orgs)
                                          .order_by(Organisation.review_due_on, Organisation.id)
                                          .offset(offset).limit(QUEUE_PAGE_SIZE)).all()
        changes = db.session.scalars(select(ChangeRequest).where(pending_changes)
                                     .options(joinedload(ChangeRequest.organisation))
                                     .order_by(ChangeRequest.review_due_on, ChangeRequest.id)
                                     .offset(offset).limit(QUEUE_PAGE_SIZE)).all()
        pages = max(1, -(-max(application_count, change_count) // QUEUE_PAGE_SIZE))
        if page > pages:
            abort(400)
        links = {"organisation": url_for(".organisation", pk=0)[:-1], "change": url_for(".change", pk=0)[:-1],
                 "page": url_for(".queue") + "?page="}
        labels = {"overdue": gettext("Overdue"), "late": gettext("Filed more than a month after the change")}
        return self.render_template("accounts/review_queue.html", applications=applications, changes=changes,
                                    application_count=application_count, change_count=change_count,
                                    page=page, pages=pages, links=links, labels=labels,
                                    late={c.id for c in changes if workflow.is_late(c)},
                                    today=today(), kinds=KINDS)

    def _decision_form(self, purposes):
        form = DecisionForm()
        form.missing.choices = [(p, MISSING_LABELS[p]) for p in [*purposes, "information", "id_check"]]
        return form

    @expose("/organisation/<int:pk>", methods=["GET", "POST"])
    @has_access
    def organisation(self, pk):
        organisation = db.session.get(Organisation, pk) or abort(404)
        form = self._decision_form(REQUIRED_ATTACHMENTS.get(organisation.kind, [LICENCE]))
        if request.method == "POST" and form.validate_on_submit():
            decision = request.form.get("decision")
            try:
                if decision == APPROVED:
                    workflow.approve(db.session, organisation, g.user.username)
                elif decision == REJECTED:
                    workflow.reject(db.session, organisation, g.user.username, form.reason.data or "")
                elif decision == RETURNED:
                    workflow.return_for_completion(db.session, organisation, g.user.username,
                                                   form.missing.data or [], form.reason.data or "")
                else:
                    abort(400)
            except workflow.WorkflowError:
                db.session.rollback()
                flash(gettext("Give a reason when rejecting, and what is missing when returning."), "danger")
                return self._organisation_page(organisation, form), 422
            db.session.commit()
            flash(gettext("Decision recorded and the applicant notified."), "success")
            return redirect(url_for(".queue"))
        return self._organisation_page(organisation, form)

    def _organisation_page(self, organisation, form):
        from ..audit.trail import viewed

        profiles = db.session.scalars(select(UserProfile).where(UserProfile.organisation_id == organisation.id)).all()
        viewed("qi_organisation", organisation.id, page="review", fields=["contact_person", "contact_phone"],
               members=[p.id for p in profiles])
        return self.render_template("accounts/review_organisation.html", org=organisation, form=form,
                                    profiles=profiles, labels=ATTACHMENT_LABELS, event_labels=EVENT_LABELS,
                                    types=institution_types(), today=today(), deregister_form=DeregisterForm())

    @expose("/change/<int:pk>", methods=["GET", "POST"])
    @has_access
    def change(self, pk):
        change = db.session.get(ChangeRequest, pk) or abort(404)
        form = self._decision_form([LICENCE, SUPPORTING])
        if request.method == "POST" and form.validate_on_submit():
            try:
                workflow.decide_change(db.session, change, g.user.username, request.form.get("decision", ""),
                                       form.reason.data or "", form.missing.data or [])
            except workflow.WorkflowError:
                db.session.rollback()
                flash(gettext("Give a reason when rejecting, and what is missing when returning."), "danger")
                return self.render_template("accounts/review_change.html", change=change, form=form,
                                            late=workflow.is_late(change), labels=ATTACHMENT_LABELS), 422
            db.session.commit()
            flash(gettext("Decision recorded and the applicant notified."), "success")
            return redirect(url_for(".queue"))
        return self.render_template("accounts/review_change.html", change=change, form=form,
                                    late=workflow.is_late(change), labels=ATTACHMENT_LABELS)

    @expose("/organisation/<int:pk>/deregister", methods=["POST"])
    @has_access
    def deregister(self, pk):
        """Deregister an organisation whose qualification was revoked (6.1-4, "may")."""
        organisation = db.session.get(Organisation, pk) or abort(404)
        form = DeregisterForm()
        if not form.validate_on_submit():
            flash(gettext("Please give the reason."), "danger")
            return redirect(url_for(".organisation", pk=pk))
        try:
            workflow.deregister(db.session, organisation, g.user.username, form.reason.data,
                                closure_date=form.closure_date.data, by_staff=True)
        except workflow.WorkflowError:
            db.session.rollback()
            abort(409)
        db.session.commit()
        flash(gettext("%(name)s is deregistered.", name=organisation.name), "success")
        return redirect(url_for(".organisation", pk=pk))


class FilesView(BaseView):
    """Uploaded files, served only to the owning organisation and staff."""

    route_base = "/files"
    method_permission_name = {"download": "read"}
    default_view = "download"

    @expose("/<int:pk>")
    @has_access
    def download(self, pk):
        attachment = db.session.scalar(scoped(select(OrganisationAttachment).where(OrganisationAttachment.id == pk),
                                              OrganisationAttachment))
        if attachment is None:
            abort(404)
        return send_stored(attachment.stored_name, attachment.filename, attachment.content_type)


# -- scoped CRUD views and APIs ------------------------------------------------------------------

ORG_LABELS = {
    "kind": _l("Kind"), "uscc": _l("Unified social credit code"), "name": _l("Organisation name"),
    "legal_representative": _l("Legal representative"), "address": _l("Address"), "region_code": _l("Region"),
    "industry": _l("Industry"), "contact_person": _l("Contact person"), "contact_phone": _l("Contact phone"),
    "status": _l("Status"), "review_due_on": _l("Review due on"), "submitted_on": _l("Submitted on"),
    "institution_types": _l("Institution type"), "closure_date": _l("Closure date"),
    "decision_reason": _l("Reason or note"), "description": _l("Services offered"),
}


class OrganisationView(ScopedModelView):
    datamodel = SQLAInterface(Organisation)
    list_title = _l("Organisations")
    show_title = _l("Organisation")
    list_columns = ["name", "kind", "uscc", "region_code", "status", "review_due_on"]
    show_columns = ["name", "kind", "institution_types", "uscc", "legal_representative", "address", "region_code",
                    "industry", "contact_person", "contact_phone", "description", "status", "submitted_on",
                    "review_due_on", "decision_reason", "closure_date"]
    edit_columns = ["name", "institution_types", "legal_representative", "address", "region_code", "industry",
                    "contact_person", "contact_phone", "description"]
    search_columns = ["name", "uscc", "kind", "status", "region_code"]
    base_order = ("id", "desc")
    base_permissions = ["can_read", "can_write"]
    include_route_methods = {"list", "show", "edit", "export"}
    label_columns = ORG_LABELS
    formatters_columns = {"status": lambda s: str(STATUS_LABELS.get(s, s)), "kind": lambda k: str(KINDS.get(k, k)),
                          "institution_types": lambda codes: join_list(type_label(c) for c in (codes or "").split(",") if c)}

    def _show(self, pk):
        """An organisation's contact person and phone are personal data: each page shown is recorded
        (the public page of an institution shows only what it publishes)."""
        from ..audit.trail import viewed

        widgets = super()._show(pk)
        viewed("qi_organisation", pk, page="show", fields=["contact_person", "contact_phone"])
        return widgets


class OrganisationAttachmentView(ScopedModelView):
    datamodel = SQLAInterface(OrganisationAttachment)
    list_title = _l("Attachments")
    list_columns = ["organisation", "purpose", "filename", "size", "uploaded_on"]
    show_columns = list_columns + ["content_type", "sha256", "uploaded_by"]
    base_order = ("id", "desc")
    include_route_methods = {"list", "show", "export"}
    label_columns = {"organisation": _l("Organisation"), "purpose": _l("Purpose"), "filename": _l("File name"),
                     "size": _l("Size (bytes)"), "uploaded_on": _l("Uploaded on"), "content_type": _l("File type"),
                     "sha256": _l("SHA-256"), "uploaded_by": _l("Uploaded by"),
                     "change_request": _l("Change request"), "stored_name": _l("Stored file name")}
    formatters_columns = {"purpose": lambda p: str(ATTACHMENT_LABELS.get(p, p))}


class ChangeRequestView(ScopedModelView):
    datamodel = SQLAInterface(ChangeRequest)
    list_title = _l("Change requests")
    list_columns = ["organisation", "new_name", "new_address", "new_legal_representative", "changed_on_date", "status"]
    show_columns = list_columns + ["old_values", "submitted_on", "review_due_on", "decision_reason"]
    base_order = ("id", "desc")
    include_route_methods = {"list", "show", "export"}
    label_columns = {"organisation": _l("Organisation"), "new_name": _l("New name"), "new_address": _l("New address"),
                     "new_legal_representative": _l("New legal representative"),
                     "changed_on_date": _l("Date of the change"), "status": _l("Status"), "old_values": _l("Old values"),
                     "submitted_on": _l("Submitted on"), "review_due_on": _l("Review due on"),
                     "decision_reason": _l("Reason or note"), "attachments": _l("Attachments"),
                     "decided_on": _l("Decided on"), "missing": _l("Missing items")}
    formatters_columns = {"status": lambda s: str(STATUS_LABELS.get(s, s))}


class UserProfileView(ScopedModelView):
    """Members of organisations; ID numbers are shown masked, and whole only to Admin on a POST
    (``reveal``). Their phones are personal data: every page of the list, every member shown and
    every number revealed is written to the audit trail."""

    method_permission_name = {**ScopedModelView.method_permission_name, "reveal": "reveal"}

    def _list(self, **kwargs):
        from ..audit.trail import viewed

        widgets = super()._list(**kwargs)
        viewed("qi_user_profile", None, page="list", arguments=request.args.to_dict(flat=False))
        return widgets

    show_template = "accounts/member_show.html"

    def _show(self, pk):
        from ..audit.trail import viewed

        widgets = super()._show(pk)
        viewed("qi_user_profile", pk, page="show")
        return widgets

    @expose("/reveal/<int:pk>", methods=["POST"])
    @has_access
    def reveal(self, pk):
        """The whole ID number, for the roles granted ``can_reveal`` (Admin only), once per POST and
        recorded in the audit trail."""
        from ..audit.trail import viewed
        from ..scoping import scoped_or_404

        profile = scoped_or_404(UserProfile, pk)
        viewed("qi_user_profile", pk, page="reveal", field="id_number")
        response = make_response(self.render_template("accounts/member_revealed.html", profile=profile))
        response.headers["Cache-Control"] = "no-store"  # the whole number stays in no cache
        return response

    datamodel = SQLAInterface(UserProfile)
    list_title = _l("Members")
    list_columns = ["display_name", "real_name", "id_number_masked", "organisation", "phone"]
    show_columns = list_columns + ["created_on", "privacy_consent_at", "privacy_version"]
    include_route_methods = {"list", "show", "export", "reveal"}
    label_columns = {"display_name": _l("Name shown on the platform"), "real_name": _l("Real name"),
                     "id_number_masked": _l("ID number"), "organisation": _l("Organisation"), "phone": _l("Phone"),
                     "created_on": _l("Created on"), "user": _l("User account"), "id_number": _l("ID number"),
                     "privacy_consent_at": _l("Consent to the privacy policy"),
                     "privacy_version": _l("Privacy policy version")}


class MessageView(ScopedModelView):
    """Each user's own site messages."""

    datamodel = SQLAInterface(Message)
    list_title = _l("My messages")
    list_columns = ["created_on", "title", "read_on"]
    show_columns = ["created_on", "title", "body", "url"]
    base_order = ("id", "desc")
    include_route_methods = {"list", "show", "action", "action_post"}
    label_columns = {"created_on": _l("Sent on"), "title": _l("Title"), "body": _l("Message"), "url": _l("Link"),
                     "read_on": _l("Read on"), "title_zh": _l("Title (Chinese)"), "title_en": _l("Title (English)"),
                     "body_zh": _l("Message (Chinese)"), "body_en": _l("Message (English)")}

    @action("mark_read", _l("Mark as read"), "", "fa-check", multiple=True, single=True)
    def mark_read(self, messages):
        """Opening a message changes nothing (GET); the user marks it read with this button (POST)."""
        moment = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        for message in messages if isinstance(messages, list) else [messages]:
            message.read_on = message.read_on or moment
        db.session.commit()
        return redirect(url_for(".list"))


class OrganisationApi(ScopedModelRestApi):
    resource_name = "organisation"
    datamodel = SQLAInterface(Organisation)
    list_columns = show_columns = ["id", "kind", "institution_types", "uscc", "name", "legal_representative",
                                   "address", "region_code", "industry", "contact_person", "contact_phone", "status"]
    edit_columns = ["name", "address", "legal_representative", "industry", "contact_person", "contact_phone"]
    include_route_methods = {"get", "get_list", "put", "info"}


class OrganisationAttachmentApi(ScopedModelRestApi):
    resource_name = "organisation_attachment"
    datamodel = SQLAInterface(OrganisationAttachment)
    list_columns = show_columns = ["id", "organisation.id", "organisation.name", "purpose", "filename", "content_type", "size", "uploaded_on"]
    include_route_methods = {"get", "get_list", "info"}


class OrganisationPageView(BaseView):
    """The public page of an approved institution or resource."""

    route_base = "/organisations"
    method_permission_name = {"show": "read"}
    default_view = "show"

    @expose("/<int:pk>")
    @has_access
    def show(self, pk):
        organisation = db.session.get(Organisation, pk)
        if not is_public_organisation(organisation) or organisation.kind == "enterprise":
            abort(404)
        region = db.session.scalar(select(Region).where(Region.code == organisation.region_code))
        return self.render_template("accounts/organisation_page.html", org=organisation, region=region,
                                    types=institution_types())


def view_specs() -> list[dict]:
    """Registration, review and the organisations' records, and who may use them (``app.access``)."""
    from ..roles import APPLICANT, EVERYONE_READS, MEMBERS, READ, READ_WRITE, SIGNED_IN, STAFF, STAFF_ONLY, grant

    mine = {"menu": _l("Personal"), "menu_icon": "fa-user-circle"}
    orgs = {"menu": _l("Organisations"), "menu_icon": "fa-sitemap"}
    # Members read their own organisation's records (scoped); staff read every organisation's.
    records = grant((*STAFF, *MEMBERS), READ)
    organisation = {"resource": "Organisation", "roles": {**grant(MEMBERS, READ), **STAFF_ONLY}}
    attachments = {"resource": "OrganisationAttachment", "roles": records}
    return [
        {"view": RegistrationView, "resource": "PublicPages", "roles": EVERYONE_READS},
        {"view": OrganisationPageView, "resource": "PublicPages", "roles": EVERYONE_READS},
        {"view": FilesView, "roles": grant((*STAFF, *MEMBERS, APPLICANT), READ)},
        {"view": MyOrganisationView, "name": _l("Registration status"), "icon": "fa-id-card",
         "roles": grant((*MEMBERS, APPLICANT), READ_WRITE), **mine},
        {"view": MessageView, "name": _l("My messages"), "icon": "fa-envelope",
         "roles": grant(SIGNED_IN, READ_WRITE), **mine},
        {"view": ReviewView, "name": _l("Review queue"), "icon": "fa-gavel", "roles": STAFF_ONLY, **orgs},
        {"view": OrganisationView, "name": _l("Organisations"), "icon": "fa-building", **organisation, **orgs},
        {"view": ChangeRequestView, "name": _l("Change requests"), "icon": "fa-exchange", "roles": records, **orgs},
        {"view": OrganisationAttachmentView, "name": _l("Attachments"), "icon": "fa-paperclip", **attachments,
         **orgs},
        {"view": UserProfileView, "name": _l("Members"), "icon": "fa-users", "roles": records, **orgs},
        {"view": OrganisationApi, **organisation},
        {"view": OrganisationAttachmentApi, **attachments},
    ]
