"""Reading a dictionary where its codes are offered or shown.

Read from the database once per request (kept on ``g``): an administrator's change shows on the
next page in every worker. A dictionary that is declared but not in the database yet (``flask qi
init`` not run since the code arrived) answers with its declaration, so no form goes empty.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import g, has_request_context
from sqlalchemy import select

from ..extensions import db
from ..i18n.language import reader_language
from .declared import declared_dictionaries
from .models import Dictionary, DictionaryItem

_CACHE = "qi_dictionary_items"


@dataclass(frozen=True)
class Entry:
    code: str
    label_zh: str
    label_en: str
    active: bool = True

    @property
    def label(self) -> str:
        return self.label_en if reader_language() == "en" else self.label_zh


def entries(dictionary: str) -> list[Entry]:
    """Every item of ``dictionary`` in the administrators' order, inactive ones included."""
    cache = g.setdefault(_CACHE, {}) if has_request_context() else {}
    if dictionary not in cache:
        rows = db.session.execute(
            select(DictionaryItem.code, DictionaryItem.label_zh, DictionaryItem.label_en, DictionaryItem.active)
            .join(Dictionary, Dictionary.id == DictionaryItem.dictionary_id).where(Dictionary.code == dictionary)
            .order_by(DictionaryItem.position, DictionaryItem.id)).all()
        if rows:
            cache[dictionary] = [Entry(*row) for row in rows]
        else:
            declared = declared_dictionaries().get(dictionary)
            cache[dictionary] = [Entry(i.code, i.label_zh, i.label_en) for i in declared.items] if declared else []
    return cache[dictionary]


def forget() -> None:
    """Drop this request's copy (after an administrator changed a dictionary)."""
    if has_request_context():
        g.pop(_CACHE, None)


def is_code(dictionary: str, code, active: bool = True) -> bool:
    """Whether ``code`` is one of the dictionary's (active ones only, by default: a new record may
    not take a deactivated code)."""
    return any(e.code == code and (e.active or not active) for e in entries(dictionary))


def choices(dictionary: str, selected: str | None = None) -> list[tuple[str, str]]:
    """(code, label) of the active items, in the reader's language; a deactivated ``selected``
    code stays offered, so editing an old record does not change it."""
    return [(e.code, e.label) for e in entries(dictionary) if e.active or e.code == selected]


def label(dictionary: str, code) -> str:
    """The code's label in the reader's language; an unknown code as it is, None as ''."""
    if code is None or code == "":
        return ""
    return next((e.label for e in entries(dictionary) if e.code == code), str(code))
