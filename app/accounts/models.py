"""Organisations and the people who act for them.

An organisation (enterprise, technical institution, or a government or university resource) is
registered by one of its users, reviewed by platform staff within 3 working days (6.1-6), may file
changes of name, address or legal representative (6.1-3) and deregister (6.1-4). Everything it
submitted and every decision stays on file (``OrganisationEvent``).
"""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from flask_appbuilder.security.sqla.models import User
from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .identifiers import mask_resident_id
from .sealed import Sealed


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


ENTERPRISE, INSTITUTION, RESOURCE = "enterprise", "institution", "resource"
KINDS = {ENTERPRISE: _l("Enterprise"), INSTITUTION: _l("Technical institution"),
         RESOURCE: _l("Government or university resource")}
# Institution types (metrology, testing …) are declared by plugins: app.accounts.institution_types.

DRAFT, SUBMITTED, RETURNED, APPROVED, REJECTED, DEREGISTERED = (
    "draft", "submitted", "returned", "approved", "rejected", "deregistered")
STATUS_LABELS = {DRAFT: _l("Draft"), SUBMITTED: _l("Under review"), RETURNED: _l("Returned for completion"),
                 APPROVED: _l("Approved"), REJECTED: _l("Rejected"), DEREGISTERED: _l("Deregistered")}

# What an application must carry (6.1-2): an institution all five, an enterprise its licence.
APPLICATION_FORM, LICENCE, QUALIFICATION, INTEGRITY, CAPABILITY, SUPPORTING = (
    "application_form", "business_licence", "qualification_certificate", "integrity_commitment",
    "capability_scope", "supporting_document")
ATTACHMENT_LABELS = {APPLICATION_FORM: _l("Application form"), LICENCE: _l("Business licence"),
                     QUALIFICATION: _l("Qualification certificate"), INTEGRITY: _l("Integrity commitment"),
                     CAPABILITY: _l("Service capability scope"), SUPPORTING: _l("Supporting document")}
REQUIRED_ATTACHMENTS = {ENTERPRISE: [LICENCE], RESOURCE: [LICENCE],
                        INSTITUTION: [APPLICATION_FORM, LICENCE, QUALIFICATION, INTEGRITY, CAPABILITY]}


class Organisation(Model):
    """A registered organisation. Only approved ones are public (search, category pages)."""

    __tablename__ = "qi_organisation"
    __scope__ = {"organisation": "id"}
    # The review queue: pending ones by due date, read from the index page after page.
    __table_args__ = (Index("ix_qi_organisation_status_review_due", "status", "review_due_on", "id"),
                      # public lists in name order (plugins' query pages): qi_core_0029
                      Index("ix_qi_organisation_status_name", "status", "name", "id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    institution_types: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    uscc: Mapped[str] = mapped_column(String(18), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False, index=True)  # sortable in the list
    legal_representative: Mapped[str] = mapped_column(String(100), nullable=False)
    address: Mapped[str] = mapped_column(String(300), nullable=False)
    region_code: Mapped[str] = mapped_column(String(6), nullable=False, index=True)
    industry: Mapped[str | None] = mapped_column(String(100))
    contact_person: Mapped[str] = mapped_column(String(100), nullable=False)
    contact_phone: Mapped[str] = mapped_column(String(40), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default=DRAFT, index=True)
    submitted_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    review_due_on: Mapped[dt.date | None] = mapped_column(Date, index=True)  # sortable in the list
    decided_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    missing: Mapped[list | None] = mapped_column(JSON)  # what a return for completion asked for
    decision_reason: Mapped[str | None] = mapped_column(Text)
    closure_date: Mapped[dt.date | None] = mapped_column(Date)
    created_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)
    changed_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now, onupdate=_now)

    attachments: Mapped[list["OrganisationAttachment"]] = relationship(
        back_populates="organisation", order_by="OrganisationAttachment.id")
    events: Mapped[list["OrganisationEvent"]] = relationship(
        back_populates="organisation", order_by="OrganisationEvent.id")
    members: Mapped[list["UserProfile"]] = relationship(back_populates="organisation")

    @property
    def types(self) -> list[str]:
        """The codes of the organisation's institution types that a loaded plugin declares."""
        from .institution_types import institution_types

        known = institution_types()
        return [t for t in (self.institution_types or "").split(",") if t in known]

    @property
    def categories(self) -> list[str]:
        """The service categories the organisation serves, from its institution types."""
        from .institution_types import type_categories

        return type_categories(self.types)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, self.status))

    @property
    def kind_label(self) -> str:
        return str(KINDS.get(self.kind, self.kind))

    @property
    def is_active(self) -> bool:
        return self.status != DEREGISTERED

    def current_attachments(self) -> dict[str, "OrganisationAttachment"]:
        """The newest application attachment of each purpose (a resubmission replaces a file)."""
        newest = {}
        for attachment in self.attachments:
            if attachment.change_request_id is None:
                newest[attachment.purpose] = attachment
        return newest

    def __repr__(self) -> str:
        return self.name


