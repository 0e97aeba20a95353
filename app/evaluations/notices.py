"""Who is told what about evaluations.

- ``inform`` step of a need (connected to ``flow.need_stepped``, inside the step's transaction): the
  survey invitations are made (``invitations.invite``) and the completion notice goes out with each
  recipient's own survey link (``app.needs.notices.send_completion_notice``).
- A low rating: the members of the responsible institution and the staff of the responsible window
  get a site message for each new dissatisfaction case (``tell_responsible``).
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..needs.flow import need_stepped
from ..needs.notices import members_of, send_completion_notice
from ..notify.events import message_event
from ..notify.send import notify
from .dimensions import DIMENSIONS

# the messages this module sends (app.notify.events: administrators may rewrite them)
DISSATISFIED = message_event(
    "evaluations.dissatisfied", _l("A user was dissatisfied: %(dimension)s rated %(rating)s"),
    _l("Reason given: %(reason)s. Write down the cause on the dissatisfaction case."),
    _l("Evaluation: a rating of 4 or less"))

LABELS = dict(DIMENSIONS)


def window_staff_of(session: Session, window_id: int | None) -> list:
    """The users who staff a window (none for ``None``)."""
    if window_id is None:
        return []
    from flask_appbuilder.security.sqla.models import User

    from ..windows.models import WindowStaffMember

    return list(session.scalars(select(User).join(WindowStaffMember, WindowStaffMember.user_id == User.id)
                                .where(WindowStaffMember.window_id == window_id)))


def tell_responsible(session: Session, evaluation, cases) -> int:
    """A site message per case to the institution's members and the window's staff."""
    users = {u.id: u for u in members_of(session, evaluation.institution_id) + window_staff_of(session, evaluation.window_id)}
    count = 0
    for case in cases:
        count += notify(session, users.values(), DISSATISFIED,
                        url=f"/evaluations/cases/{case.id}", dimension=LABELS[case.dimension], rating=case.rating,
                        reason=case.reason)
    return count


def on_need_stepped(need, step: str, session: Session, **_):
    """The receiver of ``flow.need_stepped``: the completion notice with the survey links."""
    if step == "inform":
        from .invitations import invite

        send_completion_notice(session, need, survey_links=invite(session, need))


need_stepped.connect(on_need_stepped)
