"""The search page: one box, results grouped by type with counts, filters, paging."""
import re

import pytest


def _titles(html):
    return re.findall(r'class="qi-hit-title">([^<]+)<', html)


@pytest.mark.clause("6.2-2")
def test_search_page_groups_results_by_type(client):
    html = client.get("/search/?q=计量").get_data(as_text=True)
    assert "计量器具检定校准" in _titles(html)
    kinds = dict(re.findall(r'data-kind="(\w+)">[^<]+<span class="badge">(\d+)</span>', html))
    assert int(kinds["item"]) >= 5 and int(kinds["category"]) >= 1
    only_items = client.get("/search/?q=计量&kind=item").get_data(as_text=True)
    assert set(re.findall(r'class="qi-hit" data-kind="(\w+)"', only_items)) == {"item"}


def test_search_filters_and_pages(client):
    html = client.get("/search/?q=服务&category=ip").get_data(as_text=True)
    assert _titles(html) and all("知识产权" in t or "专利" in t or "服务" in t for t in _titles(html))
    page0 = _titles(client.get("/search/?q=服务&kind=item").get_data(as_text=True))
    page1 = _titles(client.get("/search/?q=服务&kind=item&page=1").get_data(as_text=True))
    assert len(page0) == 20 and page1 and not set(page0) & set(page1)


def test_search_without_results_says_so_in_both_languages(client):
    assert "未找到相关结果" in client.get("/search/?q=元宇宙区块链").get_data(as_text=True)
    client.get("/lang/en")
    assert "Nothing found" in client.get("/search/?q=元宇宙区块链").get_data(as_text=True)


def test_search_ignores_hostile_input(client):
    for q in ['"', "' OR 1=1 --", "NEAR(", "*", "计量\" OR \"", "a" * 500, "<script>alert(1)</script>"]:
        response = client.get("/search/", query_string={"q": q, "kind": "nope", "page": "-3"})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.get_data(as_text=True)
