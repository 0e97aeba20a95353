"""The one password policy: registration, changing one's own password, and an administrator's
reset or new user all check passwords with ``password_problem``."""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

MIN_LENGTH = 8


def password_problem(password: str | None, login: str | None = None):
    """Why ``password`` is refused (a translated text), or None when it is acceptable.

    At least ``MIN_LENGTH`` characters with both letters and digits, and not the login name.
    """
    value = password or ""
    if len(value) < MIN_LENGTH or not re.search(r"[A-Za-z]", value) or not re.search(r"\d", value):
        return _l("Use at least 8 characters with both letters and digits.")
    if login and value.lower() == login.strip().lower():
        return _l("The password must differ from the login name.")
    return None


def _login_of(form) -> str | None:
    """The login name the password belongs to: a ``login`` or ``username`` field of the form, or
    what the form's ``password_owner_name()`` answers (forms changing an existing user's password)."""
    for name in ("login", "username"):
        field = getattr(form, name, None)
        if field is not None and isinstance(getattr(field, "data", None), str):
            return field.data
    owner = getattr(form, "password_owner_name", None)
    return owner() if callable(owner) else None


def password_policy(form, field) -> None:
    """WTForms validator applying ``password_problem`` to ``field``."""
    problem = password_problem(field.data, _login_of(form))
    if problem:
        raise ValidationError(problem)
