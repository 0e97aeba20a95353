"""Registration, completion, change and deregistration forms."""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, PasswordField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..auth.passwords import password_policy
from ..identifiers import normalise_contact, normalise_phone
from .identifiers import is_valid_resident_id, is_valid_uscc, normalize_resident_id, normalize_uscc
from .institution_types import type_choices, type_label
from .models import ATTACHMENT_LABELS, KINDS

MOBILE = re.compile(r"^1[3-9]\d{9}$")
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def login_name(form, field):
    value = normalise_contact(field.data) or ""
    if not (MOBILE.match(value) or re.match(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$", value)):
        raise ValidationError(_l("Use a mobile phone number or an e-mail address."))
    field.data = value


def uscc(form, field):
    if not is_valid_uscc(field.data):
        raise ValidationError(_l("This is not a valid unified social credit code (18 characters, check character included)."))
    field.data = normalize_uscc(field.data)


def resident_id(form, field):
    if not is_valid_resident_id(field.data):
        raise ValidationError(_l("This is not a valid resident ID number."))
    field.data = normalize_resident_id(field.data)


def phone(form, field):
    value = normalise_phone(field.data) or ""
    if not PHONE.match(value):
        raise ValidationError(_l("Use a mobile number or a landline with its area code."))
    field.data = value


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes for a multi-choice. A required one means "tick at least one", which HTML cannot say:
    ``required`` on every box would make the browser demand all of them, so the server checks it."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __iter__(self):
        for option in super().__iter__():
            option.flags.required = False
            yield option


def _required(message):
    return DataRequired(message=message)


class OrganisationFields(FlaskForm):
    """The organisation's own fields (registration and completion)."""

    institution_types = MultiCheckboxField(_l("Institution type"), choices=[], validators=[Optional()])
    uscc = StringField(_l("Unified social credit code"), validators=[_required(_l("Please give the credit code.")), uscc])
    name = StringField(_l("Organisation name"), validators=[_required(_l("Please give the name.")), Length(max=200)])
    legal_representative = StringField(_l("Legal representative"), validators=[
        _required(_l("Please give the legal representative.")), Length(max=100)])
    address = StringField(_l("Address"), validators=[_required(_l("Please give the address.")), Length(max=300)])
    region_code = SelectField(_l("Region"), validators=[_required(_l("Please choose the region."))])
    industry = StringField(_l("Industry"), validators=[Optional(), Length(max=100)])
    contact_person = StringField(_l("Contact person"), validators=[
        _required(_l("Please give a contact person.")), Length(max=100)])
    contact_phone = StringField(_l("Contact phone"), validators=[_required(_l("Please give a contact phone.")), phone])
    description = TextAreaField(_l("Services offered"), validators=[Optional(), Length(max=2000)])
    application_form = FileField(ATTACHMENT_LABELS["application_form"])
    business_licence = FileField(ATTACHMENT_LABELS["business_licence"])
    qualification_certificate = FileField(ATTACHMENT_LABELS["qualification_certificate"])
    integrity_commitment = FileField(ATTACHMENT_LABELS["integrity_commitment"])
    capability_scope = FileField(ATTACHMENT_LABELS["capability_scope"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The types of the plugins loaded now, labelled in the reader's language when rendered.
        self.institution_types.choices = type_choices()


class RegistrationForm(OrganisationFields):
    """Self-registration of an enterprise or institution user with their organisation."""

    kind = SelectField(_l("I register"), choices=[(k, v) for k, v in KINDS.items() if k != "resource"],
                       validators=[DataRequired()])
    login = StringField(_l("Login (mobile phone or e-mail)"), validators=[
        _required(_l("Please choose a login name.")), login_name, Length(max=128)])
    email = StringField(_l("E-mail for notices"), validators=[
        _required(_l("Please give an e-mail address.")), Email(message=_l("This is not an e-mail address.")),
        Length(max=320)])
    password = PasswordField(_l("Password"), validators=[_required(_l("Please choose a password.")), password_policy])
    confirm = PasswordField(_l("Repeat password"), validators=[EqualTo("password", message=_l("The passwords differ."))])
    real_name = StringField(_l("Real name (kept private)"), validators=[
        _required(_l("Please give your real name.")), Length(max=100)])
    id_number = StringField(_l("Resident ID number (kept private)"), validators=[
        _required(_l("Please give your ID number.")), resident_id])
    display_name = StringField(_l("Name shown on the platform"), validators=[
        _required(_l("Please choose the name others see.")), Length(max=100)])
    # explicit consent to the privacy policy (app.web.privacy): never ticked in advance, required
    consent = BooleanField(_l("I have read the privacy policy and agree that my real name, resident ID number and "
                              "phone are used for the purposes it states."), default=False,
                           validators=[_required(_l("Registration needs your consent to the privacy policy. "
                                                    "Without it nothing is saved."))])


class ChangeForm(FlaskForm):
    new_name = StringField(_l("New name"), validators=[Optional(), Length(max=200)])
    new_address = StringField(_l("New address"), validators=[Optional(), Length(max=300)])
    new_legal_representative = StringField(_l("New legal representative"), validators=[Optional(), Length(max=100)])
    changed_on_date = DateField(_l("Date of the change"), validators=[_required(_l("Please give the date of the change."))])
    business_licence = FileField(_l("New business licence"))
    supporting_document = FileField(ATTACHMENT_LABELS["supporting_document"])

    def validate(self, extra_validators=None):
        if not super().validate(extra_validators):
            return False
        if not (self.new_name.data or self.new_address.data or self.new_legal_representative.data):
            self.new_name.errors.append(_l("Give at least one new value."))
            return False
        return True


class DeregisterForm(FlaskForm):
    closure_date = DateField(_l("Closure date"), validators=[Optional()])
    reason = TextAreaField(_l("Reason"), validators=[_required(_l("Please give the reason.")), Length(max=2000)])


class DecisionForm(FlaskForm):
    reason = TextAreaField(_l("Reason or note"), validators=[Optional(), Length(max=2000)])
    missing = MultiCheckboxField(_l("What is missing"), choices=[], validators=[Optional()])


class HasInstitutionType:
    """Validator of an organisation drop-down: the chosen organisation's approved institution types
    include ``type_code`` (an institution lists itself as an IP agency or certification body only
    when approved as one). Platform staff may choose any organisation."""

    def __init__(self, type_code: str):
        self.type_code = type_code

    def __call__(self, form, field):
        from ..scoping import acting_user, is_staff

        organisation = field.data
        if organisation is None or is_staff(acting_user()):
            return
        if self.type_code not in organisation.types:
            raise ValidationError(_l("Your organisation is not approved as %(type)s: ask the platform to add this "
                                     "institution type first.", type=type_label(self.type_code)))
