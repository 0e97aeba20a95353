"""Search titles and summaries in the reader's language, chosen when a hit is shown.

A search document is written when its record is saved, by whoever saved it; its text must still read
in the language of whoever finds it. A ``Phrase`` is text made of parts, each kept in a form that can
be rendered later in any language:

- a plain ``str`` (a name, a number) stays as it is;
- a ``lazy_gettext`` string keeps its msgid, translated when the hit is shown (a status, a type);
- a dict of language → text holds a record's own bilingual fields (``{"zh": title_zh, "en": title_en}``).

The index stores a phrase as JSON (``qi_search_entry.display``) beside its text in the default
language, which remains the fallback and the text of other readers of the table. Empty parts are
left out, as ``filter(None, …)`` would.
"""
from __future__ import annotations

import json
from typing import Any

from flask import current_app, has_app_context
from flask_babel import force_locale, gettext
from flask_babel.speaklater import LazyString

from ..i18n.language import reader_language

_MSGID, _VARS = "_", "v"


class Phrase:
    """Text of ``parts`` joined by ``sep``, rendered in the reader's language (see the module)."""

    def __init__(self, *parts: Any, sep: str = " · "):
        self.parts = [_part(p) for p in parts if p is not None and p != ""]
        self.sep = sep

    def dump(self) -> dict:
        return {"s": self.sep, "p": self.parts}

    def render(self, language: str | None = None) -> str:
        return render(self.dump(), language)

    def __str__(self) -> str:
        return self.render()


def _json_simple(values: dict) -> bool:
    return all(isinstance(v, (str, int, float, bool)) for v in values.values())


def _part(value: Any):
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items() if v}
    if isinstance(value, LazyString) and value._func is gettext and len(value._args) == 1 \
            and isinstance(value._args[0], str) and _json_simple(value._kwargs):
        return {_MSGID: value._args[0], **({_VARS: value._kwargs} if value._kwargs else {})}
    # Anything else (another lazy string, a number): its text in every language now.
    return {language: str(value) for language in _languages()} if has_app_context() else str(value)


def _languages() -> list[str]:
    languages = list(current_app.config.get("LANGUAGES") or {})
    default = default_language()
    return [default, *[code for code in languages if code != default]]


def default_language() -> str:
    return current_app.config.get("BABEL_DEFAULT_LOCALE", "zh") if has_app_context() else "zh"


def _render_part(part, language: str) -> str:
    if isinstance(part, str):
        return part
    if _MSGID in part:
        return gettext(part[_MSGID], **part.get(_VARS, {}))
    return part.get(language) or part.get(default_language()) or next(iter(part.values()), "")


def render(data: dict | None, language: str | None = None) -> str:
    """The text of a dumped phrase in ``language`` (default: the reader's)."""
    if not data:
        return ""
    wanted = language or reader_language()
    if language is not None and has_app_context() and any(isinstance(p, dict) and _MSGID in p for p in data["p"]):
        with force_locale(language):
            return _join(data, wanted)
    return _join(data, wanted)


def _join(data: dict, language: str) -> str:
    return data.get("s", " · ").join(t for t in (_render_part(p, language) for p in data["p"]) if t)


def text_of(value: Any, language: str | None = None) -> str:
    """A document's title or summary (a str or a ``Phrase``) as text."""
    return value.render(language) if isinstance(value, Phrase) else (value or "")


def renderings(value: Any) -> list[str]:
    """The distinct texts of ``value`` in every language: what the search index tokenises."""
    if not isinstance(value, Phrase):
        return [value] if value else []
    if not has_app_context():
        return [value.render()]
    return list(dict.fromkeys(t for t in (value.render(lang) for lang in _languages()) if t))


def display_json(title: Any, summary: Any) -> str | None:
    """``qi_search_entry.display`` of a document: its phrases, or None when both are plain text."""
    shown = {key: value.dump() for key, value in (("t", title), ("s", summary)) if isinstance(value, Phrase)}
    return json.dumps(shown, ensure_ascii=False, separators=(",", ":")) if shown else None


def shown(display: str | dict | None, key: str, fallback: str) -> str:
    """A hit's title (``key`` "t") or summary ("s") in the reader's language; ``fallback`` (the
    default-language text the index holds) when the entry has no phrase for it."""
    if not display:
        return fallback
    data = json.loads(display) if isinstance(display, str) else display
    return render(data[key]) if key in data else fallback

