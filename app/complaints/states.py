"""The steps of a complaint between the skeleton's states (6.4.2-3), who may take them, and the
working-day deadline of each stage.

::

    received ─investigate→ investigating ─forward→ forwarded ─reply→ replied ─decide→ decided ─tell→ told ─close→ closed
                               │  ↑                                                   ↑               │
                               │  └────────────────────── reopen (once) ─────────────┼───────────────┘
                               └──────────────── decide (no institution involved) ───┘

- ``staff``: platform staff, administrators, and window staff of the complaint's window;
- ``institution``: the members of the institution it was forwarded to, only ``reply``;
- ``complainant``: whoever filed it (signed in, or following with number and secret code), only
  ``reopen``: once, within ``REOPEN_DAYS`` working days after the outcome was told.

Deadlines (working days, ``app.workdays``), kept in ``Complaint.due_on`` for the current stage:
``INVESTIGATE_DAYS`` from receipt (and from a reopening) to the outcome decided or the complaint
forwarded, ``REPLY_DAYS`` for the institution's reply, ``DECIDE_DAYS`` from the reply to the
decision, ``TELL_DAYS`` from the decision to telling the complainant. These are the project's own
choices (the standard fixes none for complaints); change them here.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from .models import CLOSED, DECIDED, FORWARDED, INVESTIGATING, RECEIVED, REPLIED, TOLD

STAFF, INSTITUTION, COMPLAINANT = "staff", "institution", "complainant"

INVESTIGATE_DAYS = 5  # receipt (or reopening) → decided or forwarded
REPLY_DAYS = 5  # forwarded → the institution's reply
DECIDE_DAYS = 3  # reply → outcome decided
TELL_DAYS = 2  # decided → outcome told to the complainant
REOPEN_DAYS = 10  # told → the last working day the complainant may reopen

#: the working days the stage entered by each state is given (None: nothing is owed)
STAGE_DAYS = {RECEIVED: INVESTIGATE_DAYS, INVESTIGATING: None, FORWARDED: REPLY_DAYS, REPLIED: DECIDE_DAYS,
              DECIDED: TELL_DAYS, TOLD: None, CLOSED: None}


@dataclass(frozen=True)
class Step:
    """One step: its name, label, the states it starts from, where it goes, who may take it, and
    the text it needs (``needs_comment``) and where that text is kept on the complaint."""

    name: str
    label: object
    sources: frozenset
    target: str
    actors: frozenset
    needs_comment: bool = False
    comment_label: object = _l("Comment")
    keeps: str | None = None  # the Complaint column the comment is kept in


def _step(name, label, sources, target, actors, needs_comment=False, comment_label=_l("Comment"), keeps=None):
    return Step(name, label, frozenset(sources), target, frozenset(actors), needs_comment, comment_label, keeps)


STEPS = {step.name: step for step in [
    _step("investigate", _l("Start the investigation"), {RECEIVED}, INVESTIGATING, {STAFF}),
    _step("forward", _l("Forward to the institution"), {INVESTIGATING}, FORWARDED, {STAFF}, True,
          _l("What the institution is asked to answer"), "findings"),
    _step("reply", _l("Reply to the complaint"), {FORWARDED}, REPLIED, {INSTITUTION, STAFF}, True,
          _l("The institution's reply"), "reply"),
    _step("decide", _l("Decide the outcome"), {INVESTIGATING, REPLIED}, DECIDED, {STAFF}, True,
          _l("Outcome (处理意见)"), "outcome"),
    _step("tell", _l("Tell the complainant the outcome"), {DECIDED}, TOLD, {STAFF}),
    _step("close", _l("Close the complaint"), {TOLD}, CLOSED, {STAFF}),
    _step("reopen", _l("Reopen the complaint"), {TOLD}, INVESTIGATING, {COMPLAINANT}, True,
          _l("Why the outcome does not settle the complaint")),
]}
