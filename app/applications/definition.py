"""An application form's definition: its fields, their kinds and rules, checked before it is used.

A definition is plain JSON, so it is stored, versioned, exported and imported as it is::

    {"fields": [{"name": "count", "kind": "number", "label": {"zh": "数量", "en": "Quantity"},
                 "help": {"zh": "", "en": ""}, "required": true, "min": 1, "max": 500, "integer": true,
                 "unit": {"zh": "台", "en": "units"}, "show_if": {"field": "has_ledger", "equals": true}}]}

Kinds and the rules each takes (besides name, label, help, required and show_if):

- ``text`` (``max_length``, at most 500), ``textarea`` (``max_length``, at most 8000);
- ``number`` (``min``, ``max``, ``integer``, ``unit``), ``date``;
- ``choice`` and ``multichoice`` (``dictionary``: the code of a dictionary, ``app.dictionaries``);
- ``yesno``, ``phone``, ``uscc`` (unified social credit code), ``standard`` (a standard's number);
- ``file`` (``types``: among pdf, jpg, png; ``max_mb``), with ``material``: the line of the guide's
  办事材料 it is (its label when not given);
- ``table`` (``columns``: fields of the simple kinds, ``max_rows``): rows such as instruments or samples;
- ``record`` (``source``: a ``qi_form_sources`` code): one of the filing enterprise's own records,
  such as an instrument of its ledger; kept as ``{"id", "label"}``.

``show_if`` names an earlier yes/no or choice field and the answer that shows the field; a hidden
field is neither required nor kept.
"""
from __future__ import annotations

import re

from flask_babel import gettext

TEXT, TEXTAREA, NUMBER, DATE, CHOICE, MULTICHOICE = "text", "textarea", "number", "date", "choice", "multichoice"
YESNO, PHONE, USCC, STANDARD, FILE, TABLE = "yesno", "phone", "uscc", "standard", "file", "table"
RECORD = "record"
KINDS = (TEXT, TEXTAREA, NUMBER, DATE, CHOICE, MULTICHOICE, YESNO, PHONE, USCC, STANDARD, RECORD, FILE, TABLE)
# the kinds a table's column may take: one value per cell
COLUMN_KINDS = (TEXT, NUMBER, DATE, CHOICE, YESNO, PHONE, USCC, STANDARD)
# the kinds whose answer can show or hide a later field
CONDITION_KINDS = (YESNO, CHOICE)
FILE_TYPES = ("pdf", "jpg", "png")
TEXT_LIMITS = {TEXT: (200, 500), TEXTAREA: (2000, 8000)}  # (default, most) characters
MAX_FIELDS, MAX_COLUMNS, MAX_ROWS = 80, 12, 200
NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_COMMON = {"name", "kind", "label", "help", "required", "show_if"}
_RULES = {TEXT: {"max_length"}, TEXTAREA: {"max_length"}, NUMBER: {"min", "max", "integer", "unit"}, DATE: set(),
          CHOICE: {"dictionary"}, MULTICHOICE: {"dictionary"}, YESNO: set(), PHONE: set(), USCC: set(),
          STANDARD: set(), FILE: {"types", "max_mb", "material"}, TABLE: {"columns", "max_rows"}, RECORD: {"source"}}
FORMAT = "qi-item-form/1"  # the marker of an exported form file


