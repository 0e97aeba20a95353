"""Search hits of services and categories are named in the reader's language (at display time)."""
from __future__ import annotations

import re

import pytest


def _titles(html: str) -> list[str]:
    return re.findall(r'class="qi-hit-title">([^<]+)</a>', html)


@pytest.mark.clause("4.1-4b")
def test_english_readers_see_english_names_of_services_and_categories(client):
    client.get("/lang/en")
    titles = _titles(client.get("/search/?q=计量器具检定校准").get_data(as_text=True))
    assert "Verification and calibration of measuring instruments" in titles
    assert "计量器具检定校准" not in titles


def test_chinese_readers_see_chinese_names(client):
    titles = _titles(client.get("/search/?q=计量器具检定校准").get_data(as_text=True))
    assert "计量器具检定校准" in titles
