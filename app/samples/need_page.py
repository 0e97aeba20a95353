"""What the need page shows of samples: the need's samples and their states (Jinja global
``samples_of_need``, used by ``qi/samples/_need_samples.html``)."""
from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..scoping import scoped
from .models import Sample


def samples_of_need(need) -> list[Sample]:
    """The samples of ``need`` the reader may see (the enterprise its own, an institution those sent
    to it, window staff their stations'), oldest first."""
    return list(db.session.scalars(scoped(select(Sample).where(Sample.need_id == need.id), Sample)
                                   .order_by(Sample.id)))
