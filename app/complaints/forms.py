"""The forms of the complaint pages: filing (website and staff intake), a step, following with the
number and secret code, reopening from the follow page."""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, MultipleFileField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from ..catalog.forms import CONTACT
from ..form_tokens import TOKEN_PATTERN
from ..identifiers import normalise_contact
from .models import LETTER, PHONE, WINDOW

NUMBER = re.compile(r"^TS-\d{4}-\d{6,9}$")
NEED_NUMBER = re.compile(r"^[A-Z]{2,8}-\d{4}-\d{4,9}$")
INTAKE_CHANNELS = (PHONE, WINDOW, LETTER)


class ComplaintForm(FlaskForm):
    """The standard's fields (6.4.2-2): the institution complained about (a platform institution
    found by name, or the name of an outside one), the type, the content, what the complainant asks
    for; a related case, the complainant's name and contact, attachments."""

    token = HiddenField(validators=[DataRequired(), Regexp(TOKEN_PATTERN)])
    institution_find = StringField(_l("Find a platform institution by name"), validators=[Optional(), Length(max=100)])
    institution_id = SelectField(_l("Platform institution complained about"), choices=[], validate_choice=False)
    institution_name = StringField(_l("Or the name of an institution outside the platform"),
                                   validators=[Optional(), Length(max=200)])
    complaint_type = SelectField(_l("Type of complaint"), choices=[], validate_choice=False)
    content = TextAreaField(_l("What you complain about"), validators=[
        Optional(), Length(max=4000, message=_l("Please write at most 4000 characters."))])
    request = TextAreaField(_l("What you ask for"), validators=[
        Optional(), Length(max=2000, message=_l("Please write at most 2000 characters."))])
    case_number = StringField(_l("Case number of your need it is about (optional)"),
                              validators=[Optional(), Length(max=20)])
    complainant_name = StringField(_l("Your name"), validators=[Optional(), Length(max=100)])
    contact = StringField(_l("Phone or e-mail"), filters=[normalise_contact], validators=[Optional(), Length(max=200)])
    attachments = MultipleFileField(_l("Attachments (PDF, JPEG or PNG)"))

    def validate_case_number(self, field):
        if field.data and not NEED_NUMBER.match(field.data.strip().upper()):
            raise ValidationError(_l("This is not a case number (for example XQ-2026-000123)."))

    def validate_contact(self, field):
        if field.data and not CONTACT.match(field.data.strip()):
            raise ValidationError(_l("This is neither a phone number nor an e-mail address."))


class IntakeForm(ComplaintForm):
    """A complaint staff record for someone who called, came to a window or wrote."""

    channel = SelectField(_l("Came by"), choices=[], validate_choice=True)
    window = SelectField(_l("Window"), choices=[], validate_choice=False)
    complainant_name = StringField(_l("Name of the complainant"), validators=[Optional(), Length(max=100)])


class StepForm(FlaskForm):
    """One step on a complaint page, with its text."""

    step = HiddenField(validators=[DataRequired(), Length(max=30)])
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=4000)])


class FollowForm(FlaskForm):
    """The complaint number and secret code that open a complaint without an account."""

    number = StringField(_l("Complaint number"), validators=[
        DataRequired(message=_l("Please give the complaint number.")), Length(max=20)])
    code = StringField(_l("Secret code"), validators=[DataRequired(message=_l("Please give the secret code.")),
                                                       Length(max=20)])


class ReopenForm(FollowForm):
    """Reopening from the follow page: the number and code again, and why."""

    comment = TextAreaField(_l("Why the outcome does not settle the complaint"), validators=[
        DataRequired(message=_l("Please say why you reopen the complaint.")), Length(max=4000)])
