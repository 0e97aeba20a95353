"""The forms of the need pages: filing a need (public and staff intake), a step, following a case."""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from ..catalog.forms import CONTACT
from ..form_tokens import TOKEN_PATTERN
from ..identifiers import normalise_contact, normalise_identifier

NUMBER = re.compile(r"^[A-Z]{2,8}-\d{4}-\d{4,9}$")


class NeedForm(FlaskForm):
    """What anyone gives to file a need: the item, what they need, and how to reach them."""

    token = HiddenField(validators=[DataRequired(), Regexp(TOKEN_PATTERN)])
    # the window the need is filed at (``?window=<code>`` from the window's page)
    window = HiddenField(validators=[Optional(), Length(max=40)])
    item = SelectField(_l("Service item"), choices=[], validate_choice=True)
    title = StringField(_l("What do you need?"), validators=[
        DataRequired(message=_l("Please say in a few words what you need.")), Length(max=200)])
    description = TextAreaField(_l("Details"), validators=[
        DataRequired(message=_l("Please describe your need.")),
        Length(min=5, max=4000, message=_l("Please write between 5 and 4000 characters."))])
    contact_name = StringField(_l("Your name"), validators=[
        DataRequired(message=_l("Please tell us your name.")), Length(max=100)])
    contact = StringField(_l("Phone or e-mail"), filters=[normalise_contact], validators=[
        DataRequired(message=_l("Please give a phone number or e-mail address so we can answer you.")),
        Length(max=200)])

    def validate_contact(self, field):
        if not CONTACT.match((field.data or "").strip()):
            raise ValidationError(_l("This is neither a phone number nor an e-mail address."))


class IntakeForm(NeedForm):
    """A need staff record for someone who called, came to a window, was visited or wrote (6.3.1-1)."""

    channel = SelectField(_l("Came by"), choices=[], validate_choice=True)
    window = SelectField(_l("Window"), choices=[], validate_choice=False)
    need_type = SelectField(_l("Kind of need"), choices=[], validate_choice=True)
    uscc = StringField(_l("Unified social credit code of a registered enterprise (optional)"),
                       filters=[normalise_identifier], validators=[
        Optional(), Regexp(r"^[0-9A-HJ-NPQRTUWXY]{18}$", message=_l("A credit code has 18 characters."))])
    contact_name = StringField(_l("Name of the person"), validators=[
        DataRequired(message=_l("Please give the person's name.")), Length(max=100)])


class StepForm(FlaskForm):
    """One step on a need page: the step, its comment and, for matching, the institution."""

    step = HiddenField(validators=[DataRequired()])
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=4000)])
    institution_id = SelectField(_l("Service institution"), choices=[], validate_choice=False)


class FollowForm(FlaskForm):
    """The case number and secret code that open a case without an account."""

    number = StringField(_l("Case number"), validators=[DataRequired(message=_l("Please give the case number.")),
                                                         Length(max=20)])
    code = StringField(_l("Secret code"), validators=[DataRequired(message=_l("Please give the secret code.")),
                                                       Length(max=20)])
