"""Forms the public fills in: a consultation on a service item."""
import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Regexp, ValidationError

from ..identifiers import normalise_contact

# A mobile number, a landline (with area code, dashes or spaces) or an e-mail address.
CONTACT = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}[- ]?\d{7,8}([- ]\d{1,6})?|[^@\s]+@[^@\s]+\.[A-Za-z]{2,})$")


class ConsultationForm(FlaskForm):
    token = HiddenField(validators=[DataRequired(), Regexp(r"^[0-9a-f]{32}$")])
    name = StringField(_l("Your name"), validators=[
        DataRequired(message=_l("Please tell us your name.")), Length(max=100)])
    contact = StringField(_l("Phone or e-mail"), filters=[normalise_contact], validators=[
        DataRequired(message=_l("Please give a phone number or e-mail address so we can answer you.")),
        Length(max=200)])
    question = TextAreaField(_l("Your question"), validators=[
        DataRequired(message=_l("Please write your question.")),
        Length(min=5, max=2000, message=_l("Please write between 5 and 2000 characters."))])

    def validate_contact(self, field):
        if not CONTACT.match(field.data.strip()):
            raise ValidationError(_l("This is neither a phone number nor an e-mail address."))


class AnswerForm(FlaskForm):
    answer = TextAreaField(_l("Answer"), validators=[
        DataRequired(message=_l("Please write the answer.")), Length(max=5000)])
