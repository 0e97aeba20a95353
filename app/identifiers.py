"""Identifiers and phone numbers as people type them, made comparable before they are checked.

People paste codes from PDFs and type on phones with a Chinese input method: full-width digits
(１３８００１３８０００), ideographic spaces, hyphens and dashes of every width inside a code, and
``+86`` in front of a mobile number. Every form field that takes a credit code, an ID number, a
phone or a "phone or e-mail" passes its value through one of these functions first (as a WTForms
``filters`` entry or inside its validator), so the validator sees, and the database stores, the
plain form: ``91640100MA76T3XY1K``, ``13800138000``, ``(0951) 123 4567`` → ``0951-1234567``.
"""
from __future__ import annotations

import re
import unicodedata

# Spaces, hyphens, dashes and the dots people put between groups of digits or characters.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−－·•.]+")
_BRACKETS = re.compile(r"[()\[\]]")
_COUNTRY = re.compile(r"^(?:\+|00)?86(?=\d{9,11}$)")


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def normalise_identifier(value: str | None) -> str | None:
    """A register code (unified social credit code, resident ID number) in its plain form:
    half-width, upper case, without spaces, hyphens or dashes. None stays None."""
    if value is None:
        return None
    return _SEPARATORS.sub("", _nfkc(value)).upper()


def normalise_phone(value: str | None) -> str | None:
    """A mainland phone number in its plain form: half-width digits without spaces, hyphens or
    brackets, without the country code (``+86 138-0013-8000`` → ``13800138000``); a landline is
    written area code, hyphen, number (and extension), with its trunk 0 back when typed with
    ``+86``: ``+86 951 1234567`` → ``0951-1234567``. Text that is not a number after that is
    returned stripped, for the validator to refuse. None stays None."""
    if value is None:
        return None
    text = _BRACKETS.sub("", _nfkc(value)).strip()
    groups = [g for g in _SEPARATORS.split(text) if g]
    compact = "".join(groups)
    if not re.fullmatch(r"\+?\d+", compact):
        return _nfkc(value).strip()
    extension = ""
    # a landline's extension stays apart (0951-1234567-801): run together it would not be a number
    if len(groups) > 1 and not compact.lstrip("+").startswith(("1", "86")) \
            and len(compact) - len(groups[-1]) >= 10 and len(groups[-1]) <= 6:
        extension, compact = "-" + groups[-1], compact[:-len(groups[-1])]
    national = _COUNTRY.sub("", compact)
    if national != compact and not national.startswith("1"):
        national = "0" + national
    if national.startswith("0") and 10 <= len(national) <= 12:
        # a landline as it is written in China: area code (010, 02x: three digits; else four), hyphen
        area = 3 if national.startswith(("010", "02")) else 4
        national = national[:area] + "-" + national[area:]
    return national + extension


def normalise_contact(value: str | None) -> str | None:
    """A "phone or e-mail" field: an e-mail address half-width and stripped, anything else as a phone."""
    if value is None:
        return None
    if "@" in _nfkc(value):
        return _nfkc(value).strip()
    return normalise_phone(value)
