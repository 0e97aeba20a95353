"""The forms of the equipment pages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, Optional


class InstrumentForm(FlaskForm):
    """An instrument the institution offers for time-share use."""

    name = StringField(_l("Instrument name"), validators=[DataRequired(message=_l("Give the instrument's name.")),
                                                          Length(max=200)])
    model = StringField(_l("Model"), validators=[Optional(), Length(max=200)])
    measures = StringField(_l("What it measures or tests"), validators=[
        DataRequired(message=_l("Say what the instrument measures or tests.")), Length(max=500)])
    location = StringField(_l("Where it stands"), validators=[
        DataRequired(message=_l("Say where the instrument stands.")), Length(max=300)])
    price = StringField(_l("Price per hour"), validators=[Optional(), Length(max=200)])
    rules = TextAreaField(_l("Rules of use"), validators=[Optional(), Length(max=4000)])
    active = BooleanField(_l("Offered for booking"), default=True)


class BookingForm(FlaskForm):
    """A time range on one day (China time)."""

    day = DateField(_l("Day"), validators=[InputRequired(message=_l("Give the day of the booking."))])
    starts = TimeField(_l("From"), validators=[InputRequired(message=_l("Give the start time."))])
    ends = TimeField(_l("To"), validators=[InputRequired(message=_l("Give the end time."))])
    purpose = TextAreaField(_l("What you will measure"), validators=[Optional(), Length(max=2000)])


class RefuseForm(FlaskForm):
    """Why a booking is refused."""

    reason = TextAreaField(_l("Reason"), validators=[DataRequired(message=_l("Say why the booking is refused.")),
                                                    Length(max=2000)])
