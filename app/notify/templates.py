"""Rendering a message event with the administrators' texts, and checking those texts.

A text may use the event's variables as ``%(name)s`` and a percent sign as ``%%``; anything else
with ``%`` is refused when it is saved, so a saved text always renders.
"""
from __future__ import annotations

import re

from flask_babel import force_locale, gettext
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..i18n import msgid
from .events import MessageEvent

LANGUAGES = ("zh", "en")
FIELDS = ("title", "body")
_TOKEN = re.compile(r"%\((\w+)\)s|%%|%")


class TemplateError(ValueError):
    """A text that would not render; ``str()`` says why, translated."""


def default_text(event: MessageEvent, field: str, lang: str) -> str:
    """The default text of ``field`` in ``lang``, with its placeholders."""
    text = getattr(event, field)
    if not text:
        return ""
    with force_locale(lang):
        return gettext(msgid(text))


def check(event: MessageEvent, text: str) -> str:
    """``text`` if it only uses the event's variables and writes ``%`` as ``%%``; TemplateError else."""
    allowed = set(event.variables)
    for match in _TOKEN.finditer(text):
        name = match.group(1)
        if match.group(0) == "%":
            raise TemplateError(gettext("Write a percent sign as %(percent)s and a variable as %(variable)s.",
                                        percent="%%", variable="%(name)s"))
        if name is not None and name not in allowed:
            raise TemplateError(gettext("%(name)s is not a variable of this message. It offers: %(variables)s.",
                                        name=name, variables=", ".join(event.variables) or "—"))
    return text


def saved_texts(session, key: str):
    """The administrators' texts of event ``key`` (or None), read once per transaction: a task or a
    page telling many people sends one statement, not one per message, and the next transaction
    sees a text another worker saved meanwhile."""
    from types import SimpleNamespace

    from .models import MessageTemplate

    known = session.info.setdefault(_CACHE, {})
    if key not in known:
        row = session.get(MessageTemplate, key)
        known[key] = None if row is None else SimpleNamespace(
            **{f"{field}_{lang}": getattr(row, f"{field}_{lang}") for field in FIELDS for lang in LANGUAGES})
    return known[key]


_CACHE = "qi_message_templates"


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_saved_texts(session):
    session.info.pop(_CACHE, None)


class _Values(dict):
    def __missing__(self, key):  # a variable the caller did not give renders empty, never fails
        return ""


def rendered(event: MessageEvent, custom, params: dict) -> dict[str, tuple[str, str]]:
    """{lang: (title, body)} of the event: the administrators' text where one is saved, else the
    default translation, with ``params`` filled in."""
    values = _Values(params)
    out = {}
    for lang in LANGUAGES:
        texts = []
        for field in FIELDS:
            text = getattr(custom, f"{field}_{lang}", None) if custom is not None else None
            text = text or default_text(event, field, lang)
            texts.append(text % values if text else "")
        out[lang] = (texts[0], texts[1])
    return out


def sms_text(session, event: MessageEvent, **params) -> str:
    """A text message's text in Chinese (SMS go to mainland numbers): the administrators' where one
    is saved, else the default translation, with ``params`` filled in."""
    return rendered(event, saved_texts(session, event.key), params)["zh"][0]
