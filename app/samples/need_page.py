"""What the need page shows of samples: the need's samples and their states, and for staff of a park
station a link to receive one (Jinja global ``samples_of_need``, used by
``qi/samples/_need_samples.html``)."""
from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy import select

from ..extensions import db
from ..needs.states import CANCELLED
from ..roles import ADMIN, PLATFORM_STAFF, WINDOW_STAFF
from ..scoping import acting_user, role_names, scoped
from .models import Sample


def samples_of_need(need) -> SimpleNamespace:
    """``rows``: the samples of ``need`` the reader may see (the enterprise its own, an institution
    those sent to it, window staff their stations'), oldest first; ``may_receive``: whether the
    reader works a park station (or is platform staff) and the need can still take a sample."""
    rows = list(db.session.scalars(scoped(select(Sample).where(Sample.need_id == need.id), Sample).order_by(Sample.id)))
    user = acting_user()
    may_receive = False
    if user is not None and need.state != CANCELLED and role_names(user) & {ADMIN, PLATFORM_STAFF, WINDOW_STAFF}:
        from .views import park_windows

        may_receive = bool(park_windows(user))
    return SimpleNamespace(rows=rows, may_receive=may_receive)
