"""The reader's language: the one question every bilingual field, list and page asks."""
from __future__ import annotations

from flask_babel import get_locale


def reader_language() -> str:
    """``"en"`` or ``"zh"``: the language this request is rendered in (``?_l_=en`` and the session's
    choice included); ``"zh"``, the default, outside a request."""
    try:
        return "en" if str(get_locale() or "zh").startswith("en") else "zh"
    except RuntimeError:  # no application or request context
        return "zh"


def page_lang() -> str:
    """The ``lang`` attribute of the page: ``zh-CN`` or ``en``."""
    return "en" if reader_language() == "en" else "zh-CN"
