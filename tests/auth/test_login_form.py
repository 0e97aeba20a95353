"""The sign-in form (app.security.QiAuthDBView): the name stays after a failed attempt; a phone number
signs in however it is typed."""
from __future__ import annotations

import re

import pytest

from app.cli import ensure_user
from app.testing.fixtures import login


def _field_value(page: str, name: str) -> str | None:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    value = re.search(r'value="([^"]*)"', tag.group(0)) if tag else None
    return value.group(1) if value else None


@pytest.mark.clause("4.1-4b")
def test_login_form_keeps_the_username_after_a_failed_attempt(app):
    client = app.test_client()
    failed = login(client, "t_enterprise", "not-the-password-1")
    assert failed.status_code == 302 and "/login/" in failed.headers["Location"]
    page = client.get(failed.headers["Location"]).get_data(as_text=True)
    assert _field_value(page, "username") == "t_enterprise"
    assert _field_value(page, "password") in (None, "")  # the password is never sent back
    # kept for the next page only
    assert _field_value(client.get("/login/").get_data(as_text=True), "username") in (None, "")


def test_login_page_offers_password_reset_and_registration(client):
    page = client.get("/login/?_l_=en").get_data(as_text=True)
    assert 'href="/password/forgot"' in page and "Forgot your password?" in page
    assert 'href="/register/"' in page


@pytest.mark.parametrize("typed", ["+86 139-0951-0077", "１３９０９５１００７７", "139 0951 0077"])
def test_a_phone_signs_in_however_it_is_typed(app, typed):
    with app.app_context():
        ensure_user("13909510077", "pw-phone-2026", "Enterprise", "phone77@test.local", "手机", "用户")
    response = login(app.test_client(), typed, "pw-phone-2026")
    assert response.status_code == 302 and "/login/" not in response.headers["Location"]
