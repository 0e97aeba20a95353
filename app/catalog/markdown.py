"""Markdown that administrators write, rendered safely for everyone.

markdown-it-py renders CommonMark with raw HTML switched off; nh3 (ammonia) then keeps only the tags
and attributes a guide needs, so neither a pasted ``<script>`` nor a ``javascript:`` link survives.
"""
from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")

ALLOWED_TAGS = {"p", "br", "hr", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a",
                "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


def render_markdown(text: str | None) -> Markup:
    """Safe HTML of ``text`` (headings are demoted: a guide page owns its h1 and h2)."""
    if not text:
        return Markup("")
    html = _md.render(text).replace("<h1>", "<h3>").replace("</h1>", "</h3>").replace("<h2>", "<h4>").replace("</h2>", "</h4>")
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                      url_schemes={"http", "https", "mailto", "tel"}, link_rel="noopener noreferrer")
    # sanitised by nh3 just above (bandit B704)
    return Markup(clean)  # nosec B704


_URL = re.compile(r"https?://[^\s<>\"'，。；、）】]+")


def link_urls(text: str | None) -> Markup:
    """Plain text with its http(s) addresses made into links; unlike Jinja's ``urlize`` it also
    finds an address right after Chinese punctuation (``见：http://…``)."""
    escaped = str(escape(text or ""))
    # the text is escaped first; the address matched cannot hold quotes or angle brackets (bandit B704)
    return Markup(_URL.sub(lambda m: f'<a href="{m.group(0)}" rel="noopener noreferrer">{m.group(0)}</a>', escaped))  # nosec B704
