"""The files attached to a complaint: checked by content and stored privately like every upload
(``app.accounts.uploads``: PDF, JPEG or PNG, size limit, random name outside ``static/``), and
served only to those who may see the complaint (its scope: staff, its window's staff, the
institution it was forwarded to, the complainant)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage

from ..accounts.uploads import check_upload, store
from ..scoping import scoped
from .models import Complaint, ComplaintFile

MAX_FILES = 5  # per post of a form


def check_files(files: list[FileStorage]) -> list:
    """The checked files of a form's file field (empty parts skipped); ``UploadRefused``
    (translated) for the first one refused: then nothing is stored."""
    checked = [check_upload(f) for f in files[:MAX_FILES]]
    return [c for c in checked if c is not None]


def attach(session: Session, complaint: Complaint, checked: list, actor: str) -> list[str]:
    """Store checked files for ``complaint``; returns the stored names (to remove them if the
    caller's commit fails)."""
    names = []
    for item in checked:
        name = store(item)
        names.append(name)
        session.add(ComplaintFile(complaint_id=complaint.id, filename=item.filename, stored_name=name,
                                  uploaded_by=actor))
    return names


def files_of(session: Session, complaint: Complaint) -> list[ComplaintFile]:
    """The complaint's files, oldest first."""
    return list(session.scalars(select(ComplaintFile).where(ComplaintFile.complaint_id == complaint.id)
                                .order_by(ComplaintFile.id)))


def visible_file(session: Session, file_id: int) -> ComplaintFile | None:
    """The file if the signed-in user may see its complaint (the complaint's scope), else None."""
    statement = select(ComplaintFile).join(Complaint, Complaint.id == ComplaintFile.complaint_id).where(
        ComplaintFile.id == file_id)
    return session.scalar(scoped(statement, Complaint))
