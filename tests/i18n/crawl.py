"""A language crawl with the test client: which UI text of which page is in the wrong language.

What is crawled, per role and language (bounded, GET only):

- the landing page ``/`` and the dashboard ``/dashboard/``;
- every link of the navbar menu and of the dashboard (the pages a role reaches in one click);
- on each of those pages, the first link to a show, edit and add page (``/show/``, ``/edit/``,
  ``/add``), so FAB's forms and detail panels are seen too.

What counts as *UI text*: every text node of the page outside ``<script>``/``<style>``, and the
``title``, ``placeholder``, ``aria-label`` and ``alt`` attributes and the ``value`` of buttons.

What counts as *user data* (and is not judged), narrowly:

1. any element carrying ``data-user-data`` (templates mark free text people typed, e.g. a
   complaint's content), with its descendants;
2. any string stored in the database in a text column, where the string is *prose*: a value that
   looks like a code (lower-case ASCII words joined by ``_ , - .``, e.g. ``published`` or
   ``online,phone,window,onsite``) is not user data, it is a value the UI should have translated;
3. of a column pair ``X_zh``/``X_en`` (or ``X``/``X_en``), only the reader's language: the other
   one appearing on a page is a wrong-language string, not user data; except on the staff record
   pages (FAB list/show/edit), which show both columns, each labelled with its language;
4. text inside ``<code>``, ``<kbd>`` and ``<samp>`` (identifiers such as a package name);
5. people's names as pages print them (family and given name joined);
6. the names of the two languages in the language switcher (中文 / English), each written in its
   own language by convention;
7. content inside an element declaring the other language (``lang="zh"`` on an English page), only
   on a page that shows the "not available yet in your language" notice (class
   ``qi-translation-missing``): a guide not yet translated is shown that way, on purpose.

A text node is cut at every occurrence of a user-data string (longest first); what remains is UI
text. In ``en`` a remaining Han character is a finding; in ``zh`` a remaining English word is
(a run of two or more Latin letters that is not an accepted abbreviation such as ``GB/T``, ``CSV``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3001\u3002\uff08\uff09\uff0c\uff1a\uff1b]")
# A run of Latin letters; one joined to digits, "_", "-" or "." (fa-book, cert_0002, qi_onestop.plugins)
# is an identifier, not a word of a language.
WORD = re.compile(r"(?<![A-Za-z0-9_.\-])[A-Za-z][A-Za-z']+(?![A-Za-z0-9_\-]|\.[A-Za-z0-9])")
CODE = re.compile(r"^[a-z_]+(?:[,\-. ][a-z_]+)*$")
# Abbreviations and names that Chinese UI text writes in Latin letters.
ACCEPTED_IN_ZH = {
    "QI", "GB", "GBT", "ID", "CSV", "PDF", "SMS", "API", "FAQ", "ICP", "CNAS", "CMA", "CCC", "ISO", "IEC",
    "JJG", "JJF", "HTML", "URL", "XLSX", "XLS", "PNG", "JPG", "QR", "TS", "XQ", "USCC", "IP", "CST", "UTC",
    "DB", "HB", "QB", "JB", "SB", "YY", "JT", "DL", "SN", "NB", "GJB", "MB", "KB", "PCT", "GMT", "WTO",
    "TBT", "SPS", "IPC", "CPC", "CAS", "EN", "ASTM", "DIN", "JIS", "AQSIQ", "SAC", "SAMR", "CNCA",
    "UTF", "JSON", "RSS", "CQC", "RoHS", "ESG", "CO", "AI", "CT", "PH", "TC", "SC", "WG", "RZ",
}
# Product names Chinese UI text writes as they are.
PROPER_NAMES = {"Markdown", "Excel", "Font", "Awesome", "Word", "WPS", "xlsx", "xls", "csv", "pdf"}
NOT_ABBREVIATIONS = {"OK"}  # an English button word, not an abbreviation
LANGUAGE_NAMES = ("中文", "简体中文", "English")
SKIP = ("/logout", "/lang/", "/static/", "/delete/", "/action", "/export", "/download", "/csv", "/api/",
        "/swagger", "/print", "/sheet.pdf", "/file/", "/files/", "/attachment", "/survey/t/", "/token/",
        "/dummy/")  # the test suite's dummy plugin is no part of the product
USER_DATA_ATTR = "data-user-data"
MISSING_NOTICE = "qi-translation-missing"  # the class of the "English version not available yet" notice
IDENTIFIER_TAGS = ("code", "kbd", "samp")  # identifiers (a package, a command), not words of a language
CHECKED_ATTRS = ("title", "placeholder", "aria-label", "alt")


class _Page(HTMLParser):
    """Text nodes and attribute texts outside user-data elements, plus navbar/dashboard/other links."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, lang: str = ""):
        super().__init__(convert_charrefs=True)
        self.lang = lang
        self.texts: list[str] = []
        self.foreign: list[str] = []  # inside an element declaring the other language (lang="…")
        self.links: list[tuple[str, bool]] = []  # (href, inside the navbar)
        self._stack: list[tuple[str, bool, bool, bool]] = []  # (tag, user data, navbar, foreign)
        self._skip = 0

    def _state(self):
        return self._stack[-1][1:] if self._stack else (False, False, False)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        user, nav, foreign = self._state()
        if a.get("lang") and tag != "html":
            foreign = a["lang"][:2] != self.lang
        user = user or USER_DATA_ATTR in a or tag in IDENTIFIER_TAGS
        nav = nav or tag == "nav" or "navbar" in (a.get("class") or "")
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "a" and a.get("href"):
            self.links.append((a["href"], nav))
        if not user:
            out = self.foreign if foreign else self.texts
            for name in CHECKED_ATTRS:
                if a.get(name):
                    out.append(a[name])
            if tag in ("input", "button") and a.get("type") in ("submit", "button", "reset") and a.get("value"):
                out.append(a["value"])
        if tag not in self.VOID:
            self._stack.append((tag, user, nav, foreign))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID and self._stack:
            self._stack.pop()

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break

    def handle_data(self, data):
        if self._skip or self._state()[0]:
            return
        text = " ".join(data.split())
        if text:
            (self.foreign if self._state()[2] else self.texts).append(text)


