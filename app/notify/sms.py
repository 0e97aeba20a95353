"""Text messages (SMS) through a small gateway interface, sent only after the transaction commits.

``queue_sms(session, phone, text)`` keeps the message on the session's transaction; when that
transaction commits, each message is handed to the configured backend, and when it rolls back the
messages are dropped, so a step that fails never texts anyone and a step retried after a failure
texts once.

The backend is chosen by the ``QI_SMS_BACKEND`` setting:

- ``log`` (the default): the message is written to the application log (logger ``app.notify.sms``)
  and goes nowhere else: nothing external is called;
- ``none``: messages are dropped;
- ``package.module:name``: an object (or a class, instantiated without arguments) with
  ``send(phone, text)``, for a real gateway. A gateway that raises is logged; the message is not
  retried.
"""
from __future__ import annotations

import importlib
import logging
import re
from typing import Protocol

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

_PENDING = "qi_sms_pending"
# A mainland mobile number, optionally with +86/86 before it; spaces and dashes are ignored.
_MOBILE = re.compile(r"^(?:\+?86)?(1[3-9]\d{9})$")


class SmsBackend(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class LogBackend:
    """Writes each message to the log instead of sending it."""

    def send(self, phone: str, text: str) -> None:
        log.info("SMS to %s: %s", phone, text)


class NullBackend:
    """Drops every message."""

    def send(self, phone: str, text: str) -> None:
        return None


def mobile_number(contact: str | None) -> str | None:
    """``contact`` as an 11-digit mainland mobile number, or None when it is not one (an e-mail
    address, a landline)."""
    if not contact:
        return None
    match = _MOBILE.match(re.sub(r"[\s\-()]", "", contact))
    return match.group(1) if match else None


def sms_number(contact: str | None) -> str | None:
    """The mobile number to text ``contact`` at, or None when it is not one or text messages are off
    (the setting ``QI_SMS_ENABLED``): the callers then use their other channel."""
    from ..parameters.read import setting

    return mobile_number(contact) if setting("QI_SMS_ENABLED", True) else None


def masked(phone: str) -> str:
    """``138****0000``: a number as it may be shown in a history."""
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 7 else "****"


def backend() -> SmsBackend:
    """The backend ``QI_SMS_BACKEND`` names (``log`` outside an application)."""
    name = (current_app.config.get("QI_SMS_BACKEND") or "log") if has_app_context() else "log"
    if name == "log":
        return LogBackend()
    if name == "none":
        return NullBackend()
    module, _, attribute = name.partition(":")
    if not attribute:
        raise ValueError(f"QI_SMS_BACKEND must be log, none or package.module:name, not {name!r}")
    target = getattr(importlib.import_module(module), attribute)
    return target() if isinstance(target, type) else target


def queue_sms(session: Session, phone: str, text: str) -> None:
    """Send ``text`` to ``phone`` once the session's current transaction commits."""
    session.info.setdefault(_PENDING, []).append((phone, text))


def pending(session: Session) -> list[tuple[str, str]]:
    """The messages waiting for the session's commit."""
    return list(session.info.get(_PENDING, []))


@event.listens_for(Session, "after_commit")
def _deliver(session: Session) -> None:
    messages = session.info.pop(_PENDING, None)
    if not messages:
        return
    try:
        gateway = backend()
    except Exception:
        log.exception("SMS backend unavailable: %d message(s) not sent", len(messages))
        return
    for phone, text in messages:
        try:
            gateway.send(phone, text)
        except Exception:  # the transaction is committed: a gateway failure must not undo it
            log.exception("SMS to %s failed", masked(phone))


@event.listens_for(Session, "after_rollback")
def _drop(session: Session) -> None:
    session.info.pop(_PENDING, None)
