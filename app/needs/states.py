"""The states of a need and the steps between them (clauses 6.3.2-1 … 6.3.2-4, 6.4.1-1).

::

    submitted ─respond→ responded ─plan→ planned ─match→ matched ─accept→ in_service ─deliver→ delivered
        │                   │               │  ↖──decline──┘                                      │
        │                   └──refer──→ referred                                                 inform
        │                                                                                         ↓
        └─ (respond and plan in one step: plan)                                   to_evaluate ─close→ closed

Any open state may go to ``waiting`` (the clock pauses until ``resume``) or ``cancelled``. A
consultation is answered in one step (``answer``: submitted/responded → to_evaluate). An item's
process option (``ServiceItem.need_flow``) may make its needs go like a consultation (``answer_only``)
or skip matching (``no_matching``: planned ─start→ in_service, served by the platform itself).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

SUBMITTED, RESPONDED, PLANNED, MATCHED, IN_SERVICE, DELIVERED, TO_EVALUATE, CLOSED = (
    "submitted", "responded", "planned", "matched", "in_service", "delivered", "to_evaluate", "closed")
REFERRED, WAITING, CANCELLED = "referred", "waiting", "cancelled"

STATE_LABELS = {
    SUBMITTED: _l("Submitted"), RESPONDED: _l("Responded"), PLANNED: _l("Plan given"),
    MATCHED: _l("Waiting for the institution"), IN_SERVICE: _l("Service under way"), DELIVERED: _l("Delivered"),
    TO_EVALUATE: _l("Result told, to be evaluated"), CLOSED: _l("Case closed"), REFERRED: _l("Referred outside"),
    WAITING: _l("Waiting for the enterprise"), CANCELLED: _l("Need cancelled"),
}
FINAL = frozenset({CLOSED, CANCELLED})
#: states in which the platform still owes the enterprise a response or a plan
OPEN = frozenset(STATE_LABELS) - FINAL - {REFERRED, TO_EVALUATE}

# who may take a step: staff (platform staff, admin, window staff of the need's window), the
# matched institution, the enterprise that filed it
STAFF, INSTITUTION, ENTERPRISE = "staff", "institution", "enterprise"


@dataclass(frozen=True)
class Step:
    name: str
    label: object
    sources: frozenset
    target: str | None  # None: back to the state the need was in before (resume)
    actors: frozenset
    needs_comment: bool = False
    comment_label: object = _l("Comment")


def _step(name, label, sources, target, actors, needs_comment=False, comment_label=_l("Comment")):
    return Step(name, label, frozenset(sources), target, frozenset(actors), needs_comment, comment_label)


STEPS = {step.name: step for step in [
    _step("respond", _l("Respond"), {SUBMITTED}, RESPONDED, {STAFF}),
    _step("plan", _l("Answer with a plan"), {SUBMITTED, RESPONDED}, PLANNED, {STAFF}, True, _l("Plan")),
    _step("answer", _l("Answer"), {SUBMITTED, RESPONDED}, TO_EVALUATE, {STAFF}, True, _l("Answer")),
    _step("match", _l("Match to an institution"), {PLANNED}, MATCHED, {STAFF}),
    _step("accept", _l("Accept the need"), {MATCHED}, IN_SERVICE, {INSTITUTION, STAFF}),
    # an item the platform serves itself (its process option: no matching) starts without an institution
    _step("start", _l("Start the service"), {PLANNED}, IN_SERVICE, {STAFF}),
    _step("decline", _l("Decline the need"), {MATCHED}, PLANNED, {INSTITUTION, STAFF}, True, _l("Reason")),
    _step("refer", _l("Refer to an outside institution"), {RESPONDED, PLANNED}, REFERRED, {STAFF}, True,
          _l("Outside institution and what the enterprise was told")),
    _step("deliver", _l("Deliver"), {IN_SERVICE}, DELIVERED, {INSTITUTION, STAFF}, True, _l("Result")),
    _step("inform", _l("Tell the enterprise the result"), {DELIVERED}, TO_EVALUATE, {STAFF}),
    _step("close", _l("Close the case"), {TO_EVALUATE, REFERRED}, CLOSED, {STAFF}),
    _step("wait", _l("Wait for the enterprise"), OPEN - {WAITING}, WAITING, {STAFF, INSTITUTION}, True,
          _l("What the enterprise must provide")),
    _step("resume", _l("Resume"), {WAITING}, None, {STAFF, INSTITUTION, ENTERPRISE}),
    _step("cancel", _l("Cancel"), OPEN, CANCELLED, {STAFF, ENTERPRISE}, True, _l("Reason")),
]}

#: steps that answer the need (the 3-working-day clock stops)
ANSWERED_STEPS = frozenset({"plan", "answer", "refer"})
