"""Identifier and phone fields take what people type: full-width digits, spaces, hyphens, ``+86``
(app/identifiers.py), in registration, needs, consultations and complaints."""
from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from app.accounts.forms import RegistrationForm
from app.accounts.identifiers import is_valid_uscc
from app.catalog.forms import ConsultationForm
from app.complaints.forms import ComplaintForm
from app.identifiers import normalise_contact, normalise_identifier, normalise_phone
from app.needs.forms import IntakeForm, NeedForm
from app.testing.orgs import new_uscc

FULL_WIDTH = str.maketrans("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ")


@pytest.mark.parametrize("typed, plain", [
    ("+86 138-0013-8000", "13800138000"), ("１３８ ００１３ ８０００", "13800138000"), ("0086 13800138000", "13800138000"),
    ("＋８６－１３８００１３８０００", "13800138000"), ("86 138 0013 8000", "13800138000"), ("0951-1234567", "0951-1234567"),
    ("(0951) 123 4567", "0951-1234567"), ("+86 951 1234567", "0951-1234567"), ("0951-1234567-801", "0951-1234567-801"),
    ("010 8888 6666", "010-88886666"), ("０２１－１２３４５６７８", "021-12345678"), ("09515012345", "0951-5012345"),
    ("13800138000", "13800138000"), ("not a phone", "not a phone"),
])
def test_phones_lose_width_spaces_hyphens_and_the_country_code(typed, plain):
    assert normalise_phone(typed) == plain


def test_identifiers_and_contacts():
    code = new_uscc()
    typed = " ".join([code[:4], code[4:10], code[10:]]).translate(FULL_WIDTH).lower()
    assert normalise_identifier(typed) == code and is_valid_uscc(typed)
    assert normalise_identifier("６４０１０２－１９９００３０７－１２３Ｘ") == "640102199003071 23X".replace(" ", "")
    assert normalise_contact("ｗａｎｇ＠ｅｘａｍｐｌｅ．ｃｎ ") == "wang@example.cn"
    assert normalise_contact(None) is None and normalise_phone(None) is None


def _errors(app, form_class, data, whole=True):
    with app.test_request_context(method="POST"):
        form = form_class(formdata=MultiDict(data), meta={"csrf": False})
        if whole:
            form.validate()
            return form.errors, form
        return {name: form[name].errors for name in data if not form[name].validate(form)}, form


@pytest.mark.parametrize("form_class", [NeedForm, ConsultationForm, ComplaintForm])
def test_contact_fields_accept_plus_86_and_full_width_and_store_the_plain_number(app, form_class):
    for typed in ("+86 138-0013-8000", "１３８００１３８０００", "＋８６ １３８ ００１３ ８０００"):
        errors, form = _errors(app, form_class, {"contact": typed})
        assert "contact" not in errors, (form_class, typed, errors)
        assert form.contact.data == "13800138000"
    errors, _ = _errors(app, form_class, {"contact": "12345"})
    assert "contact" in errors  # still refused when it is no number at all


def test_registration_takes_a_full_width_credit_code_and_a_plus_86_phone(app):
    code = new_uscc()
    errors, form = _errors(app, RegistrationForm, {
        "uscc": code.translate(FULL_WIDTH)[:6] + " - " + code[6:], "contact_phone": "+86 139 9511 2233",
        "login": "＋８６ １３９９５１１２２３３"}, whole=False)
    assert not {"uscc", "contact_phone", "login"} & set(errors), errors
    assert (form.uscc.data, form.contact_phone.data, form.login.data) == (code, "13995112233", "13995112233")
    errors, _ = _errors(app, RegistrationForm, {"uscc": code[:-1] + "0" if code[-1] != "0" else code[:-1] + "1",
                                                "contact_phone": "+86 12"}, whole=False)
    assert {"uscc", "contact_phone"} <= set(errors)


def test_staff_intake_takes_a_credit_code_with_spaces_and_full_width(app):
    code = new_uscc()
    errors, form = _errors(app, IntakeForm, {"uscc": " ".join(code[i:i + 6] for i in range(0, 18, 6)).translate(FULL_WIDTH)})
    assert "uscc" not in errors and form.uscc.data == code
