"""What the public satisfaction page shows of the improvement work: the published follow-up notes of
actions (7.2-1 c) and the published yearly summaries and plans (7.2-1 d). Two queries, bounded."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import ImprovementAction, ImprovementYear

SHOWN_ACTIONS = 50


def published_followup(session: Session) -> dict:
    """{"actions": the newest published actions, "years": the published yearly documents, newest first}."""
    actions = session.scalars(select(ImprovementAction).where(ImprovementAction.published.is_(True))
                              .order_by(ImprovementAction.created_at.desc(), ImprovementAction.id.desc())
                              .limit(SHOWN_ACTIONS)).all()
    years = session.scalars(select(ImprovementYear).where(ImprovementYear.published_at.is_not(None))
                            .order_by(ImprovementYear.year.desc())).all()
    return {"actions": actions, "years": years}
