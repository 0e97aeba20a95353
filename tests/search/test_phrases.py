"""Search hits read in the reader's language, whoever saved the record and in whatever language
(``app.search.phrases``): statuses and types are translated when the hit is shown, a record's
bilingual fields are chosen then."""
import pytest
from flask_babel import force_locale

from app.extensions import db
from app.search.models import SearchEntry
from plugins.standardization.models import Standard

NUMBER = "GB/T 77701-2026"


@pytest.fixture
def standard_saved_in_english(app):
    with app.test_request_context("/?_l_=en"), force_locale("en"):
        standard = Standard(number=NUMBER, number_key="GB/T77701-2026", title_zh="钼铌合金棒材规范",
                            title_en="Molybdenum-niobium alloy bars", status="abolished")
        db.session.add(standard)
        db.session.commit()
        standard_id = standard.id
    yield standard_id
    with app.app_context():
        db.session.delete(db.session.get(Standard, standard_id))
        db.session.commit()


def _page(client, language):
    client.get(f"/lang/{language}")
    return client.get("/search/", query_string={"q": "钼铌合金棒材"}).get_data(as_text=True)


def test_a_standard_saved_by_an_english_reader_reads_in_chinese_to_a_chinese_reader(client, standard_saved_in_english):
    zh = _page(client, "zh")
    assert f"{NUMBER} 钼铌合金棒材规范" in zh and "废止" in zh
    assert "Withdrawn" not in zh and "Molybdenum" not in zh
    en = _page(client, "en")
    assert f"{NUMBER} Molybdenum-niobium alloy bars" in en and "Withdrawn" in en
    assert "废止" not in en and "钼铌合金棒材规范" not in en


def test_the_index_keeps_the_status_untranslated_so_a_new_catalog_applies_at_once(app, standard_saved_in_english):
    with app.app_context():
        entry = db.session.query(SearchEntry).filter_by(kind="standardization_standard",
                                                        ref_id=str(standard_saved_in_english)).one()
    assert entry.summary == "废止"  # the default language's text, for whoever reads the table itself
    assert '"Withdrawn (standard)"' in entry.display and "废止" not in entry.display


def test_an_english_reader_finds_a_standard_by_its_english_status_and_title(client, standard_saved_in_english):
    client.get("/lang/en")
    html = client.get("/search/", query_string={"q": "Molybdenum niobium withdrawn"}).get_data(as_text=True)
    assert f"{NUMBER} Molybdenum-niobium alloy bars" in html


def test_the_complaint_form_and_the_catalog_read_in_english(client):
    client.get("/lang/en")
    html = client.get("/search/", query_string={"q": "投诉"}).get_data(as_text=True)
    assert "Complaints · File a complaint online" in html and "Not satisfied with a service" in html
    assert "在线投诉" not in html
    client.get("/lang/zh")
    html = client.get("/search/", query_string={"q": "投诉"}).get_data(as_text=True)
    assert "投诉 · 在线投诉" in html
