"""Demo samples (``flask qi demo``): one sample of the demo enterprise's testing need, received at
the demo park station, sent to the demo institution and under test. Nothing is added when the demo
has no park station or the need is missing."""
from __future__ import annotations

from sqlalchemy import select

from ..needs.models import Need
from ..windows.models import PARK, ServiceWindow
from . import flow
from .models import Sample

TOKEN = "demo-sample-1"
NEED_TOKEN = "demo-need-5"  # 出口枸杞检验报告, in service at the demo institution (app.needs.demo)


def load_samples_demo(session) -> int:
    """Add the demo sample once; returns how many samples were added (0 or 1)."""
    window = session.scalar(select(ServiceWindow).where(ServiceWindow.kind == PARK).order_by(ServiceWindow.id).limit(1))
    need = session.scalar(select(Need).where(Need.token == NEED_TOKEN))
    if window is None or need is None or need.institution_id is None:
        return 0
    if session.scalar(select(Sample.id).where(Sample.token == TOKEN)):
        return 0
    sample = flow.receive_sample(session, need, window, name="枸杞干果", quantity="2 袋 × 500 g", actor="window",
                                 token=TOKEN)
    flow.take_step(session, sample, "send", actor="window", kinds={flow.STAFF}, institution_id=need.institution_id)
    flow.take_step(session, sample, "start", actor="institution", kinds={flow.INSTITUTION})
    return 1
