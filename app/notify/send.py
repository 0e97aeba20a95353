"""``notify``: one call that leaves a site message and, where mail is configured, an e-mail."""
from __future__ import annotations

from typing import Iterable

from flask import current_app
from flask_babel import force_locale, gettext
from sqlalchemy.orm import Session

from ..i18n import msgid
from ..parameters.read import setting
from .events import MessageEvent
from .models import Message, OutboxMail
from .templates import rendered, saved_texts


def notify(session: Session, users: Iterable, title, body="", url: str | None = None, **params) -> int:
    """Message every user in ``users``. ``title`` is a ``MessageEvent`` (``app.notify.events``): its
    texts are the administrators' where they rewrote them, else its msgids; or ``title`` and ``body``
    are msgids (mark them with ``lazy_gettext``). ``%(name)s`` params are filled in; each text is
    rendered in both languages. Mail goes to the outbox when ``QI_MAIL_ENABLED`` is set."""
    if isinstance(title, MessageEvent):
        texts = rendered(title, saved_texts(session, title.key), params)
    else:
        texts = {}
        for lang in ("zh", "en"):
            with force_locale(lang):
                texts[lang] = (gettext(msgid(title), **params), gettext(msgid(body), **params) if body else "")
    count = 0
    for user in users:
        session.add(Message(user_id=user.id, title_zh=texts["zh"][0][:200], title_en=texts["en"][0][:200],
                            body_zh=texts["zh"][1], body_en=texts["en"][1], url=url))
        if setting("QI_MAIL_ENABLED") and getattr(user, "email", None):
            link = f"\n\n{current_app.config.get('QI_BASE_URL', '').rstrip('/')}{url}" if url else ""
            session.add(OutboxMail(to_address=user.email, subject=texts["zh"][0], body=texts["zh"][1] + link))
        count += 1
    return count


def send_outbox(session: Session, limit: int = 100) -> tuple[int, int]:
    """Send waiting e-mails through ``QI_SMTP_HOST`` (``QI_SMTP_PORT``, ``QI_SMTP_USER``,
    ``QI_SMTP_PASSWORD``, ``QI_MAIL_FROM``); returns (sent, failed). A failure is kept on the mail."""
    import datetime as dt
    import smtplib
    from email.message import EmailMessage

    from sqlalchemy import select

    config = current_app.config
    mails = list(session.scalars(select(OutboxMail).where(OutboxMail.sent_on.is_(None)).order_by(OutboxMail.id)
                                 .limit(limit)))
    if not mails:
        return 0, 0
    sent = failed = 0
    with smtplib.SMTP(config["QI_SMTP_HOST"], int(config.get("QI_SMTP_PORT", 25)), timeout=30) as smtp:
        if config.get("QI_SMTP_USER"):
            smtp.starttls()
            smtp.login(config["QI_SMTP_USER"], config.get("QI_SMTP_PASSWORD", ""))
        for mail in mails:
            message = EmailMessage()
            message["From"], message["To"], message["Subject"] = config.get("QI_MAIL_FROM", "noreply@localhost"), \
                mail.to_address, mail.subject
            message.set_content(mail.body)
            try:
                smtp.send_message(message)
                mail.sent_on, mail.error = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None), None
                sent += 1
            except smtplib.SMTPException as exc:
                mail.error = str(exc)[:1000]
                failed += 1
    return sent, failed
