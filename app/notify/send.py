"""``notify``: one call that leaves a site message and, where mail is configured, an e-mail."""
from __future__ import annotations

from typing import Iterable

from flask import current_app
from flask_babel import force_locale, gettext
from sqlalchemy.orm import Session

from ..i18n import msgid
from .models import Message, OutboxMail


def notify(session: Session, users: Iterable, title: str, body: str = "", url: str | None = None, **params) -> int:
    """Message every user in ``users``. ``title`` and ``body`` are msgids (mark them with
    ``lazy_gettext`` or ``_l`` where they are written) with ``%(name)s`` params; each is rendered
    in both languages. Mail goes to the outbox when ``QI_MAIL_ENABLED`` is set."""
    texts = {}
    for lang in ("zh", "en"):
        with force_locale(lang):
            texts[lang] = (gettext(msgid(title), **params), gettext(msgid(body), **params) if body else "")
    count = 0
    for user in users:
        session.add(Message(user_id=user.id, title_zh=texts["zh"][0], title_en=texts["en"][0],
                            body_zh=texts["zh"][1], body_en=texts["en"][1], url=url))
        if current_app.config.get("QI_MAIL_ENABLED") and getattr(user, "email", None):
            link = f"\n\n{current_app.config.get('QI_BASE_URL', '').rstrip('/')}{url}" if url else ""
            session.add(OutboxMail(to_address=user.email, subject=texts["zh"][0], body=texts["zh"][1] + link))
        count += 1
    return count
