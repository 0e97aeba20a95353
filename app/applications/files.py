"""The files of an application form: checked and stored when sent, kept across a form sent back
with errors (a signed reference in the page, bound to the form's one-use token), and attached to
the need as its documents once it is filed.

A reference names a file this browser sent on this form; it cannot name anyone else's upload, as
it is signed with the application's secret and the form's token.
"""
from __future__ import annotations

from flask import current_app, request
from flask_babel import gettext
from itsdangerous import BadSignature, URLSafeSerializer

from ..accounts.uploads import UploadRefused, check_upload, store
from .definition import file_fields, text_in

CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}
KEPT = "kept-"  # the hidden input holding a field's kept file: kept-<field name>


def _signer(token: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=f"qi-form-file:{token}")


def reference(token: str, kept: dict) -> str:
    return _signer(token).dumps(kept)


def receive(definition: dict, answers_form, token: str, lang: str) -> tuple[dict, dict[str, list[str]]]:
    """({field name: {"name", "stored"}} of the files sent or kept, {field name: [errors]}).

    A file sent now is checked (type, size) and stored at once, so a form sent back for another
    reason keeps it; one refused is reported on its field and nothing of it is kept.
    """
    files, errors = {}, {}
    for field in file_fields(definition):
        name = field["name"]
        upload = answers_form[name].data
        if upload is not None and getattr(upload, "filename", ""):
            try:
                got = check_upload(upload)
                if got.content_type not in {CONTENT_TYPES[t] for t in field["types"]}:
                    raise UploadRefused(gettext("%(name)s: this field takes %(types)s files.", name=got.filename,
                                                types=", ".join(t.upper() for t in field["types"])))
                if field.get("max_mb") and len(got.data) > field["max_mb"] * 1024 * 1024:
                    raise UploadRefused(gettext("%(name)s is larger than %(mb)s MB.", name=got.filename,
                                                mb=field["max_mb"]))
            except UploadRefused as refused:
                errors[name] = [gettext("%(field)s: %(reason)s", field=text_in(field["label"], lang),
                                        reason=str(refused))]
                continue
            files[name] = {"name": got.filename, "stored": store(got)}
            continue
        raw = request.form.get(KEPT + name, "")
        if raw:
            try:
                kept = _signer(token).loads(raw)
            except BadSignature:
                continue
            if isinstance(kept, dict) and set(kept) == {"name", "stored"}:
                files[name] = kept
    return files, errors
