"""Receiving a user's file: checked by what it is, not what it is called, and kept privately.

Accepted: PDF, JPEG and PNG, recognised by their first bytes; at most ``QI_UPLOAD_MAX_MB`` (10 MB
by default). Files go to ``QI_UPLOAD_DIR`` (``<instance>/uploads`` by default, never under
``static/``) under a random name, and are only served by ``/files/<id>`` after a scope check.
"""
from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import FileStorage

from ..parameters.read import setting

SIGNATURES = [(b"%PDF-", "application/pdf"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg")]


class UploadRefused(ValueError):
    """A file the platform will not keep; the message says why, in the user's language."""


@dataclass
class CheckedFile:
    filename: str
    content_type: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def upload_dir() -> Path:
    folder = Path(current_app.config.get("QI_UPLOAD_DIR") or Path(current_app.instance_path) / "uploads")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def max_bytes() -> int:
    return int(float(setting("QI_UPLOAD_MAX_MB", 10)) * 1024 * 1024)


def check_upload(file: FileStorage | None) -> CheckedFile | None:
    """The file's content when it is an acceptable PDF, JPEG or PNG; None when nothing was sent."""
    if file is None or not file.filename:
        return None
    limit = max_bytes()
    data = file.stream.read(limit + 1)
    if len(data) > limit:
        raise UploadRefused(_l("%(name)s is larger than %(mb)s MB.", name=file.filename,
                               mb=f"{float(setting('QI_UPLOAD_MAX_MB', 10)):g}"))
    if not data:
        raise UploadRefused(_l("%(name)s is empty.", name=file.filename))
    for signature, content_type in SIGNATURES:
        if data.startswith(signature):
            return CheckedFile(os.path.basename(file.filename)[:200], content_type, data)
    raise UploadRefused(_l("%(name)s is not a PDF, JPEG or PNG file.", name=file.filename))


def store(checked: CheckedFile) -> str:
    """Write the file under a new random name and return that name."""
    name = secrets.token_hex(16)
    path = upload_dir() / name
    with open(path, "xb") as fh:
        fh.write(checked.data)
    return name


def remove_stored(stored_name: str | None) -> None:
    """Delete a stored file that no record refers to any more (call it after the commit that
    replaced or dropped the reference succeeded, so a failed commit never loses the file)."""
    if not stored_name:
        return
    try:
        stored_path(stored_name).unlink(missing_ok=True)
    except FileNotFoundError:  # a name we did not generate: nothing of ours to delete
        pass


def stored_path(stored_name: str) -> Path:
    if not stored_name.isalnum():  # only names we generated
        raise FileNotFoundError(stored_name)
    return upload_dir() / stored_name


def send_stored(stored_name: str, filename: str, mimetype: str):
    """The response downloading a stored upload under its original name; 404 when the name is not one
    we generated or the file is gone. The caller has checked that the reader may see it."""
    from flask import abort, send_file

    try:
        path = stored_path(stored_name)
    except FileNotFoundError:
        abort(404)
    if not path.exists():
        abort(404)
    from ..audit.models import DOWNLOAD
    from ..audit.trail import record

    record(DOWNLOAD, None, stored_name, filename=filename)
    return send_file(path, mimetype=mimetype, as_attachment=True, download_name=filename, max_age=0)
