"""The forms of the sample pages: receiving a sample, and one step of it."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from ..form_tokens import TOKEN_PATTERN


class ReceiveForm(FlaskForm):
    """A sample received at the station for a need."""

    token = HiddenField(validators=[DataRequired(), Regexp(TOKEN_PATTERN)])
    need_number = StringField(_l("Case number of the need"), validators=[
        DataRequired(message=_l("Please give the case number.")), Length(max=20)])
    window_id = SelectField(_l("Park service station"), choices=[], coerce=str, validate_choice=False)
    name = StringField(_l("Sample"), validators=[Optional(), Length(max=200)])
    quantity = StringField(_l("Quantity"), validators=[Optional(), Length(max=100)])


class SampleStepForm(FlaskForm):
    """One step of a sample: the institution (to send it) or the report number and file (to issue it)."""

    step = HiddenField(validators=[DataRequired()])
    institution_id = SelectField(_l("Testing institution"), choices=[], coerce=str, validate_choice=False)
    report_number = StringField(_l("Report number"), validators=[Optional(), Length(max=60)])
    report_file = FileField(_l("Report file (optional)"))
