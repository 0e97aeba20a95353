"""Service items and guides that plugins contribute through ``qi_service_items``.

A plugin ships its items as data (a ``catalog.json`` beside its hooks); this module reads such a
file, checks each item before anything is used (a misspelt key is an error, not silently dropped),
and lists what every loaded plugin declares for ``flask qi init`` to seed (``app.catalog.seed``).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from .models import CHANNELS

ITEM_REQUIRED = ("category", "code", "name_zh", "name_en")
ITEM_OPTIONAL = ("clause", "order", "summary_zh", "summary_en", "guide", "form")
GUIDE_KEYS = ("acceptance_conditions", "materials", "steps", "cycle_zh", "cycle_en", "price_zh", "price_en", "free",
              "channels", "responsible_zh", "responsible_en", "faq", "en")
# The guide's English body: the same keys as the Chinese one (which has no suffix).
ENGLISH_BODY_KEYS = ("acceptance_conditions", "materials", "steps", "faq")
# The longest value each column takes (app.catalog.models): refused at start-up, not at a failing insert.
MAX_LENGTH = {"code": 80, "clause": 20, "name_zh": 100, "name_en": 150, "category": 50, "cycle_zh": 200,
              "cycle_en": 200, "price_zh": 300, "price_en": 300, "responsible_zh": 300, "responsible_en": 300}
ITEM_CODE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class ItemError(ValueError):
    """A contributed service item the platform cannot use; the message says what is wrong."""


def load_service_items(path: str | Path) -> list[dict]:
    """Read a plugin's ``catalog.json``: a JSON list of service items (see ``qi_service_items``).

    A missing file is no items; a file that is not a JSON list raises ``ItemError``.
    """
    path = Path(path)
    if not path.is_file():
        return []
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ItemError(f"{path}: not valid JSON: {exc}") from exc
    if not isinstance(items, list):
        raise ItemError(f"{path}: must hold a JSON list of service items")
    return items


def _text(where: str, key: str, value) -> None:
    if not isinstance(value, str):
        raise ItemError(f"{where}: {key} must be text")
    if key in MAX_LENGTH and len(value) > MAX_LENGTH[key]:
        raise ItemError(f"{where}: {key} is longer than {MAX_LENGTH[key]} characters")


def _lines(where: str, key: str, value) -> None:
    if not (isinstance(value, list) and all(isinstance(line, str) for line in value)):
        raise ItemError(f"{where}: {key} must be a list of lines of text")


def _check_guide(where: str, guide, keys=GUIDE_KEYS) -> None:
    if not isinstance(guide, dict):
        raise ItemError(f"{where}: guide must be a dict")
    unknown = set(guide) - set(keys)
    if unknown:
        raise ItemError(f"{where}: unknown guide keys {sorted(unknown)}")
    for key, value in guide.items():
        if value is None:
            continue
        if key == "en":
            _check_guide(f"{where} (en)", value, ENGLISH_BODY_KEYS)
        elif key in ("materials", "steps"):
            _lines(where, key, value)
        elif key == "channels":
            _lines(where, key, value)
            if set(value) - set(CHANNELS):
                raise ItemError(f"{where}: channels must be among {', '.join(CHANNELS)}")
        elif key == "free":
            if not isinstance(value, bool):
                raise ItemError(f"{where}: free must be true or false")
        elif key == "faq":
            if not (isinstance(value, list) and all(isinstance(qa, dict) and set(qa) == {"q", "a"}
                                                    and isinstance(qa["q"], str) and isinstance(qa["a"], str)
                                                    for qa in value)):
                raise ItemError(f"{where}: faq must be a list of {{\"q\": …, \"a\": …}}")
        else:
            _text(where, key, value)


def _check_form(where: str, item: dict) -> None:
    """The item's default application form (``app.applications.definition``), kept normalised.
    Its dictionaries are checked at ``flask qi init``, when the database is read."""
    from flask_babel import force_locale

    from ..applications.definition import DefinitionError, check_definition

    try:
        with force_locale("en"):
            item["form"] = check_definition(item["form"])
    except DefinitionError as exc:
        raise ItemError(f"{where}: form: {exc}") from exc


def check_service_items(items: list) -> list[dict]:
    """Return ``items`` when every one is a well-formed service item, else raise ``ItemError``."""
    seen = set()
    for item in items:
        if not isinstance(item, dict):
            raise ItemError(f"service item {item!r} is not a dict")
        where = f"service item {item.get('code')!r}"
        missing = [key for key in ITEM_REQUIRED if not item.get(key)]
        if missing:
            raise ItemError(f"{where} lacks {', '.join(missing)}")
        unknown = set(item) - set(ITEM_REQUIRED) - set(ITEM_OPTIONAL)
        if unknown:
            raise ItemError(f"{where}: unknown keys {sorted(unknown)}")
        for key in ("category", "code", "name_zh", "name_en", "clause", "summary_zh", "summary_en"):
            if item.get(key) is not None:
                _text(where, key, item[key])
        if not ITEM_CODE.match(item["code"]):
            raise ItemError(f"{where}: a code is lowercase letters, digits and '-'")
        if item.get("order") is not None and (isinstance(item["order"], bool) or not isinstance(item["order"], int)):
            raise ItemError(f"{where}: order must be a whole number")
        if item.get("guide") is not None:
            _check_guide(where, item["guide"])
        if item.get("form") is not None:
            _check_form(where, item)
        if item["code"] in seen:
            raise ItemError(f"{where} is listed twice")
        seen.add(item["code"])
    return items


def declared_items(host) -> list[tuple[str, dict]]:
    """``(plugin name, item)`` for every service item of every loaded plugin, platform's first."""
    return [(record.name, item) for record, item in host.contributions("qi_service_items")]
