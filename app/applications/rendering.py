"""A definition as a WTForms form in the reader's language, its data as answers, answers as text.

Every input is taken as text and turned into the answer's JSON type here; whether it is right is
the schema's job (``app.applications.schema``), so one place says what is wrong, in one voice.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from flask_babel import format_decimal, gettext, lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms import FieldList, FileField, Form, FormField, RadioField, SelectField, SelectMultipleField, StringField, \
    TextAreaField
from wtforms.widgets import CheckboxInput, ListWidget

from ..dictionaries.lookup import choices as dictionary_choices, label as dictionary_label
from ..i18n.language import reader_language
from .definition import (CHOICE, DATE, FILE, MULTICHOICE, NUMBER, PHONE, RECORD, TABLE, TEXTAREA, USCC, YESNO,
                         text_in)

YES_NO = (("yes", _l("Yes")), ("no", _l("No")))


class _Checkboxes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _record_choices(field: dict, organisation_id):
    from ..extensions import db
    from .sources import search

    def choices():
        rows, _more = search(db.session, field["source"], organisation_id) if organisation_id else ([], False)
        return [("", "—")] + rows
    return choices


def _input(field: dict, lang: str, organisation_id=None):
    """The WTForms field of one definition field (a table's cell too)."""
    kind = field["kind"]
    label = text_in(field["label"], lang)
    options = {"label": label, "description": text_in(field.get("help"), lang)}
    attrs = {"data-kind": kind}
    if field["required"]:
        attrs["aria-required"] = "true"
    if kind == TEXTAREA:
        return TextAreaField(**options, render_kw={**attrs, "rows": 4, "maxlength": field["max_length"]})
    if kind == NUMBER:
        return StringField(**options, render_kw={**attrs, "inputmode": "numeric" if field.get("integer") else "decimal",
                                                 "data-unit": text_in(field.get("unit"), lang)})
    if kind == DATE:
        return StringField(**options, render_kw={**attrs, "type": "date"})
    if kind == CHOICE:
        return SelectField(**options, choices=lambda: [("", "—")] + dictionary_choices(field["dictionary"]),
                           validate_choice=False, render_kw=attrs)
    if kind == RECORD:
        # the first records; qi-lookup.js fetches the rest as the user types (app.applications.views)
        return SelectField(**options, choices=_record_choices(field, organisation_id), validate_choice=False,
                           render_kw={**attrs, "class": "qi-lookup form-control",
                                      "data-lookup": f"/forms/records/{field['source']}"})
    if kind == MULTICHOICE:
        return _Checkboxes(**options, choices=lambda: dictionary_choices(field["dictionary"]), validate_choice=False,
                           render_kw=attrs)
    if kind == YESNO:
        return RadioField(**options, choices=[(v, str(t)) for v, t in YES_NO], validate_choice=False, render_kw=attrs)
    if kind == PHONE:
        return StringField(**options, render_kw={**attrs, "type": "tel", "autocomplete": "tel"})
    if kind == FILE:
        accept = ",".join({"pdf": ".pdf", "jpg": ".jpg,.jpeg", "png": ".png"}[t] for t in field["types"])
        return FileField(**options, render_kw={**attrs, "accept": accept})
    if kind == TABLE:
        row_form = type("RowForm", (Form,), {c["name"]: _input(c, lang) for c in field["columns"]})
        return FieldList(FormField(row_form), **options, min_entries=1, max_entries=field["max_rows"])
    return StringField(**options, render_kw={**attrs, "maxlength": field.get("max_length", 200),
                                             **({"autocapitalize": "characters"} if kind == USCC else {})})


def answers_form_class(definition: dict, lang: str | None = None, organisation_id: int | None = None) -> type[Form]:
    """A form with one field per definition field, labelled in ``lang`` (the reader's); record
    fields offer ``organisation_id``'s records."""
    lang = lang or reader_language()
    attrs = {f["name"]: _input(f, lang, organisation_id) for f in definition["fields"]}
    return type("AnswersForm", (Form,), attrs)


def _value(field: dict, raw):
    kind = field["kind"]
    if kind == NUMBER:
        text = (raw or "").strip().replace(",", "").replace("，", "")
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            return text  # the schema says it is not a number
        if not number.is_finite():
            return text
        return int(number) if number == number.to_integral_value() else float(number)
    if kind == YESNO:
        return {"yes": True, "no": False}.get(raw)
    if kind == MULTICHOICE:
        return [code for code in raw or [] if code]
    if kind == TABLE:
        rows = [{c["name"]: _value(c, row.get(c["name"])) for c in field["columns"]} for row in raw or []]
        rows = [{k: v for k, v in row.items() if v not in (None, "", [])} for row in rows]
        return [row for row in rows if row]
    if kind == FILE:
        return None  # files are kept by app.applications.files
    if isinstance(raw, str):
        raw = raw.strip()
        return raw.upper() if kind == USCC else raw
    return raw


def answers_of(definition: dict, form: Form) -> dict:
    """The answers a submitted answers form holds, as JSON values (files left out)."""
    return {f["name"]: _value(f, form[f["name"]].data) for f in definition["fields"]}


def _raw(field: dict, value):
    kind = field["kind"]
    if kind == YESNO:
        return {True: "yes", False: "no"}.get(value)
    if kind == NUMBER:
        return "" if value is None else str(value)
    if kind == TABLE:
        return [{c["name"]: _raw(c, row.get(c["name"])) for c in field["columns"]} for row in value or []]
    return value


def fill(definition: dict, form: Form, answers: dict) -> None:
    """Put stored ``answers`` into an unsent answers form (a draft, a copy)."""
    for field in definition["fields"]:
        if field["kind"] == TABLE:
            rows = _raw(field, answers.get(field["name"]))
            entries = form[field["name"]]
            while len(entries) < len(rows):
                entries.append_entry()
            for entry, row in zip(entries, rows):
                for key, value in row.items():
                    entry.form[key].data = value
        elif field["kind"] != FILE and field["name"] in answers:
            form[field["name"]].data = _raw(field, answers[field["name"]])


def shown_value(field: dict, value, lang: str | None = None, file_url=None) -> Markup:
    """One answer as the reader reads it: labels of codes, Yes/No, a number with its unit, a link to a
    file, a table as a table. Escaped."""
    lang = lang or reader_language()
    kind = field["kind"]
    if value in (None, "", []):
        return Markup("")
    if kind == CHOICE:
        return escape(dictionary_label(field["dictionary"], value))
    if kind == MULTICHOICE:
        return escape(gettext(", ").join(dictionary_label(field["dictionary"], code) for code in value))
    if kind == YESNO:
        return escape(gettext("Yes") if value else gettext("No"))
    if kind == NUMBER:
        unit = text_in(field.get("unit"), lang)
        return escape(f"{format_decimal(value)} {unit}".strip()) if isinstance(value, (int, float)) else escape(value)
    if kind == DATE:
        try:
            return escape(dt.date.fromisoformat(value).isoformat())
        except (TypeError, ValueError):
            return escape(value)
    if kind == RECORD:
        return escape(value.get("label", value.get("id", "")) if isinstance(value, dict) else value)
    if kind == FILE:
        name = escape(value.get("name", "")) if isinstance(value, dict) else escape(value)
        url = file_url(value) if file_url and isinstance(value, dict) and value.get("document") else None
        return Markup('<a href="{}">{}</a>').format(url, name) if url else name
    if kind == TABLE:  # Markup.format escapes what it is given; the cells are escaped already
        head = Markup("").join(Markup("<th>{}</th>").format(text_in(c["label"], lang)) for c in field["columns"])
        body = Markup("").join(
            Markup("<tr>{}</tr>").format(Markup("").join(
                Markup("<td>{}</td>").format(shown_value(c, row.get(c["name"]), lang)) for c in field["columns"]))
            for row in value)
        return Markup('<table class="table table-condensed qi-answer-table"><thead><tr>{}</tr></thead>'
                      "<tbody>{}</tbody></table>").format(head, body)
    return escape(value)


def plain_value(field: dict, value, lang: str | None = None) -> str:
    """One answer as plain text (a spreadsheet cell, the search index): no markup on the way, as an
    export writes it for every cell of thousands of rows."""
    kind = field["kind"]
    if value in (None, "", []):
        return ""
    if kind == FILE:
        return value.get("name", "") if isinstance(value, dict) else str(value)
    if kind == RECORD:
        return str(value.get("label", "")) if isinstance(value, dict) else str(value)
    if kind == TABLE:
        return "; ".join(", ".join(plain_value(c, row.get(c["name"]), lang) for c in field["columns"]
                                   if row.get(c["name"]) not in (None, "")) for row in value)
    if kind == CHOICE:
        return dictionary_label(field["dictionary"], value)
    if kind == MULTICHOICE:
        return gettext(", ").join(dictionary_label(field["dictionary"], code) for code in value)
    if kind == YESNO:
        return gettext("Yes") if value else gettext("No")
    if kind == NUMBER and isinstance(value, (int, float)):
        unit = text_in(field.get("unit"), lang or reader_language())
        return f"{value} {unit}".strip()
    return str(value)


def shown_answers(definition: dict | None, answers: dict | None, file_url=None) -> list[tuple[str, Markup]]:
    """(label, shown answer) of each answered field, in the form's order and the reader's language."""
    if not definition or not answers:
        return []
    lang = reader_language()
    return [(text_in(f["label"], lang), shown_value(f, answers[f["name"]], lang, file_url))
            for f in definition["fields"] if answers.get(f["name"]) not in (None, "", [])]
