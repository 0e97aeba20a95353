"""The JSON Schema of a definition, and answers checked against it with a translated message per field.

The schema is generated, never written by hand, so what is stored always matches what the form
asked. Choice fields take the dictionary's active codes at the time of filing; a hidden field
(its ``show_if`` not met) is dropped before checking (``visible_answers``), and a conditional
field is required only through the schema's ``if``/``then``.
"""
from __future__ import annotations

from functools import lru_cache
import json

from flask_babel import gettext
from jsonschema import Draft202012Validator, FormatChecker

from ..i18n.language import reader_language
from .definition import (CHOICE, DATE, FILE, MULTICHOICE, NUMBER, PHONE, RECORD, STANDARD, TABLE, TEXT_LIMITS, USCC,
                         YESNO, is_shown, text_in)

PATTERNS = {
    PHONE: r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$",  # a mainland mobile or a landline with area code
    USCC: r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$",
    # GB 2312-1980, GB/T 19001-2016, JJG 52-2013, ISO 9001:2015, Q/ABC 001-2020
    STANDARD: r"^[A-Z]{1,10}(/[A-Z]{1,3})?\s?[A-Z0-9]{0,12}[.\-]?\d+(\.\d+)*([-:]\d{4})?$",
}
FILE_ANSWER = {"type": "object", "properties": {"name": {"type": "string"}, "document": {"type": "integer"}},
               "required": ["name"]}


def _property(field: dict, codes) -> dict:
    kind = field["kind"]
    if kind in TEXT_LIMITS:
        return {"type": "string", "maxLength": field["max_length"], **({"minLength": 1} if field["required"] else {})}
    if kind == NUMBER:
        out = {"type": "integer" if field.get("integer") else "number"}
        if field.get("min") is not None:
            out["minimum"] = field["min"]
        if field.get("max") is not None:
            out["maximum"] = field["max"]
        return out
    if kind == DATE:
        return {"type": "string", "format": "date"}
    if kind == CHOICE:
        return {"type": "string", "enum": codes(field["dictionary"])}
    if kind == MULTICHOICE:
        return {"type": "array", "items": {"enum": codes(field["dictionary"])}, "uniqueItems": True,
                **({"minItems": 1} if field["required"] else {})}
    if kind == YESNO:
        return {"type": "boolean"}
    if kind in PATTERNS:
        return {"type": "string", "pattern": PATTERNS[kind]}
    if kind == FILE:
        return FILE_ANSWER
    if kind == RECORD:
        return {"type": "string", "maxLength": 64, **({"minLength": 1} if field["required"] else {})}
    if kind == TABLE:
        row = {"type": "object", "properties": {c["name"]: _property(c, codes) for c in field["columns"]},
               "required": [c["name"] for c in field["columns"] if c["required"]], "additionalProperties": False}
        return {"type": "array", "items": row, "maxItems": field["max_rows"],
                **({"minItems": 1} if field["required"] else {})}
    raise ValueError(kind)


def schema_of(definition: dict, codes) -> dict:
    """The JSON Schema of answers to ``definition``; ``codes(dictionary)`` lists a choice's codes."""
    fields = definition["fields"]
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
              "properties": {f["name"]: _property(f, codes) for f in fields},
              "required": [f["name"] for f in fields if f["required"] and not f.get("show_if")],
              "additionalProperties": False}
    conditional = [{"if": {"properties": {f["show_if"]["field"]: {"const": f["show_if"]["equals"]}},
                           "required": [f["show_if"]["field"]]},
                    "then": {"required": [f["name"]]}}
                   for f in fields if f["required"] and f.get("show_if")]
    if conditional:
        schema["allOf"] = conditional
    return schema


@lru_cache(maxsize=256)
def _validator(schema_text: str) -> Draft202012Validator:
    # a definition's schema is the same for every filing until its dictionaries change: built once
    return Draft202012Validator(json.loads(schema_text), format_checker=FormatChecker())


def visible_answers(definition: dict, answers: dict) -> dict:
    """``answers`` without empty values and without those of fields a condition hides."""
    kept: dict = {}
    for field in definition["fields"]:
        value = answers.get(field["name"])
        if value in (None, "", []) or not is_shown(field, kept):
            continue
        kept[field["name"]] = value
    return kept


def _message(error, field: dict, column: dict | None, lang: str) -> str:
    target = column or field
    name = text_in(target["label"], lang)
    keyword, kind = error.validator, target["kind"]
    if keyword in ("required", "minItems", "minLength"):
        return gettext("Please fill in %(field)s.", field=name)
    if keyword == "minimum":
        return gettext("%(field)s must be at least %(low)s.", field=name, low=error.validator_value)
    if keyword == "maximum":
        return gettext("%(field)s must be at most %(high)s.", field=name, high=error.validator_value)
    if keyword == "maxLength":
        return gettext("%(field)s must be at most %(count)d characters.", field=name, count=error.validator_value)
    if keyword == "maxItems":
        return gettext("%(field)s has at most %(count)d rows.", field=name, count=error.validator_value)
    if keyword == "type" and kind == NUMBER:
        if error.validator_value == "integer" and isinstance(error.instance, (int, float)):
            return gettext("%(field)s must be a whole number.", field=name)
        return gettext("%(field)s must be a number.", field=name)
    if keyword == "format" and kind == DATE:
        return gettext("%(field)s must be a date.", field=name)
    if keyword == "pattern" and kind == PHONE:
        return gettext("%(field)s is not a phone number (a mobile number, or a landline with its area code).",
                       field=name)
    if keyword == "pattern" and kind == USCC:
        return gettext("%(field)s is not a unified social credit code (18 characters).", field=name)
    if keyword == "pattern" and kind == STANDARD:
        return gettext("%(field)s is not a standard number (such as GB/T 19001-2016).", field=name)
    if keyword in ("enum", "uniqueItems") or kind == RECORD:
        return gettext("Choose %(field)s among the answers offered.", field=name)
    return gettext("%(field)s is not valid.", field=name)


def check_answers(definition: dict, answers: dict, codes) -> dict[str, list[str]]:
    """{field name: [translated messages]} of what is wrong with ``answers`` (already passed through
    ``visible_answers``); empty when they are valid. A table's message names its row."""
    by_name = {f["name"]: f for f in definition["fields"]}
    lang = reader_language()
    validator = _validator(json.dumps(schema_of(definition, codes), sort_keys=True, ensure_ascii=False))
    found: dict[str, list[str]] = {}
    for error in validator.iter_errors(answers):
        if error.validator == "required":  # one error per missing name, none naming it: spelled out here
            paths = [list(error.absolute_path) + [n] for n in error.validator_value if n not in error.instance]
        else:
            paths = [list(error.absolute_path)]
        for path in paths:
            _note(found, by_name, error, path, lang)
    return found


def _note(found: dict, by_name: dict, error, path: list, lang: str) -> None:
    if error.validator in ("if", "allOf") or not path or path[0] not in by_name:
        return
    field, column, row = by_name[path[0]], None, None
    if field["kind"] == TABLE and len(path) >= 3:
        row, column = path[1], next((c for c in field["columns"] if c["name"] == path[2]), None)
    message = _message(error, field, column, lang)
    if row is not None:
        message = gettext("Row %(row)d: %(message)s", row=row + 1, message=message)
    found.setdefault(field["name"], [])
    if message not in found[field["name"]]:
        found[field["name"]].append(message)
