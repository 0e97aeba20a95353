"""Reading what a page hands to its scripts, for tests that check what a page embeds."""
from __future__ import annotations

import json


def search_form_fields(page: str) -> dict[str, str]:
    """The HTML of each search-form field of a list page, as FAB's search widget hands it to its
    script (``new AdminFilters(element, labels, form_fields, …)``)."""
    decoder, rest = json.JSONDecoder(), page[page.index("new AdminFilters("):]
    rest = rest[rest.index("{"):]
    _labels, end = decoder.raw_decode(rest)
    rest = rest[end:]
    return decoder.raw_decode(rest[rest.index("{"):])[0]
