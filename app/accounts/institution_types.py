"""Kinds of technical institution, as the platform's default plugin and every other plugin declare them
(``qi_institution_types``).

There is no list of types in the core: a plugin for a new kind of institution declares it, and the
registration form, the review pages, search and ``HasInstitutionType`` know it. The registry is read
from the loaded plugins whenever it is needed (it is the same in every worker, being code), and a
label is picked in the reader's language when it is shown: organisations store only the codes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask import current_app

from ..i18n.language import reader_language


TYPE_CODE = re.compile(r"^[a-z][a-z0-9_]{0,29}$")
_KEYS = {"code", "label_zh", "label_en", "category", "order"}


class InstitutionTypeError(ValueError):
    """A declared institution type the platform cannot use; the message says what is wrong."""


@dataclass(frozen=True)
class InstitutionType:
    """One kind of institution; ``str()`` of it is its label in the current request's language."""

    code: str
    label_zh: str
    label_en: str
    category: str | None = None  # the service category institutions of this type serve
    order: int = 100
    plugin: str = ""

    @property
    def label(self) -> str:
        return self.label_en if reader_language() == "en" else self.label_zh

    def __str__(self) -> str:
        return self.label

    def __html__(self) -> str:  # Jinja: escaped like any text
        from markupsafe import escape

        return str(escape(self.label))


def check_institution_types(items: list) -> list[dict]:
    """Return ``items`` when each is a well-formed institution type, else raise ``InstitutionTypeError``."""
    seen = set()
    for item in items:
        if not isinstance(item, dict):
            raise InstitutionTypeError(f"institution type {item!r} is not a dict")
        missing = [k for k in ("code", "label_zh", "label_en") if not item.get(k)]
        if missing:
            raise InstitutionTypeError(f"institution type {item!r} lacks {', '.join(missing)}")
        unknown = set(item) - _KEYS
        if unknown:
            raise InstitutionTypeError(f"institution type {item['code']!r}: unknown keys {sorted(unknown)}")
        if not (isinstance(item["code"], str) and TYPE_CODE.match(item["code"])):
            raise InstitutionTypeError(f"institution type code {item['code']!r}: lowercase letters, digits and '_', "
                                       "at most 30 characters, starting with a letter")
        for key in ("label_zh", "label_en", "category"):
            if item.get(key) is not None and not isinstance(item[key], str):
                raise InstitutionTypeError(f"institution type {item['code']!r}: {key} must be text")
        if item.get("order") is not None and (isinstance(item["order"], bool) or not isinstance(item["order"], int)):
            raise InstitutionTypeError(f"institution type {item['code']!r}: order must be a whole number")
        if item["code"] in seen:
            raise InstitutionTypeError(f"institution type {item['code']!r} is listed twice")
        seen.add(item["code"])
    return items


def institution_types(app=None) -> dict[str, InstitutionType]:
    """Every institution type of the loaded plugins by code, by ``order`` (then code)."""
    app = app or current_app
    types: dict[str, InstitutionType] = {}
    for record, item in app.extensions["qi_plugins"].contributions("qi_institution_types"):
        types.setdefault(item["code"], InstitutionType(
            item["code"], item["label_zh"], item["label_en"], item.get("category") or None,
            item["order"] if item.get("order") is not None else 100, record.name))
    return dict(sorted(types.items(), key=lambda pair: (pair[1].order, pair[0])))


def type_choices() -> list[tuple[str, InstitutionType]]:
    """``(code, type)`` pairs for a form's choices; a type renders as its label in the reader's language."""
    return list(institution_types().items())


def type_label(code: str) -> str:
    """The label of ``code`` in the current language; an unknown code (its plugin removed) as itself."""
    found = institution_types().get(code)
    return found.label if found else code


def type_categories(codes: list[str]) -> list[str]:
    """The service categories served by institutions of these types, in order, without repeats."""
    types = institution_types()
    categories = [types[c].category for c in codes if c in types and types[c].category]
    return list(dict.fromkeys(categories))
