"""The documents of a need: reports, certificates and other papers delivered with the service.

Uploaded by the matched institution or staff (``records.may_keep_record``), checked by content and
stored privately like every upload (``app.accounts.uploads``: PDF, JPEG or PNG, size limit, random
name outside ``static/``), and served only to those who may see the need (its enterprise, its
institution, staff), through the need's scope.
"""
from __future__ import annotations

from flask_babel import gettext, lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage

from ..accounts.uploads import SIGNATURES, check_upload, store, stored_path
from ..scoping import scoped
from .models import Need, NeedDocument

REPORT, CERTIFICATE, OTHER = "report", "certificate", "other"
APPLICATION = "application"  # a file sent with the item's application form (app.applications)
KIND_LABELS = {REPORT: _l("Report"), CERTIFICATE: _l("Certificate"), OTHER: _l("Other document")}
SHOWN_KIND_LABELS = {**KIND_LABELS, APPLICATION: _l("Sent with the application")}


class DocumentError(ValueError):
    """A document the need refuses; ``str()`` is the translated message."""


def documents_of(session: Session, need: Need) -> list[NeedDocument]:
    """The need's documents, oldest first."""
    return list(session.scalars(select(NeedDocument).where(NeedDocument.need_id == need.id).order_by(NeedDocument.id)))


def add_document(session: Session, need: Need, kind: str, file: FileStorage | None, actor: str) -> tuple[NeedDocument, str]:
    """Check and store ``file`` as a document of ``need``; returns the row and the stored name (to
    remove the file if the caller's commit fails). ``UploadRefused`` or ``DocumentError`` (both
    translated) when refused; nothing is stored then."""
    if kind not in KIND_LABELS:
        raise DocumentError(gettext("Choose what kind of document it is."))
    checked = check_upload(file)
    if checked is None:
        raise DocumentError(gettext("Choose a file to upload."))
    name = store(checked)
    document = NeedDocument(need_id=need.id, kind=kind, filename=checked.filename, stored_name=name,
                            uploaded_by=actor)
    session.add(document)
    return document, name


def visible_document(session: Session, document_id: int) -> NeedDocument | None:
    """The document if the signed-in user may see its need (the need's scope), else None."""
    statement = select(NeedDocument).join(Need, Need.id == NeedDocument.need_id).where(NeedDocument.id == document_id)
    return session.scalar(scoped(statement, Need))


def content_type(stored_name: str) -> str:
    """The type of a stored document, from its first bytes (only checked types were stored)."""
    with open(stored_path(stored_name), "rb") as fh:
        head = fh.read(16)
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return kind
    return "application/octet-stream"