def parse(html: str, lang: str = "") -> _Page:
    page = _Page(lang)
    page.feed(html)
    page.close()
    return page


def _prose(value: str) -> bool:
    """A stored value that is words people wrote: not a code, and not bare digits or punctuation
    (one Chinese character is a word: 铅, a test parameter)."""
    value = value.strip()
    return (len(value) >= 2 or bool(HAN.search(value))) and not CODE.match(value) and any(ch.isalpha() for ch in value)


# Columns holding identifiers people chose (a username, a window's code, a case number, a search
# synonym's words): user data
# even when they look like codes. Other code-like values (state, kind, channels) are enumerations.
IDENTIFIER_COLUMNS = re.compile(r"^(word|terms|username|email|code|.*_code|number|.*_number|slug|plugin|token|icon|.*_by)$")


def user_data_strings(session, metadata, lang: str | None, limit: int = 20000) -> list[str]:
    """The prose strings stored in the database that may appear in a page in ``lang`` (longest first);
    ``lang=None``: both columns of every language pair (the staff pages editing a record show both)."""
    import sqlalchemy as sa

    other = {"en": "zh", "zh": "en"}.get(lang, "none")
    found: set[str] = set()
    kept: set[str] = set()  # kept whatever their length or form
    for table in metadata.sorted_tables:
        names = {c.name for c in table.columns}
        for column in table.columns:
            if not isinstance(column.type, (sa.String, sa.Text, sa.JSON)):
                continue
            name = column.name
            # Of a language pair, only the reader's language is user data.
            if name.endswith(f"_{other}") and (name[: -len(other) - 1] + f"_{lang}" in names or lang == "zh"):
                continue
            if lang == "en" and f"{name}_en" in names and other != "none":
                continue  # X / X_en: X is the Chinese one
            query = sa.select(column).where(column.is_not(None))
            # PostgreSQL's json type has no equality, so JSON values are not made distinct in SQL.
            query = query if isinstance(column.type, sa.JSON) else query.distinct()
            rows = session.execute(query.limit(limit)).scalars()
            if IDENTIFIER_COLUMNS.match(name):
                kept.update(v for v in rows if v)  # chosen by people, even when they look like codes
                continue
            for value in rows:
                for text in _strings(value):
                    found.add(text)
                    found.update(line.strip(" -*\t#") for line in text.splitlines())
                    # A list people typed ("铅、镉", "a, b") is shown item by item too.
                    parts = [p.strip() for p in re.split(r"[、,，;；\n]", text) if p.strip()]
                    if len(parts) > 1:
                        kept.update(p for p in parts if any(ch.isalpha() for ch in p))
    # People's names as pages print them (family name first without a space, or given name first).
    for first, last in session.execute(sa.text("SELECT first_name, last_name FROM ab_user")):
        found.update({f"{last or ''}{first or ''}", f"{first or ''} {last or ''}".strip()})
        kept.update(n for n in (first, last) if n)
    return sorted({s for s in found if _prose(s)} | kept, key=len, reverse=True)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _accepted_in_zh(word: str) -> bool:
    """An abbreviation (all capitals, such as GB, CNAS, ICS) or a product name; not an English word."""
    if word in PROPER_NAMES or word in ACCEPTED_IN_ZH:
        return True
    return word.isupper() and word not in NOT_ABBREVIATIONS


