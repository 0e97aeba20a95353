"""What the need page shows of visits: the visit a need was collected on (Jinja global
``visit_of_need``, used by ``qi/visits/_need_origin.html``)."""
from __future__ import annotations

from types import SimpleNamespace

from ..extensions import db
from ..scoping import acting_user, scope_condition
from . import flow
from .models import EnterpriseVisit


def visit_of_need(need) -> SimpleNamespace | None:
    """The visit ``need`` came from (its enterprise, day, visitor) and whether the reader may open
    the visit page (staff of its window); None for a need not collected on a visit. Whoever sees the
    need sees where it came from: the enterprise too."""
    visit = flow.visit_of_need(db.session, need.id)
    if visit is None:
        return None
    condition = scope_condition(EnterpriseVisit, acting_user())
    may_open = condition is None or db.session.scalar(
        db.select(EnterpriseVisit.id).where(EnterpriseVisit.id == visit.id, condition)) is not None
    return SimpleNamespace(id=visit.id, organisation=visit.organisation, done_on=visit.done_on,
                           planned_on=visit.planned_on, visitor=visit.visitor, may_open=may_open)
