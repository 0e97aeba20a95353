"""One translated enumeration for every choice list: ``Choices({code: lazy label})``.

A choice list (an instrument's state, a patent's type, a guide's channels …) is stored as codes and
shown as labels in the reader's language. ``Choices`` is that mapping, and gives every place a code
appears the same label:

- ``STATES.label(code)``: one code's label (an unknown code is shown as it is, ``None`` as nothing);
- ``STATES.select(_l("State"))``: a select field whose options follow the reader's language;
- ``STATES.formatter``: ``formatters_columns`` of a list or show page (and of the CSV export);
- ``STATES.labels(codes)``: several codes (a list, or a comma-separated string) joined per language.

It is a read-only ``Mapping``, so ``STATES.get(code)``, ``code in STATES`` and ``{**STATES, …}``
keep working. ``join_list`` joins any texts as the reader's language does (“a, b” / “a、b”).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from .language import reader_language


def join_list(items: Iterable) -> str:
    """Texts joined as the reader's language lists them: “a, b” in English, “a、b” in Chinese."""
    texts = [str(item) for item in items if item is not None and str(item) != ""]
    return ("、" if reader_language() == "zh" else ", ").join(texts)


class Choices(Mapping):
    """Codes and their lazy (translated) labels, in the order they are offered."""

    def __init__(self, labels: Mapping):
        self._labels = dict(labels)

    def __getitem__(self, code):
        return self._labels[code]

    def __iter__(self):
        return iter(self._labels)

    def __len__(self) -> int:
        return len(self._labels)

    def __or__(self, other: Mapping) -> "Choices":
        return Choices({**self._labels, **dict(other)})

    def label(self, code) -> str:
        """One code's label in the reader's language; an unknown code as it is, None as ''."""
        if code is None or code == "":
            return ""
        found = self._labels.get(code)
        return str(found) if found is not None else str(code)

    def labels(self, codes) -> str:
        """Several codes (a list, or one comma-separated string) as labels joined per language."""
        if isinstance(codes, str):
            codes = [c.strip() for c in codes.split(",") if c.strip()]
        return join_list(self.label(code) for code in codes or [])

    def options(self) -> list[tuple[str, str]]:
        """``(code, label)`` pairs for a select field, in the reader's language."""
        return [(code, str(label)) for code, label in self._labels.items()]

    def select(self, label, multiple: bool = False, **kwargs):
        """A WTForms select field of these codes; its options are translated when rendered."""
        from wtforms import SelectField, SelectMultipleField

        field = SelectMultipleField if multiple else SelectField
        return field(label, choices=self.options, **kwargs)

    @property
    def formatter(self):
        """For ``formatters_columns``: a stored code (or comma-separated codes) shown as its label."""
        def show(value):
            if isinstance(value, str) and "," in value and value not in self._labels:
                return self.labels(value)
            return self.label(value)
        return show


def _comma_field():
    from wtforms import SelectMultipleField, widgets

    class CommaSeparatedCodes(SelectMultipleField):
        """Checkboxes of codes for a column that stores them comma-separated (``online,window``)."""

        widget = widgets.ListWidget(prefix_label=False)
        option_widget = widgets.CheckboxInput()

        def process_data(self, value):
            if isinstance(value, str):
                value = [c.strip() for c in value.split(",") if c.strip()]
            super().process_data(value)

        def process_formdata(self, valuelist):
            # A client sending the stored form ("online,window") in one value means the same codes.
            super().process_formdata([c.strip() for v in valuelist for c in str(v).split(",") if c.strip()])

        def populate_obj(self, obj, name):
            setattr(obj, name, ",".join(self.data or []))

    return CommaSeparatedCodes


def codes_field(choices: Choices, label, **kwargs):
    """A field of checkboxes for a column storing several codes comma-separated, offered as labels."""
    return _comma_field()(label, choices=choices.options, **kwargs)


def join_labels(codes, labels: Mapping) -> str:
    """Codes shown through any {code: label} mapping, joined per language (a Jinja filter)."""
    if isinstance(codes, str):
        codes = [c.strip() for c in codes.split(",") if c.strip()]
    return join_list(labels.get(code, code) for code in codes or [])
