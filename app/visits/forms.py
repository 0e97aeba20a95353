"""The forms of the visit pages: plan, log, cancel, and a need collected on the visit."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..needs.forms import NeedForm


class PlanForm(FlaskForm):
    """A visit to plan: the enterprise (chosen from a bounded search), the window, the day, why, who goes."""

    organisation_id = SelectField(_l("Enterprise"), choices=[], coerce=str, validate_choice=False)
    window_id = SelectField(_l("Window"), choices=[], coerce=str, validate_choice=False)
    planned_on = DateField(_l("Planned for"), validators=[Optional()])
    purpose = TextAreaField(_l("Purpose of the visit"), validators=[Optional(), Length(max=2000)])
    visitor = StringField(_l("Visitor"), validators=[Optional(), Length(max=128)])


class LogForm(FlaskForm):
    """A visit made."""

    done_on = DateField(_l("Visited on"), validators=[Optional()])
    met = StringField(_l("Whom you met"), validators=[Optional(), Length(max=200)])
    notes = TextAreaField(_l("Notes of the visit"), validators=[Optional(), Length(max=4000)])
    outcome = TextAreaField(_l("Outcome of the visit"), validators=[Optional(), Length(max=4000)])


class CancelForm(FlaskForm):
    """A visit called off."""

    reason = TextAreaField(_l("Why the visit is cancelled"), validators=[Optional(), Length(max=2000)])


class CollectedNeedForm(NeedForm):
    """A need the enterprise told the visitor about, filed in its name."""

    contact_name = StringField(_l("Name of the person"), validators=[
        DataRequired(message=_l("Please give the person's name.")), Length(max=100)])