class DefinitionError(ValueError):
    """A definition the platform refuses; ``errors`` lists why, translated."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def _bilingual(value, what: str, errors: list, required: bool, limit: int = 200) -> dict:
    if value in (None, "") and not required:
        return {"zh": "", "en": ""}
    if not isinstance(value, dict) or set(value) - {"zh", "en"}:
        errors.append(gettext("%(what)s must have a Chinese and an English text.", what=what))
        return {"zh": "", "en": ""}
    out = {lang: (value.get(lang) or "").strip() if isinstance(value.get(lang) or "", str) else None
           for lang in ("zh", "en")}
    if None in out.values() or any(len(text) > limit for text in out.values()):
        errors.append(gettext("%(what)s must be text of at most %(limit)d characters.", what=what, limit=limit))
        return {"zh": "", "en": ""}
    if required and not all(out.values()):
        errors.append(gettext("%(what)s needs both a Chinese and an English text.", what=what))
    return out


def _number(value, what: str, errors: list, low=None, high=None):
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value in (
            float("inf"), float("-inf")):
        errors.append(gettext("%(what)s must be a number.", what=what))
        return None
    if (low is not None and value < low) or (high is not None and value > high):
        errors.append(gettext("%(what)s must be between %(low)s and %(high)s.", what=what, low=low, high=high))
        return None
    return int(value) if float(value).is_integer() else value


def _field(spec, earlier: dict, errors: list, column: bool = False, dictionaries=None, sources=None) -> dict | None:
    """One field checked and normalised (only known keys, defaults filled in), or None."""
    if not isinstance(spec, dict):
        errors.append(gettext("A field must be an object with a name, a kind and a label."))
        return None
    name = spec.get("name")
    if not isinstance(name, str) or not NAME.match(name):
        errors.append(gettext("%(name)s is not a field name: a lowercase letter, then lowercase letters, digits or _ "
                              "(at most 40).", name=repr(name)))
        return None
    kind = spec.get("kind")
    allowed_kinds = COLUMN_KINDS if column else KINDS
    if kind not in allowed_kinds:
        errors.append(gettext("%(name)s: the kind must be one of %(kinds)s.", name=name, kinds=", ".join(allowed_kinds)))
        return None
    unknown = set(spec) - _COMMON - _RULES[kind]
    if unknown:
        errors.append(gettext("%(name)s: %(keys)s do not apply to this kind of field.", name=name,
                              keys=", ".join(sorted(unknown))))
    if name in earlier:
        errors.append(gettext("%(name)s is used by two fields.", name=name))
    if spec.get("required") not in (None, True, False):
        errors.append(gettext("%(name)s: required is true or false.", name=name))
    field = {"name": name, "kind": kind,
             "label": _bilingual(spec.get("label"), gettext("The label of %(name)s", name=name), errors, True),
             "help": _bilingual(spec.get("help"), gettext("The help of %(name)s", name=name), errors, False, 500),
             "required": bool(spec.get("required"))}
    if kind in TEXT_LIMITS:
        default, most = TEXT_LIMITS[kind]
        field["max_length"] = _number(spec.get("max_length"), gettext("The length of %(name)s", name=name), errors,
                                      1, most) or default
    elif kind == NUMBER:
        low = _number(spec.get("min"), gettext("The lowest value of %(name)s", name=name), errors)
        high = _number(spec.get("max"), gettext("The highest value of %(name)s", name=name), errors)
        if low is not None and high is not None and low > high:
            errors.append(gettext("%(name)s: the lowest value is above the highest.", name=name))
        if spec.get("integer") not in (None, True, False):
            errors.append(gettext("%(name)s: integer is true or false.", name=name))
        field.update(min=low, max=high, integer=bool(spec.get("integer")),
                     unit=_bilingual(spec.get("unit"), gettext("The unit of %(name)s", name=name), errors, False, 20))
    elif kind in (CHOICE, MULTICHOICE):
        code = spec.get("dictionary")
        known = dictionaries() if dictionaries else None
        if not isinstance(code, str) or (known is not None and code not in known):
            errors.append(gettext("%(name)s: choose the dictionary its answers come from.", name=name))
        field["dictionary"] = code if isinstance(code, str) else ""
    elif kind == RECORD:
        code = spec.get("source")
        known = sources() if sources else None
        if not isinstance(code, str) or not code or (known is not None and code not in known):
            errors.append(gettext("%(name)s: choose the records it offers.", name=name))
        field["source"] = code if isinstance(code, str) else ""
    elif kind == FILE:
        types = spec.get("types") or list(FILE_TYPES)
        if not isinstance(types, list) or not types or set(types) - set(FILE_TYPES):
            errors.append(gettext("%(name)s: the file types are among %(types)s.", name=name, types=", ".join(FILE_TYPES)))
            types = list(FILE_TYPES)
        field["types"] = [t for t in FILE_TYPES if t in types]
        field["max_mb"] = _number(spec.get("max_mb"), gettext("The size limit of %(name)s", name=name), errors, 1, 100)
        material = spec.get("material")
        field["material"] = _bilingual(material, gettext("The material of %(name)s", name=name), errors, False, 300)
    elif kind == TABLE:
        columns, seen = [], {}
        raw = spec.get("columns")
        if not isinstance(raw, list) or not raw or len(raw) > MAX_COLUMNS:
            errors.append(gettext("%(name)s: a table has 1 to %(most)d columns.", name=name, most=MAX_COLUMNS))
            raw = raw if isinstance(raw, list) else []
        for column_spec in raw[:MAX_COLUMNS]:
            if isinstance(column_spec, dict) and column_spec.get("show_if"):
                errors.append(gettext("%(name)s: a table's columns cannot be shown on a condition.", name=name))
            checked = _field(column_spec, seen, errors, column=True, dictionaries=dictionaries)
            if checked is not None:
                seen[checked["name"]] = checked
                columns.append(checked)
        field["columns"] = columns
        field["max_rows"] = _number(spec.get("max_rows"), gettext("The most rows of %(name)s", name=name), errors,
                                    1, MAX_ROWS) or 20
    condition = spec.get("show_if")
    if condition and not column:
        field["show_if"] = _condition(name, condition, earlier, errors)
    return field


def _condition(name: str, condition, earlier: dict, errors: list) -> dict | None:
    if not isinstance(condition, dict) or set(condition) != {"field", "equals"}:
        errors.append(gettext("%(name)s: a condition names an earlier field and the answer that shows this one.",
                              name=name))
        return None
    other = earlier.get(condition["field"])
    if other is None or other["kind"] not in CONDITION_KINDS:
        errors.append(gettext("%(name)s: it can only depend on an earlier yes/no or choice field.", name=name))
        return None
    value = condition["equals"]
    if (other["kind"] == YESNO) != isinstance(value, bool) or not isinstance(value, (bool, str)):
        errors.append(gettext("%(name)s: the answer that shows it must be one %(other)s can take.", name=name,
                              other=other["name"]))
        return None
    return {"field": other["name"], "equals": value}


def check_definition(spec, dictionaries=None, sources=None) -> dict:
    """The definition normalised (known keys only, defaults filled in); DefinitionError else.

    ``dictionaries``: a function returning the known dictionary codes (choice fields must name one);
    None skips that check (a plugin's form is checked before the database is read); ``sources``
    likewise for the record sources of ``qi_form_sources``.
    """
    errors: list[str] = []
    if not isinstance(spec, dict) or not isinstance(spec.get("fields"), list):
        raise DefinitionError([gettext("A form definition is an object with a list of fields.")])
    if len(spec["fields"]) > MAX_FIELDS:
        raise DefinitionError([gettext("A form has at most %(most)d fields.", most=MAX_FIELDS)])
    fields, earlier = [], {}
    for raw in spec["fields"]:
        field = _field(raw, earlier, errors, dictionaries=dictionaries, sources=sources)
        if field is not None and field["name"] not in earlier:
            earlier[field["name"]] = field
            fields.append(field)
    if errors:
        raise DefinitionError(errors)
    return {"fields": fields}


def label(field: dict, lang: str) -> str:
    """A bilingual text of a field (``label``, ``help``, ``unit``, ``material``) in ``lang``, the other
    language when that one is empty."""
    return field["label"].get(lang) or field["label"].get("zh") or field["name"]


def text_in(value: dict | None, lang: str) -> str:
    if not value:
        return ""
    other = "en" if lang == "zh" else "zh"
    return value.get(lang) or value.get(other) or ""


def is_shown(field: dict, answers: dict) -> bool:
    """Whether ``field`` applies given the answers to the fields before it."""
    condition = field.get("show_if")
    if not condition:
        return True
    given = answers.get(condition["field"])
    return given == condition["equals"] or (isinstance(given, list) and condition["equals"] in given)


def for_filer(definition: dict, organisation_id: int | None) -> dict:
    """The definition as a filer sees it: without record fields when no enterprise files (anonymous
    filers, staff at intake): there are no records of theirs to pick."""
    if organisation_id is not None:
        return definition
    return {**definition, "fields": [f for f in definition["fields"] if f["kind"] != RECORD]}


def file_fields(definition: dict | None) -> list[dict]:
    return [f for f in (definition or {}).get("fields", []) if f["kind"] == FILE]
