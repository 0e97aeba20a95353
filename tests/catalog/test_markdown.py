"""Markdown and plain-text links are rendered without letting markup through."""
from app.catalog.markdown import link_urls, render_markdown


def test_markdown_keeps_formatting_and_drops_scripts():
    html = str(render_markdown("# 标题\n\n- 营业执照\n\n<script>x()</script> [a](javascript:x()) [b](https://a.cn)"))
    assert "<h3>标题</h3>" in html and "<li>营业执照</li>" in html
    assert "<script>" not in html and 'href="javascript' not in html
    assert '<a href="https://a.cn" rel="noopener noreferrer">b</a>' in html


def test_links_after_chinese_punctuation_and_no_markup():
    html = str(link_urls('见：https://qi.example.cn/item/x。<b>粗</b> http://x"><script>'))
    assert '<a href="https://qi.example.cn/item/x" rel="noopener noreferrer">' in html
    assert "<b>" not in html and "<script>" not in html
