"""The support forms: a new ticket, and a message on one."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from ..form_tokens import TOKEN_PATTERN
from .flow import BODY_MAX, SUBJECT_MAX


class TicketForm(FlaskForm):
    """What the user types; the page and the error reference come along in hidden fields (checked
    again when it is sent, ``app.support.attached``)."""

    token = HiddenField(validators=[DataRequired(), Regexp(TOKEN_PATTERN)])
    page = HiddenField(validators=[Optional(), Length(max=2000)])
    error = HiddenField(validators=[Optional(), Length(max=64)])
    subject = StringField(_l("Subject"), validators=[
        DataRequired(message=_l("Please give the ticket a subject.")),
        Length(max=SUBJECT_MAX, message=_l("Please write at most %(max)d characters."))])
    body = TextAreaField(_l("What happened, and what you were trying to do"), validators=[
        DataRequired(message=_l("Please describe the problem.")),
        Length(max=BODY_MAX, message=_l("Please write at most %(max)d characters."))])


class MessageForm(FlaskForm):
    body = TextAreaField(_l("Message"), validators=[
        DataRequired(message=_l("Please write a message.")),
        Length(max=BODY_MAX, message=_l("Please write at most %(max)d characters."))])
