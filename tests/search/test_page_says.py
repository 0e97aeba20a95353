"""The search page says what it searched for, when it fell back, the exact answer first; staff keep
the synonym table; the page's statement count does not grow with the index."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.search.models import SearchEntry, SearchSynonym
from tests.windows.test_sql_counts import counting


@pytest.fixture(scope="module", autouse=True)
def standards(app):
    from plugins.standardization.demo import DEMO_ROWS
    from plugins.standardization.importer import import_standards

    with app.app_context():
        import_standards(db.session, DEMO_ROWS)
        db.session.commit()


def _searched(html):
    return re.findall(r'class="qi-searched-word">([^<]+)<', html)


def test_the_page_says_what_it_searched_for_in_both_languages(client):
    html = client.get("/search/", query_string={"q": "压力表校准"}).get_data(as_text=True)
    assert "搜索了：" in html and _searched(html) == ["压力表", "校准"]
    assert "计量器具检定校准" in re.search(r'class="qi-searched-synonyms">([^<]+)<', html).group(1)
    client.get("/lang/en")
    html = client.get("/search/", query_string={"q": "Pressure Gauge calibration"}).get_data(as_text=True)
    assert "Searched for:" in html and _searched(html) == ["pressure gauge", "calibration"]
    assert "also measuring instruments" in html


def test_the_page_says_when_it_fell_back_in_both_languages(client):
    html = client.get("/search/", query_string={"q": "计量器具 区块链"}).get_data(as_text=True)
    assert 'data-mode="any"' in html and "没有结果同时包含这些词" in html
    client.get("/lang/en")
    html = client.get("/search/", query_string={"q": "计量器具 区块链"}).get_data(as_text=True)
    assert "No result holds all these words" in html
    assert 'data-mode="all"' in client.get("/search/", query_string={"q": "计量器具"}).get_data(as_text=True)


def test_an_undated_number_shows_its_current_edition_first(client):
    html = client.get("/search/", query_string={"q": "ＧＢ／Ｔ１９００１"}).get_data(as_text=True)
    assert "最佳匹配" in html
    assert re.findall(r'class="qi-resolved-title">([^<]+)<', html) == ["GB/T 19001-2016 质量管理体系 要求"]
    client.get("/lang/en")
    assert "Best match" in client.get("/search/", query_string={"q": "GB/T19001"}).get_data(as_text=True)


def test_staff_edit_the_synonym_table_and_search_follows(app, platform_staff_client, client):
    before = client.get("/search/?q=vernier+caliper&kind=item").get_data(as_text=True)
    assert "计量器具检定校准" not in re.findall(r'class="qi-hit-title">([^<]+)<', before)
    page = platform_staff_client.get("/searchsynonymview/list/")
    assert page.status_code == 200 and "压力表" in page.get_data(as_text=True)
    response = platform_staff_client.post("/searchsynonymview/add", data={
        "word": "ＶＥＲＮＩＥＲ Caliper", "terms": "计量器具检定校准", "language": "en"}, follow_redirects=True)
    assert response.status_code == 200
    try:
        with app.app_context():
            row = db.session.scalar(sa.select(SearchSynonym).where(SearchSynonym.word == "vernier caliper"))
            assert row is not None  # stored as queries are searched
        html = client.get("/search/", query_string={"q": "vernier caliper", "kind": "item"}).get_data(as_text=True)
        assert "计量器具检定校准" in re.findall(r'class="qi-hit-title">([^<]+)<', html)
        refused = platform_staff_client.post("/searchsynonymview/add", data={
            "word": "!!!", "terms": "，，", "language": "xx"})
        assert refused.status_code == 200 and "The word needs" not in refused.get_data(as_text=True)  # zh UI
        assert "词需要包含字母、数字或汉字" in refused.get_data(as_text=True)
    finally:
        with app.app_context():
            db.session.execute(sa.delete(SearchSynonym).where(SearchSynonym.word.in_(["vernier caliper", "!!!"])))
            db.session.commit()


def test_only_staff_open_the_synonym_table(anonymous_client, enterprise_client, institution_client):
    for client in (anonymous_client, enterprise_client, institution_client):
        response = client.get("/searchsynonymview/list/")
        assert response.status_code in (302, 403), response.status_code
        assert client.post("/searchsynonymview/add", data={"word": "x1", "terms": "y", "language": "zh"}
                           ).status_code in (302, 403)


def test_the_search_page_sends_as_many_statements_with_many_more_entries(app, client):
    def statements(q):
        url = "/search/?" + q
        assert client.get(url).status_code == 200
        with counting(app) as sent:
            assert client.get(url).status_code == 200
        return len(sent)

    queries = ["q=计量", "q=压力表校准", "q=计量器具+区块链", "q=GB/T19001", "q=jiliang"]
    before = {q: statements(q) for q in queries}
    with app.app_context():
        db.session.execute(sa.insert(SearchEntry), [
            {"kind": "item", "ref_id": f"bulk-{i}", "title": f"计量校准压力表区块链服务{i}", "url": f"/bulk/{i}",
             "public": True, "title_tokens": "计量 校准 压力 力表 区块 块链 jiliang", "body_tokens": "",
             "tags": "kinditem pub", "summary": ""} for i in range(200)])
        db.session.commit()
    try:
        after = {q: statements(q) for q in queries}
        assert all(after[q] <= before[q] for q in queries), (before, after)  # never one more per entry
    finally:
        with app.app_context():
            db.session.execute(sa.delete(SearchEntry).where(SearchEntry.ref_id.like("bulk-%")))
            db.session.commit()
