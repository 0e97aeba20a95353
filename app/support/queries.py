"""Counts of support tickets other pages show."""
from __future__ import annotations

from sqlalchemy import func, select

from .models import OPEN, SupportTicket


def waiting_count():
    """Tickets waiting for support, as a scalar subquery (read from the (state, id) index): the staff
    dashboard's queues put it in their one statement."""
    return select(func.count()).select_from(SupportTicket).where(SupportTicket.state == OPEN).scalar_subquery()
