"""Templates keep to the Content-Security-Policy the platform sends (``style-src 'self'``, scripts
only with the request's nonce): an inline ``<style>`` block or an ``onclick=`` attribute is silently
ignored by the browser, so the page looks or works wrong only in production browsers."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=\s*[\"']", re.I)
SCRIPT_WITHOUT_NONCE = re.compile(r"<script(?![^>]*\bnonce=)(?![^>]*\bsrc=)[^>]*>", re.I)


def _templates():
    for folder in [ROOT / "app" / "templates", *ROOT.glob("plugins/*/templates")]:
        yield from folder.rglob("*.html")


def test_no_template_has_inline_styles_or_event_handlers():
    offenders = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        if "<style" in text or INLINE_HANDLER.search(text) or SCRIPT_WITHOUT_NONCE.search(text):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_the_window_sign_loads_its_print_styles_from_a_file(client, window_factory):
    window_factory(code="sign-css")
    page = client.get("/windows/sign-css/sign")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "qi-sign.css" in html and "<style" not in html
    assert client.get("/static/qi-sign.css").status_code == 200