class UserProfile(Model):
    """Who a user is: real name and ID number in the back end, a display name of their choice in the
    front end (后台实名、前台自愿, 6.1-1), and the organisation they act for."""

    __tablename__ = "qi_user_profile"
    __scope__ = {"organisation": "organisation_id"}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("ab_user.id"), unique=True, nullable=False)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("qi_organisation.id"), index=True)
    real_name: Mapped[str] = mapped_column(String(100), nullable=False)
    id_number: Mapped[str] = mapped_column(Sealed, nullable=False)  # encrypted at rest (app.accounts.sealed)
    display_name: Mapped[str] = mapped_column(String(100), nullable=False)
    phone: Mapped[str | None] = mapped_column(String(40))
    created_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)
    # the explicit consent to the privacy policy given at registration: when, and to which version
    privacy_consent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    privacy_version: Mapped[str | None] = mapped_column(String(20))

    organisation: Mapped[Organisation | None] = relationship(back_populates="members")
    user = relationship(User)

    @property
    def id_number_masked(self) -> str:
        return mask_resident_id(self.id_number)

    def __repr__(self) -> str:
        return self.display_name


class ChangeRequest(Model):
    """A change of name, address or legal representative (6.1-3), reviewed like an application."""

    __tablename__ = "qi_org_change_request"
    __scope__ = {"organisation": "organisation_id"}
    __table_args__ = (Index("ix_qi_org_change_request_status_review_due", "status", "review_due_on", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("qi_organisation.id"), nullable=False, index=True)
    new_name: Mapped[str | None] = mapped_column(String(200))
    new_address: Mapped[str | None] = mapped_column(String(300))
    new_legal_representative: Mapped[str | None] = mapped_column(String(100))
    changed_on_date: Mapped[dt.date] = mapped_column(Date, nullable=False)  # when the change happened
    old_values: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default=SUBMITTED, index=True)
    submitted_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)
    review_due_on: Mapped[dt.date | None] = mapped_column(Date)
    decided_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    decision_reason: Mapped[str | None] = mapped_column(Text)
    missing: Mapped[list | None] = mapped_column(JSON)

    organisation: Mapped[Organisation] = relationship()
    attachments: Mapped[list["OrganisationAttachment"]] = relationship(back_populates="change_request")

    def new_values(self) -> dict:
        return {k: v for k, v in {"name": self.new_name, "address": self.new_address,
                                  "legal_representative": self.new_legal_representative}.items() if v}

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, self.status))


class OrganisationAttachment(Model):
    """An uploaded file: checked by content, stored outside the static folder under a random name,
    served only through a permission check."""

    __tablename__ = "qi_org_attachment"
    __scope__ = {"organisation": "organisation_id"}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("qi_organisation.id"), nullable=False, index=True)
    change_request_id: Mapped[int | None] = mapped_column(ForeignKey("qi_org_change_request.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(40), nullable=False)
    filename: Mapped[str] = mapped_column(String(200), nullable=False)
    stored_name: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    content_type: Mapped[str] = mapped_column(String(50), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    uploaded_by: Mapped[str | None] = mapped_column(String(128))
    uploaded_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)

    organisation: Mapped[Organisation] = relationship(back_populates="attachments")
    change_request: Mapped[ChangeRequest | None] = relationship(back_populates="attachments")

    @property
    def purpose_label(self) -> str:
        return str(ATTACHMENT_LABELS.get(self.purpose, self.purpose))

    def __repr__(self) -> str:
        return self.filename


class OrganisationEvent(Model):
    """One step of an organisation's history: a submission, a decision, a change, a deregistration."""

    __tablename__ = "qi_org_event"
    __scope__ = {"organisation": "organisation_id"}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("qi_organisation.id"), nullable=False, index=True)
    change_request_id: Mapped[int | None] = mapped_column(ForeignKey("qi_org_change_request.id"))
    action: Mapped[str] = mapped_column(String(30), nullable=False)
    reason: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict | None] = mapped_column(JSON)
    actor: Mapped[str | None] = mapped_column(String(128))
    created_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)

    organisation: Mapped[Organisation] = relationship(back_populates="events")
