"""What the platform and the plugins declare through ``qi_dictionaries``, checked at start-up.

A declaration is a dict: ``code`` (a lowercase letter then lowercase letters, digits or ``_``, at
most 40), ``name_zh``, ``name_en``, ``items`` (a list of ``{"code", "label_zh", "label_en"}``, codes
as above) and optional ``used_by``: the columns that store its codes, as ``"table.column"``, so that
a code in use is never deleted (``app.dictionaries.usage``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
COLUMN = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
_KEYS = {"code", "name_zh", "name_en", "items", "used_by"}
_ITEM_KEYS = {"code", "label_zh", "label_en"}


class DictionaryError(ValueError):
    """A declaration the platform cannot use; the message says what is wrong."""


@dataclass(frozen=True)
class DeclaredItem:
    code: str
    label_zh: str
    label_en: str


@dataclass(frozen=True)
class DeclaredDictionary:
    code: str
    name_zh: str
    name_en: str
    items: tuple[DeclaredItem, ...]
    used_by: tuple[tuple[str, str], ...] = field(default=())
    plugin: str | None = None


def _text(value, what: str, limit: int) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise DictionaryError(f"{what} must be a non-empty string of at most {limit} characters")
    return value.strip()


def check_dictionary(spec, plugin: str | None = None) -> DeclaredDictionary:
    """The declaration as a ``DeclaredDictionary``; DictionaryError naming what is wrong."""
    if not isinstance(spec, dict):
        raise DictionaryError(f"a dictionary must be a dict, not {type(spec).__name__}")
    unknown = set(spec) - _KEYS
    if unknown:
        raise DictionaryError(f"dictionary {spec.get('code')!r}: unknown keys {sorted(unknown)}")
    code = spec.get("code")
    if not isinstance(code, str) or not CODE.match(code):
        raise DictionaryError(f"dictionary code {code!r} is malformed: a lowercase letter then lowercase letters, "
                              "digits or '_', at most 40")
    items = []
    for item in spec.get("items") or []:
        if not isinstance(item, dict) or set(item) - _ITEM_KEYS or not CODE.match(str(item.get("code", ""))):
            raise DictionaryError(f"dictionary {code!r}: item {item!r} must have a well-formed code, label_zh and "
                                  "label_en only")
        items.append(DeclaredItem(item["code"], _text(item.get("label_zh"), f"{code}.{item['code']} label_zh", 200),
                                  _text(item.get("label_en"), f"{code}.{item['code']} label_en", 200)))
    codes = [i.code for i in items]
    if len(set(codes)) != len(codes):
        raise DictionaryError(f"dictionary {code!r}: an item code is listed twice")
    used_by = []
    for column in spec.get("used_by") or []:
        if not isinstance(column, str) or not COLUMN.match(column):
            raise DictionaryError(f"dictionary {code!r}: used_by {column!r} must be 'table.column'")
        used_by.append(tuple(column.split(".")))
    return DeclaredDictionary(code, _text(spec.get("name_zh"), f"{code} name_zh", 100),
                              _text(spec.get("name_en"), f"{code} name_en", 100), tuple(items), tuple(used_by), plugin)


def declared_dictionaries(app=None) -> dict[str, DeclaredDictionary]:
    """{code: declaration} of the platform and every loaded plugin (code: the same in every worker)."""
    from flask import current_app

    from ..plugins.manager import CORE, LOADED

    app = app or current_app
    cached = app.extensions.get("qi_dictionaries")
    if cached is None:
        cached = {}
        for record, spec in app.extensions["qi_plugins"].contributions("qi_dictionaries"):
            if record.status == LOADED and spec["code"] not in cached:
                cached[spec["code"]] = check_dictionary(spec, None if record.source == CORE else record.name)
        app.extensions["qi_dictionaries"] = cached
    return cached
