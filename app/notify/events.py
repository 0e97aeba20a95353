"""The messages the platform sends, one ``MessageEvent`` per occasion, so administrators can rewrite
their texts (``/admin/message-templates/``, ``app.notify.templates``).

A module declares its messages where it sends them::

    PLAN_GIVEN = message_event("needs.plan", _l("A plan was given for your need %(number)s"),
                               _l("Open the need to read the plan."), _l("Need: plan given"))
    notify(session, users, PLAN_GIVEN, url=…, number=need.number)

The default texts are msgids, translated in both languages; the variables an event offers are the
``%(name)s`` of its default texts. The registry is code, the same in every worker.
"""
from __future__ import annotations

import importlib
import re
from dataclasses import dataclass

from ..i18n import msgid

PLACEHOLDER = re.compile(r"%\((\w+)\)s")
REGISTRY: dict[str, "MessageEvent"] = {}
# The platform's modules that declare events: imported before the registry is listed.
MODULES = ("app.accounts.workflow", "app.appointments.booking", "app.appointments.tasks", "app.auth.reset",
           "app.complaints.notices", "app.complaints.tasks", "app.equipment.notices", "app.evaluations.notices",
           "app.needs.notices", "app.needs.tasks", "app.support.flow", "app.visits.tasks")


@dataclass(frozen=True)
class MessageEvent:
    key: str
    title: object  # lazy msgids; a text message's one text is its ``title``
    body: object
    label: object  # what the occasion is, for the administrators' list
    sms: bool = False  # a text message (SMS, or the same text e-mailed to a contact): one text, no title

    @property
    def variables(self) -> list[str]:
        return sorted(set(PLACEHOLDER.findall(msgid(self.title) + " " + msgid(self.body or ""))))


def message_event(key: str, title, body, label) -> MessageEvent:
    """Declare (once per key) the message of an occasion; the same key declared again with other
    texts is a programming error."""
    event = MessageEvent(key, title, body, label)
    known = REGISTRY.get(key)
    if known is not None and (msgid(known.title), msgid(known.body or "")) != (msgid(title), msgid(body or "")):
        raise ValueError(f"message event {key!r} is declared twice with different texts")
    REGISTRY.setdefault(key, event)
    return REGISTRY[key]


def sms_event(key: str, text, label) -> MessageEvent:
    """Declare the text message of an occasion (an SMS to a mobile number, sent in Chinese: mainland
    numbers; the same text e-mailed where the contact is an address)."""
    event = message_event(key, text, None, label)
    if not event.sms:
        event = REGISTRY[key] = MessageEvent(key, text, None, label, sms=True)
    return event


def all_events() -> list[MessageEvent]:
    """Every event of the platform (and of the plugins whose modules are imported), by key."""
    for module in MODULES:
        importlib.import_module(module)
    return sorted(REGISTRY.values(), key=lambda e: e.key)
