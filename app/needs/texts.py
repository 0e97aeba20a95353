"""Sentences the platform writes into a need (a generated title, a plan, a history comment) are
kept as their msgid and parameters and shown in the reader's language when a page renders, never
frozen in the language of whoever took the step. What a person typed is kept as typed.

    file_need(..., title=need_text("Patent navigation: %(field)s", field=field))
    take_step(..., comment=need_text("%(count)s instruments to %(name)s …", count=2, name=name))
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import force_locale, gettext


@dataclass(frozen=True)
class NeedText:
    """A translatable sentence: ``msgid`` (English, marked for extraction where it is written) and
    its ``params`` (plain values: user data such as names stays as it is)."""

    msgid: str
    params: dict = field(default_factory=dict)

    def key(self) -> dict:
        return {"msgid": self.msgid, "params": self.params}


def need_text(msgid: str, **params) -> NeedText:
    """A sentence to store in a need and show in each reader's language (mark ``msgid`` with
    ``_l``/``lazy_gettext`` or ``N_`` where it is written so the catalogs pick it up)."""
    raw = msgid._args[0] if hasattr(msgid, "_args") else msgid  # a lazy_gettext string: its msgid
    return NeedText(str(raw), params)


def split(value, limit: int | None = None) -> tuple[str | None, dict | None]:
    """(the text to store, the key to render it again) for a plain string or a NeedText. The stored
    text is the Chinese rendering: what searches, exports and old readers see."""
    if not isinstance(value, NeedText):
        return value, None
    with force_locale("zh"):
        text = gettext(value.msgid, **value.params)
    return (text[:limit] if limit else text), value.key()


def shown(text: str | None, key: dict | None) -> str:
    """``text`` in the reader's language: rendered again from ``key`` when the platform wrote it."""
    message = (key or {}).get("msgid")
    if message:
        try:
            return gettext(message, **(key.get("params") or {}))
        except (KeyError, ValueError, TypeError):  # a catalog whose placeholders changed: the stored text
            return text or ""
    return text or ""
