"""The forms of the evaluation pages: the survey of Appendix B (表B.1), the staff entry, a case's cause
analysis and the platform's improvement measures.

The nine ratings are read by ``read_ratings`` rather than by WTForms fields: each missing, non-integer
or out-of-range rating (0, 11) gets one translated message naming its dimension, and a rating at or
below ``DISSATISFIED_AT`` without a reason gets one too.
"""
from __future__ import annotations

from flask_babel import gettext, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from ..accounts.forms import MultiCheckboxField
from .dimensions import DIMENSIONS, DISSATISFIED_AT, HIGHEST, LOWEST

REASON_CHARS = 1000


class SurveyForm(FlaskForm):
    """The header of the survey, the service contents and the suggestions (ratings: ``read_ratings``)."""

    user_name = StringField(_l("User name (enterprise)"), validators=[
        DataRequired(message=_l("Give the user's name (the enterprise).")), Length(max=200)])
    service_date = DateField(_l("Service date"), validators=[
        DataRequired(message=_l("Give the service date (YYYY-MM-DD)."))])
    contact_name = StringField(_l("Contact person"), validators=[
        DataRequired(message=_l("Give the contact person.")), Length(max=100)])
    phone = StringField(_l("Contact phone"), validators=[
        DataRequired(message=_l("Give the contact phone.")), Length(max=40)])
    institution_name = StringField(_l("Service institution"), validators=[
        DataRequired(message=_l("Give the service institution.")), Length(max=200)])
    contents = MultiCheckboxField(_l("Service content (several may be ticked)"), choices=[], coerce=str,
                                  validators=[DataRequired(message=_l("Tick at least one service content."))])
    suggestions = TextAreaField(_l("Other requests or suggestions"), validators=[Optional(), Length(max=4000)])


class EntryForm(SurveyForm):
    """A survey staff type in from paper or a phone call (or from a return visit)."""

    kind = SelectField(_l("Kind of evaluation"), choices=[], validators=[DataRequired()])
    source = SelectField(_l("Received by"), choices=[], validators=[DataRequired()])
    need_number = StringField(_l("Case number (optional)"), validators=[
        Optional(), Length(max=20), Regexp(r"^[A-Za-z]{2,8}-\d{4}-\d{4,9}$", message=_l("This is not a case number."))])
    return_visit = StringField(validators=[Optional(), Regexp(r"^\d{1,12}$")])


class CauseForm(FlaskForm):
    """The cause analysis of a dissatisfaction case."""

    cause = TextAreaField(_l("Cause of the dissatisfaction and what is done about it"), validators=[
        DataRequired(message=_l("Write down the cause that was found.")), Length(max=4000)])


class ImprovementForm(FlaskForm):
    """The platform's improvement measures written on an evaluation (持续改进措施)."""

    improvement = TextAreaField(_l("Improvement measures (filled by the platform)"), validators=[
        DataRequired(message=_l("Write down the improvement measures.")), Length(max=4000)])


class CaseStepForm(FlaskForm):
    """A bare form: a CSRF token for closing a case."""


def read_ratings(formdata) -> tuple[dict[str, int], dict[str, str], dict[str, str]]:
    """The nine ratings and the reasons of the low ones from the posted form.

    Returns ``(ratings, reasons, errors)``: ``errors`` maps a field name (``r3`` or ``reason_r3``) to
    its translated message; nothing is to be saved while it is not empty."""
    ratings, reasons, errors = {}, {}, {}
    for column, label in DIMENSIONS:
        raw = (formdata.get(column) or "").strip()
        if not raw:
            errors[column] = gettext("%(dimension)s: choose a rating.", dimension=label)
            continue
        if not raw.isdigit() or len(raw) > 3:
            errors[column] = gettext("%(dimension)s: the rating must be a whole number from %(low)d to %(high)d.",
                                     dimension=label, low=LOWEST, high=HIGHEST)
            continue
        value = int(raw)
        if not LOWEST <= value <= HIGHEST:
            errors[column] = gettext("%(dimension)s: %(value)d is outside the scale; rate from %(low)d to %(high)d.",
                                     dimension=label, value=value, low=LOWEST, high=HIGHEST)
            continue
        ratings[column] = value
        reason = (formdata.get(f"reason_{column}") or "").strip()[:REASON_CHARS]
        if value <= DISSATISFIED_AT:
            if not reason:
                errors[f"reason_{column}"] = gettext(
                    "%(dimension)s: a rating of %(value)d or less asks for a reason; please say what went wrong.",
                    dimension=label, value=DISSATISFIED_AT)
            else:
                reasons[column] = reason
    return ratings, reasons, errors
