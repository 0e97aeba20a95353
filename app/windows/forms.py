"""The forms of the window pages: the whole window (staff), its public details (the owning
organisation's members), a row of weekly hours and a row of the staff roster."""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, FieldList, FloatField, Form, FormField, IntegerField, SelectField,
                     SelectMultipleField, StringField, TextAreaField, TimeField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from .models import KIND_LABELS

CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")
# Addresses under /windows/ that are pages, not windows: no window may take them as its code.
RESERVED_CODES = frozenset({"manage", "setup", "coverage", "resources", "new", "sign"})
WEEKDAY_LABELS = [_l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"), _l("Saturday"),
                  _l("Sunday")]
BLANK_HOURS_ROWS = 3
BLANK_STAFF_ROWS = 2


class HoursRowForm(Form):
    """One opening of the weekly template; a row without times is left out."""

    weekday = SelectField(_l("Day"), choices=[], coerce=int, validate_choice=False)
    opens = TimeField(_l("Opens"), validators=[Optional()])
    closes = TimeField(_l("Closes"), validators=[Optional()])
    slot_minutes = IntegerField(_l("Slot (minutes)"), default=30, validators=[
        Optional(), NumberRange(5, 240, message=_l("A slot lasts from 5 to 240 minutes."))])
    capacity = IntegerField(_l("Places per slot"), default=2, validators=[
        Optional(), NumberRange(1, 500, message=_l("A slot has from 1 to 500 places."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.weekday.choices = [(n, str(label)) for n, label in enumerate(WEEKDAY_LABELS)]

    @property
    def blank(self) -> bool:
        return self.opens.data is None and self.closes.data is None

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.blank:
            return valid
        if self.weekday.data not in range(7):
            self.weekday.errors = [*self.weekday.errors, _l("Choose a day of the week.")]
            valid = False
        if self.opens.data is None or self.closes.data is None:
            self.closes.errors = [*self.closes.errors, _l("Give both the opening and the closing time.")]
            return False
        if self.closes.data <= self.opens.data:
            self.closes.errors = [*self.closes.errors, _l("The window must close after it opens.")]
            valid = False
        for name in ("slot_minutes", "capacity"):
            if getattr(self, name).data is None:
                getattr(self, name).errors = [*getattr(self, name).errors, _l("Please give a number.")]
                valid = False
        return valid


class StaffRowForm(Form):
    """One member of the roster: a user with the role WindowStaff and their duty."""

    user_id = SelectField(_l("Window staff member"), choices=[], coerce=str, validate_choice=False)
    duty = StringField(_l("Duty"), validators=[Optional(), Length(max=200)])


def _overlapping(rows) -> bool:
    spans = sorted((r.weekday.data, r.opens.data, r.closes.data) for r in rows)
    return any(a[0] == b[0] and b[1] < a[2] for a, b in zip(spans, spans[1:]))


class WindowDetailsForm(FlaskForm):
    """What the owning institution or enterprise may change: the public details, hours and services."""

    description = TextAreaField(_l("What the window does"), validators=[Optional(), Length(max=4000)])
    flow = TextAreaField(_l("Service flow"), validators=[Optional(), Length(max=4000)])
    cycle = StringField(_l("Service cycle"), validators=[Optional(), Length(max=200)])
    price = StringField(_l("Price"), validators=[Optional(), Length(max=200)])
    items = SelectMultipleField(_l("Service items handled"), choices=[], coerce=int, validate_choice=False)
    categories = SelectMultipleField(_l("Whole service categories handled"), choices=[], coerce=int,
                                     validate_choice=False)
    hours = FieldList(FormField(HoursRowForm), min_entries=0, max_entries=50)

    def validate_hours(self, field):
        rows = [r for r in field.entries if not r.form.blank]
        if _overlapping([r.form for r in rows]):
            raise ValidationError(_l("Two openings of the same day overlap."))

    def validate_items(self, field):
        allowed = {value for value, _ in field.choices}
        if any(value not in allowed for value in field.data or []):
            raise ValidationError(_l("Choose service items from the list."))

    def validate_categories(self, field):
        allowed = {value for value, _ in field.choices}
        if any(value not in allowed for value in field.data or []):
            raise ValidationError(_l("Choose service categories from the list."))


class WindowForm(WindowDetailsForm):
    """The whole window, for platform staff: who it belongs to, where it is, who works it."""

    code = StringField(_l("Code (in the public address)"), validators=[
        DataRequired(message=_l("Please give the window a code.")),
        Regexp(CODE, message=_l("A code has 2 to 40 small letters, digits or hyphens."))])
    kind = SelectField(_l("Kind of window"), choices=[], validate_choice=False)
    name = StringField(_l("Name (Chinese)"), validators=[DataRequired(message=_l("Please give the window a name.")),
                                                         Length(max=200)])
    name_en = StringField(_l("Name (English)"), validators=[Optional(), Length(max=200)])
    organisation_id = SelectField(_l("Owning institution or enterprise"), choices=[], coerce=str,
                                  validate_choice=False)
    region_code = SelectField(_l("Region"), choices=[], validate_choice=False)
    address = StringField(_l("Address"), validators=[DataRequired(message=_l("Please give the address.")),
                                                     Length(max=300)])
    latitude = FloatField(_l("Latitude"), validators=[
        Optional(), NumberRange(-90, 90, message=_l("A latitude lies between -90 and 90."))])
    longitude = FloatField(_l("Longitude"), validators=[
        Optional(), NumberRange(-180, 180, message=_l("A longitude lies between -180 and 180."))])
    phone = StringField(_l("Phone"), validators=[DataRequired(message=_l("Please give the window's phone.")),
                                                 Length(max=40)])
    industry = StringField(_l("Industry it takes packages for"), validators=[Optional(), Length(max=100)])
    active = BooleanField(_l("Open to the public"), default=True)
    staff = FieldList(FormField(StaffRowForm), min_entries=0, max_entries=50)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [(code, str(label)) for code, label in KIND_LABELS.items()]

    def validate_code(self, field):
        if field.data in RESERVED_CODES:
            raise ValidationError(_l("This code is taken by a page of the platform."))

    def validate_kind(self, field):
        if field.data not in KIND_LABELS:
            raise ValidationError(_l("Choose the kind of window."))

    def validate_region_code(self, field):
        if field.data not in {value for value, _ in field.choices}:
            raise ValidationError(_l("Choose a region of the platform."))

    def validate_staff(self, field):
        chosen = [row.form.user_id.data for row in field.entries if row.form.user_id.data]
        allowed = {value for value, _ in field.entries[0].form.user_id.choices} if field.entries else set()
        if any(value not in allowed for value in chosen):
            raise ValidationError(_l("Only users with the role WindowStaff can work a window."))
        if len(chosen) != len(set(chosen)):
            raise ValidationError(_l("A member of staff is on the roster twice."))
