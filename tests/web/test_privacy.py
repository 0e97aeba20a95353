"""The privacy policy page and the consent asked for at registration (app.web.privacy)."""
from __future__ import annotations

import sqlalchemy as sa

from app.accounts.models import UserProfile
from app.extensions import db
from tests.accounts.test_registration import form, post


def test_privacy_policy_is_public_in_both_languages(client):
    zh = client.get("/privacy/?_l_=zh")
    assert zh.status_code == 200
    text = zh.get_data(as_text=True)
    for words in ("居民身份证号码", "收集目的", "保存期限", "谁可以查看", "删除个人信息"):
        assert words in text
    en = client.get("/privacy/?_l_=en").get_data(as_text=True)
    for words in ("resident ID number", "Why", "How long we keep it", "Who sees it", "deleted"):
        assert words in en


def test_registration_states_the_purpose_and_asks_consent_not_ticked(client):
    page = client.get("/register/?_l_=en").get_data(as_text=True)
    assert 'id="privacy-notice"' in page and "verify who acts for the organisation" in page
    box = next(tag for tag in page.split("<input") if 'name="consent"' in tag)
    assert 'type="checkbox"' in box and "checked" not in box and "required" in box
    assert 'href="/privacy/"' in page


def test_registration_without_consent_is_refused_and_keeps_nothing(app):
    data = form(n="noconsent@qi.example.cn")
    data.pop("consent")
    response = post(app, data)
    assert response.status_code == 422
    assert "注册需要您同意隐私政策" in response.get_data(as_text=True)
    with app.app_context():
        assert app.appbuilder.sm.find_user(username="noconsent@qi.example.cn") is None


def test_registration_with_consent_stores_its_time_and_policy_version(app):
    response = post(app, form(n="consent@qi.example.cn"))
    assert response.status_code == 302
    with app.app_context():
        user = app.appbuilder.sm.find_user(username="consent@qi.example.cn")
        profile = db.session.scalar(sa.select(UserProfile).where(UserProfile.user_id == user.id))
        assert profile.privacy_consent_at is not None
        assert profile.privacy_version == app.config["QI_PRIVACY_VERSION"]
