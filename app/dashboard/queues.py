"""The work queues a dashboard starts with: what waits for the signed-in user, with counts and links.

Each count is scoped to the user (``app.scoping``) and each kind of queue is one grouped query, so a
dashboard sends the same few statements whatever the number of rows. Queues whose list page is not
registered (a module another part of the platform adds) show their count without a link.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext
from sqlalchemy import case, func, select

from ..complaints.queries import complaint_counts, forwarded_to_answer
from ..extensions import db
from ..roles import ENTERPRISE, INSTITUTION, WINDOW_STAFF
from ..scoping import is_staff, role_names, scope_condition, user_organisation_id
from ..workdays import today

DANGER, WARNING, NORMAL = "danger", "warning", "normal"


@dataclass(frozen=True)
class Queue:
    """One line of the queue section: ``count`` things of kind ``key``, shown as ``label``."""

    key: str
    label: str
    count: int
    url: str | None = None
    tone: str = NORMAL


def link(endpoint: str, **args) -> str | None:
    """The address of ``endpoint``, or None when no such page is registered in this application or
    the user may not open it (``app.web.link_access``): the count is shown without a link then."""
    from ..web.link_access import may_open

    if not may_open(endpoint):
        return None
    return url_for(endpoint, **args)


def _where(condition):
    return [condition] if condition is not None else []


def _review_columns():
    """(organisations waiting for the platform's review, past their review date) as scalar
    subqueries, both read from the (status, review_due_on) index."""
    from ..accounts.models import SUBMITTED, Organisation

    waiting = select(func.count()).select_from(Organisation).where(Organisation.status == SUBMITTED)
    return (waiting.scalar_subquery(), waiting.where(Organisation.review_due_on < today()).scalar_subquery())


def quality_counts(user, reviews: bool = False) -> dict[str, int]:
    """Open dissatisfaction cases (a rating of 4 or less) and overdue improvement actions the user
    answers for, in one statement of two scoped counts; with ``reviews`` (staff) the review queue's
    two counts and the support tickets waiting come in the same statement (``review_total``,
    ``review_overdue``, ``support_waiting``)."""
    from ..evaluations.models import OPEN as CASE_OPEN, DissatisfactionCase
    from ..improvement.models import OPEN as ACTION_OPEN, ImprovementAction
    from ..support.queries import waiting_count

    cases = (select(func.count()).select_from(DissatisfactionCase)
             .where(DissatisfactionCase.state == CASE_OPEN, *_where(scope_condition(DissatisfactionCase, user))))
    actions = (select(func.count()).select_from(ImprovementAction)
               .where(ImprovementAction.state == ACTION_OPEN, ImprovementAction.due_on < today(),
                      *_where(scope_condition(ImprovementAction, user))))
    row = db.session.execute(select(cases.scalar_subquery(), actions.scalar_subquery(),
                                    *(_review_columns() + (waiting_count(),) if reviews else ()))).one()
    counts = {"dissatisfied": row[0], "actions_overdue": row[1]}
    if reviews:
        counts.update(review_total=row[2], review_overdue=int(row[3] or 0), support_waiting=row[4])
    return counts


def enterprise_counts(org: int) -> dict[str, int]:
    """An enterprise's open cases and the cases waiting for its evaluation (one grouped query)."""
    from ..needs.models import Need
    from ..needs.states import OPEN, TO_EVALUATE

    open_cases, to_evaluate = db.session.execute(
        select(func.sum(case((Need.state.in_(OPEN), 1), else_=0)),
               func.sum(case((Need.state == TO_EVALUATE, 1), else_=0)))
        .where(Need.organisation_id == org)).one()
    return {"open": int(open_cases or 0), "to_evaluate": int(to_evaluate or 0)}


def _need_queues(user) -> list[Queue]:
    from ..needs.models import Need
    from ..needs.views import board_counts

    board = board_counts(scope_condition(Need, user), today())
    return [
        Queue("needs_today", gettext("Needs to respond to today"), board["today"],
              link("NeedBoardView.index", show="today"), WARNING if board["today"] else NORMAL),
        Queue("needs_overdue", gettext("Needs past their deadline"), board["overdue"],
              link("NeedBoardView.index", show="overdue"), DANGER if board["overdue"] else NORMAL),
        Queue("needs_open", gettext("Needs still open"), board["open"], link("NeedBoardView.index", show="open")),
    ]


def _complaint_queues(user, institution: bool = False) -> list[Queue]:
    if institution:  # the complaints forwarded to it: one count, not every count of complaint_counts
        to_answer = forwarded_to_answer(user_organisation_id(user))
        return [Queue("complaints_to_answer", gettext("Complaints waiting for an answer"), to_answer,
                      link("IncomingComplaintsView.index"), WARNING if to_answer else NORMAL)]
    counts = complaint_counts(user)
    url = link("ComplaintListView.index")
    return [Queue("complaints_to_answer", gettext("Complaints waiting for an answer"), counts["to_answer"], url,
                  WARNING if counts["to_answer"] else NORMAL),
            Queue("complaints_overdue", gettext("Complaints past their deadline"), counts["overdue"],
                  link("ComplaintListView.index", show="overdue"),
                  DANGER if counts["overdue"] else NORMAL),
            Queue("complaints_open", gettext("Complaints still open"), counts["open"], url)]


def _quality_queues(user, counts: dict | None = None) -> list[Queue]:
    counts = counts or quality_counts(user)
    return [
        Queue("dissatisfied", gettext("Dissatisfaction cases open (ratings of 4 or less)"), counts["dissatisfied"],
              link("DissatisfactionView.index"),
              WARNING if counts["dissatisfied"] else NORMAL),
        Queue("actions_overdue", gettext("Improvement actions overdue"), counts["actions_overdue"],
              link("ImprovementListView.index"),
              DANGER if counts["actions_overdue"] else NORMAL),
    ]



def work_queues(user) -> list[Queue]:
    """The queues of ``user``'s dashboard, most urgent kind first, each count scoped to the user."""
    roles = role_names(user)
    queues: list[Queue] = []
    if is_staff(user):
        quality = quality_counts(user, reviews=True)  # the review queue's counts in the same statement
        queues += [Queue("review", gettext("Organisations to review"), quality["review_total"],
                         link("ReviewView.queue")),
                   Queue("review_overdue", gettext("Organisation reviews overdue"), quality["review_overdue"],
                         link("ReviewView.queue"), DANGER if quality["review_overdue"] else NORMAL)]
        support = [Queue("support", gettext("Support tickets waiting for an answer"), quality["support_waiting"],
                         link("SupportDeskView.index"), WARNING if quality["support_waiting"] else NORMAL)]
        return queues + _need_queues(user) + _complaint_queues(user) + _quality_queues(user, quality) + support
    if WINDOW_STAFF in roles:
        return queues + _need_queues(user) + _complaint_queues(user) + _quality_queues(user)
    org = user_organisation_id(user)
    if INSTITUTION in roles and org is not None:
        from ..needs.views import institution_counts

        incoming = institution_counts(org)
        queues += [Queue("requests_new", gettext("New requests to accept"), incoming["matched"],
                         link("IncomingNeedsView.index", state="matched"), WARNING if incoming["matched"] else NORMAL),
                   Queue("requests_in_service", gettext("Requests in service"), incoming["in_service"],
                         link("IncomingNeedsView.index", state="in_service"))]
        queues += _complaint_queues(user, institution=True) + _quality_queues(user)
    if ENTERPRISE in roles and org is not None:
        mine = enterprise_counts(org)
        complaints = complaint_counts(user)
        queues += [Queue("cases_open", gettext("Your open cases"), mine["open"], link("MyNeedsView.index")),
                   Queue("cases_to_evaluate", gettext("Cases to evaluate"), mine["to_evaluate"],
                         link("MyNeedsView.index"), WARNING if mine["to_evaluate"] else NORMAL),
                   Queue("complaints_mine", gettext("Your complaints in progress"), complaints["open"],
                         link("MyComplaintsView.index"))]
    return queues
