"""The forms of the appointment pages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from ..form_tokens import TOKEN_PATTERN

PHONE = r"^[0-9+\-() ]{5,40}$"


class BookingForm(FlaskForm):
    """What an enterprise gives to book a slot: the service, a note and a phone for the reminder."""

    token = HiddenField(validators=[DataRequired(), Regexp(TOKEN_PATTERN)])
    item = SelectField(_l("Service item"), choices=[], validate_choice=True,
                       validators=[DataRequired(message=_l("Choose the service you come for."))])
    note = TextAreaField(_l("Note for the window (optional)"), validators=[Optional(), Length(max=2000)])
    contact_phone = StringField(_l("Phone for the reminder"), validators=[
        DataRequired(message=_l("Please give a phone number for the reminder.")),
        Regexp(PHONE, message=_l("This is not a phone number."))])


class AppointmentActionForm(FlaskForm):
    """A button on an appointment: cancel, move (with the new time) or mark."""

    at = HiddenField()
    state = HiddenField()
