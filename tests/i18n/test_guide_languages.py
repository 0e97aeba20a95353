"""Guides are bilingual: the reader's language, a visible notice while it is missing, and a
completeness check listing what is missing per language (``flask qi i18n missing``)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.catalog.models import PUBLISHED, ServiceCategory, ServiceGuide, ServiceItem
from app.extensions import db
from app.i18n.completeness import missing_content

NOTICE_EN = "English version not available yet"


@pytest.fixture
def chinese_only_guide(app):
    """A published guide written in Chinese only, removed afterwards."""
    with app.app_context():
        category = db.session.scalar(sa.select(ServiceCategory).where(ServiceCategory.code == "quality"))
        item = ServiceItem(category_id=category.id, code="i18n-chinese-only", name_zh="仅中文事项",
                           name_en="Chinese-only service", order=999)
        item.guide = ServiceGuide(acceptance_conditions="- 仅限测试企业", materials="营业执照复印件",
                                  steps="在线提交\n窗口办理", faq="**问？**\n\n答。", status=PUBLISHED)
        db.session.add(item)
        db.session.commit()
    yield "i18n-chinese-only"
    with app.app_context():
        item = db.session.scalar(sa.select(ServiceItem).where(ServiceItem.code == "i18n-chinese-only"))
        db.session.delete(item.guide)
        db.session.delete(item)
        db.session.commit()


@pytest.mark.clause("4.1-4b")
def test_english_readers_get_the_english_body_of_a_seeded_guide(client):
    client.get("/lang/en")
    html = client.get("/item/metrology-verification-calibration").get_data(as_text=True)
    assert "Copy of the business licence (with the company seal)" in html
    assert "What is the difference between verification and calibration?" in html
    assert "营业执照" not in html and NOTICE_EN not in html
    sheet = client.get("/item/metrology-verification-calibration/notice").get_data(as_text=True)
    assert "Copy of the business licence (with the company seal)" in sheet and "营业执照" not in sheet


def test_chinese_readers_keep_the_chinese_body(client):
    html = client.get("/item/metrology-verification-calibration").get_data(as_text=True)
    assert "营业执照复印件（加盖公章）" in html and "Copy of the business licence" not in html


def test_a_guide_without_english_says_so_and_shows_the_chinese_marked_as_chinese(client, chinese_only_guide):
    client.get("/lang/en")
    html = client.get(f"/item/{chinese_only_guide}").get_data(as_text=True)
    assert NOTICE_EN in html
    assert 'lang="zh"' in html and "营业执照复印件" in html
    client.get("/lang/zh")
    assert NOTICE_EN not in client.get(f"/item/{chinese_only_guide}").get_data(as_text=True)


def test_the_completeness_check_lists_what_each_language_lacks(app, chinese_only_guide):
    with app.app_context():
        found = missing_content(db.session)
    line = next(line for line in found["en"] if line.startswith(f"guide {chinese_only_guide}:"))
    for field in ("acceptance_conditions_en", "materials_en", "steps_en", "faq_en"):
        assert field in line
    assert not any(line.startswith("guide metrology-verification-calibration:") for line in found["en"])
    assert not any(chinese_only_guide in line for line in found["zh"])


def test_the_cli_prints_the_missing_texts_and_fails(app, chinese_only_guide):
    result = app.test_cli_runner().invoke(args=["qi", "i18n", "missing"])
    assert result.exit_code == 1
    assert f"guide {chinese_only_guide}: acceptance_conditions_en" in result.output
    assert result.output.startswith("zh: ")


def test_the_seeded_guides_are_complete_in_both_languages(app):
    """Every guide the platform and its plugins ship has an English body (the 41 seeded guides); the
    test suite's outside plugin (dummy) ships one without, and the check names it."""
    with app.app_context():
        found = missing_content(db.session)
    incomplete = [line for lines in found.values() for line in lines if line.startswith("guide ")]
    assert incomplete == ["guide dummy-sample-retention: acceptance_conditions_en, materials_en, steps_en, faq_en"]
