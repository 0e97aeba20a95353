"""The unified search leads 投诉 / "complaint" queries to the complaint form, in both languages."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("query", ["投诉", "complaint", "Complaint", "我要投诉"])
def test_searching_for_a_complaint_leads_to_the_complaint_form(client, query):
    html = client.get("/search/", query_string={"q": query}).get_data(as_text=True)
    assert 'href="/complaints/new"' in html, query


def test_the_complaint_form_is_found_with_english_pages_too(client):
    client.get("/lang/en")
    html = client.get("/search/", query_string={"q": "complaint"}, headers={"Accept-Language": "en"}).get_data(
        as_text=True)
    assert 'href="/complaints/new"' in html
