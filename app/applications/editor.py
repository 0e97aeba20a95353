"""The builder's field editor: one WTForms form for every kind, turned into a field of the definition.

Only the rules of the field's kind are read; the whole definition is then checked again
(``app.applications.definition``), so the builder cannot save what a filing could not use.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from .definition import (CHOICE, FILE, FILE_TYPES, KINDS, MULTICHOICE, NAME, NUMBER, RECORD, TABLE, TEXT_LIMITS,
                         YESNO)

KIND_LABELS = {
    "text": _l("Short text"), "textarea": _l("Long text"), "number": _l("Number"), "date": _l("Date"),
    "choice": _l("Choice (from a dictionary)"), "multichoice": _l("Several choices (from a dictionary)"),
    "yesno": _l("Yes or no"), "phone": _l("Phone number"), "uscc": _l("Unified social credit code"),
    "standard": _l("Standard number"), "file": _l("File"), "table": _l("Table of rows"),
    "record": _l("One of the enterprise's own records (e.g. an instrument of its ledger)"),
}


class _Checkboxes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _number(text: str | None):
    text = (text or "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return text  # the definition's check refuses it, translated
    return int(value) if value.is_integer() else value


class FieldForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=lambda: [(k, str(KIND_LABELS[k])) for k in KINDS])
    name = StringField(_l("Name (stored with the answers, never changes)"), validators=[
        DataRequired(message=_l("Please give the field a name.")),
        Regexp(NAME.pattern, message=_l("A name is a lowercase letter, then lowercase letters, digits or _ (at most 40)."))])
    label_zh = StringField(_l("Label (Chinese)"), validators=[DataRequired(message=_l("Please give the Chinese label.")),
                                                              Length(max=200)])
    label_en = StringField(_l("Label (English)"), validators=[DataRequired(message=_l("Please give the English label.")),
                                                              Length(max=200)])
    help_zh = TextAreaField(_l("Help (Chinese)"), validators=[Optional(), Length(max=500)])
    help_en = TextAreaField(_l("Help (English)"), validators=[Optional(), Length(max=500)])
    required = BooleanField(_l("Required"))
    show_if_field = SelectField(_l("Show only when this field…"), choices=[], validate_choice=False)
    show_if_equals = StringField(_l("…has this answer (yes, no or a dictionary code)"), validators=[Length(max=40)])
    max_length = StringField(_l("Most characters"))
    minimum = StringField(_l("Lowest value"))
    maximum = StringField(_l("Highest value"))
    integer = BooleanField(_l("Whole numbers only"))
    unit_zh = StringField(_l("Unit (Chinese)"), validators=[Length(max=20)])
    unit_en = StringField(_l("Unit (English)"), validators=[Length(max=20)])
    dictionary = SelectField(_l("Dictionary of the answers"), choices=[], validate_choice=False)
    source = SelectField(_l("Records offered"), choices=[], validate_choice=False)
    types = _Checkboxes(_l("File types"), choices=[(t, t.upper()) for t in FILE_TYPES], validate_choice=False)
    max_mb = StringField(_l("Largest file (MB)"))
    material_zh = StringField(_l("The guide's material it is (Chinese; the label if empty)"), validators=[Length(max=300)])
    material_en = StringField(_l("The guide's material it is (English)"), validators=[Length(max=300)])
    max_rows = StringField(_l("Most rows"))

    def spec(self, kinds: dict[str, str]) -> dict:
        """The field as the definition stores it (checked with the whole definition afterwards);
        ``kinds``: {name: kind} of the fields it may depend on."""
        kind = self.kind.data
        spec = {"name": self.name.data.strip(), "kind": kind, "required": bool(self.required.data),
                "label": {"zh": self.label_zh.data.strip(), "en": self.label_en.data.strip()},
                "help": {"zh": (self.help_zh.data or "").strip(), "en": (self.help_en.data or "").strip()}}
        if self.show_if_field.data:
            equals = (self.show_if_equals.data or "").strip()
            spec["show_if"] = {"field": self.show_if_field.data,
                               "equals": {"yes": True, "no": False}.get(equals.lower(), equals)
                               if kinds.get(self.show_if_field.data) == YESNO else equals}
        if kind in TEXT_LIMITS:
            spec["max_length"] = _number(self.max_length.data)
        elif kind == NUMBER:
            spec.update(min=_number(self.minimum.data), max=_number(self.maximum.data), integer=bool(self.integer.data),
                        unit={"zh": (self.unit_zh.data or "").strip(), "en": (self.unit_en.data or "").strip()})
        elif kind in (CHOICE, MULTICHOICE):
            spec["dictionary"] = self.dictionary.data
        elif kind == RECORD:
            spec["source"] = self.source.data
        elif kind == FILE:
            spec.update(types=list(self.types.data or FILE_TYPES), max_mb=_number(self.max_mb.data),
                        material={"zh": (self.material_zh.data or "").strip(), "en": (self.material_en.data or "").strip()})
        elif kind == TABLE:
            spec["max_rows"] = _number(self.max_rows.data)
        return {key: value for key, value in spec.items() if value is not None}

    def load(self, field: dict) -> None:
        """Fill the form with a stored field."""
        self.kind.data, self.name.data, self.required.data = field["kind"], field["name"], field["required"]
        self.label_zh.data, self.label_en.data = field["label"]["zh"], field["label"]["en"]
        self.help_zh.data, self.help_en.data = field["help"]["zh"], field["help"]["en"]
        condition = field.get("show_if")
        if condition:
            self.show_if_field.data = condition["field"]
            equals = condition["equals"]
            self.show_if_equals.data = ("yes" if equals else "no") if isinstance(equals, bool) else equals
        self.max_length.data = str(field.get("max_length") or "")
        for name, key in (("minimum", "min"), ("maximum", "max"), ("max_mb", "max_mb"), ("max_rows", "max_rows")):
            getattr(self, name).data = "" if field.get(key) is None else str(field[key])
        self.integer.data = field.get("integer", False)
        for lang in ("zh", "en"):
            getattr(self, f"unit_{lang}").data = (field.get("unit") or {}).get(lang, "")
            getattr(self, f"material_{lang}").data = (field.get("material") or {}).get(lang, "")
        self.dictionary.data = field.get("dictionary", "")
        self.source.data = field.get("source", "")
        self.types.data = field.get("types", list(FILE_TYPES))