def wrong_language(text: str, lang: str, data: list[str], exact: set[str]) -> str | None:
    """The part of ``text`` that is UI text in the wrong language, or None."""
    def offends(t):
        if lang == "en":
            return bool(HAN.search(t))
        return any(not _accepted_in_zh(w) for w in WORD.findall(t))

    if not offends(text) or text.strip() in exact or text.strip() in LANGUAGE_NAMES:
        return None
    rest = text
    for s in data:
        if s in rest:
            rest = rest.replace(s, " ")
            if not offends(rest):
                return None
    for name in LANGUAGE_NAMES:
        rest = rest.replace(name, " ")
    rest = " ".join(rest.split())
    return rest if offends(rest) else None


@dataclass
class Finding:
    role: str
    lang: str
    url: str
    text: str


@dataclass
class CrawlResult:
    pages: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def _path(href: str, base: str) -> str | None:
    url = urlsplit(urljoin("http://localhost" + base, href))
    if url.netloc != "localhost" or not url.path.startswith("/"):
        return None
    path = url.path + (f"?{url.query}" if url.query else "")
    if any(s in url.path for s in SKIP) or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return None
    return path


FORM_PAGE = re.compile(r"/(show|edit)/[^/?]+|/add\b")


# The staff pages listing, showing and editing records (FAB's): they show both columns of a language
# pair on purpose, each labelled with its language ("Name (English)").
CRUD_PAGE = re.compile(r"view/(list|show|edit)\b|/list/$")


def crawl(client, role: str, lang: str, data: list[str], max_pages: int = 220,
          both: list[str] | None = None) -> CrawlResult:
    """Visit the role's menu and dashboard pages and each one's first show/edit/add page in ``lang``;
    ``both``: the user data of the record pages (``user_data_strings(…, None)``)."""
    client.get(f"/lang/{lang}")
    exact, exact_both = set(data), set(both or data)
    result = CrawlResult()
    seen: set[str] = set()
    queue: list[tuple[str, int]] = [("/", 0), ("/dashboard/", 0)]
    while queue and len(result.pages) < max_pages:
        path, depth = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.content_type:
            continue
        result.pages.append(path)
        html = response.get_data(as_text=True)
        page = parse(html, lang)
        # Content shown in the other language is accepted only where the page says it is missing.
        texts = page.texts if MISSING_NOTICE in html else page.texts + page.foreign
        crud = bool(CRUD_PAGE.search(path.split("?")[0]))
        for text in texts:
            bad = (wrong_language(text, lang, both or data, exact_both) if crud
                   else wrong_language(text, lang, data, exact))
            if bad:
                result.findings.append(Finding(role, lang, path.split("?")[0], bad[:120]))
        kinds_taken: set[str] = set()
        for href, in_nav in page.links:
            target = _path(href, path)
            if target is None or target in seen:
                continue
            if depth == 0 and (in_nav or path == "/dashboard/" or path == "/"):
                queue.append((target, 1))
            elif depth == 1:
                match = FORM_PAGE.search(target.split("?")[0])
                if match and match.group(1) or match:
                    kind = match.group(1) or "add"
                    if kind not in kinds_taken:
                        kinds_taken.add(kind)
                        queue.append((target, 2))
    return result
