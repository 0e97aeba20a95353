"""The form of a dictionary item."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from .declared import CODE


class ItemForm(FlaskForm):
    code = StringField(_l("Code"), validators=[
        DataRequired(message=_l("Please give the code.")),
        Regexp(CODE, message=_l("A code is a lowercase letter, then lowercase letters, digits or _ (at most 40)."))])
    label_zh = StringField(_l("Label in Chinese"), validators=[
        DataRequired(message=_l("Please give the Chinese label.")), Length(max=200)])
    label_en = StringField(_l("Label in English"), validators=[
        DataRequired(message=_l("Please give the English label.")), Length(max=200)])
    position = IntegerField(_l("Order"), default=100, validators=[
        Optional(), NumberRange(min=0, max=100000, message=_l("Give a whole number from 0 to 100000."))])
    active = BooleanField(_l("Offered in forms"), default=True)
