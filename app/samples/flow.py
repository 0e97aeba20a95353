"""The steps of a sample, strictly in order: received → sent → testing → reported → handed_over.

Each step is timed (when, by whom) on the sample and written to its need's history (a ``NeedEvent``
of action ``sample`` whose comment is a platform sentence, shown in the reader's language), so the
enterprise follows it on its case page. Callers commit. A step out of order, or taken by someone who
may not, is a ``SampleError`` with a translated message and changes nothing; a step taken twice (a
double click, two posts at once) finds the sample moved on and is refused: one conditional
``UPDATE`` per step claims the state.
"""
from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from flask_babel import gettext, lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..accounts.models import APPROVED, INSTITUTION as INSTITUTION_KIND, Organisation
from ..needs import documents, texts
from ..needs.models import Need, NeedEvent, _now
from ..needs.states import CANCELLED
from ..numbering import next_number
from ..windows.models import PARK, ServiceWindow
from .models import HANDED_OVER, RECEIVED, REPORTED, SENT, STAMPS, STATES, TESTING, Sample

PREFIX = "YP"
STAFF, INSTITUTION = "staff", "institution"
EVENT_ACTION = "sample"


@dataclass(frozen=True)
class SampleStep:
    """A step: the state it starts from, the state it reaches, who may take it."""

    name: str
    label: object
    source: str
    target: str
    actors: frozenset
    history: object  # the sentence written to the need's history (msgid with %(number)s …)


STEPS = {step.name: step for step in [
    SampleStep("send", _l("Send to the institution"), RECEIVED, SENT, frozenset({STAFF}),
               _l("Sample %(number)s sent to %(institution)s for testing.")),
    SampleStep("start", _l("Testing started"), SENT, TESTING, frozenset({STAFF, INSTITUTION}),
               _l("Testing of sample %(number)s started.")),
    SampleStep("report", _l("Report issued"), TESTING, REPORTED, frozenset({STAFF, INSTITUTION}),
               _l("Test report %(report)s of sample %(number)s issued.")),
    SampleStep("hand_over", _l("Report handed over to the enterprise"), REPORTED, HANDED_OVER, frozenset({STAFF}),
               _l("Test report of sample %(number)s handed over to the enterprise.")),
]}
RECEIVED_TEXT = _l("Sample %(number)s (%(name)s) received at %(window)s.")


class SampleError(ValueError):
    """A sample step refused; ``str()`` is the translated message."""


def _history(session: Session, need_id: int, actor: str, sentence, **params) -> None:
    comment, key = texts.split(texts.need_text(sentence, **params))
    session.add(NeedEvent(need_id=need_id, actor=actor, action=EVENT_ACTION, comment=comment, comment_key=key))


def receive_sample(session: Session, need: Need, window: ServiceWindow, *, name: str, quantity: str = "",
                   actor: str, token: str | None = None) -> Sample:
    """A sample received at park station ``window`` for ``need``, numbered ``YP-<year>-…``; the same
    form token receives it once. SampleError when the window is no park station, the need is
    cancelled or the sample is not named."""
    if token:
        existing = session.scalar(select(Sample).where(Sample.token == token))
        if existing is not None:
            return existing
    if window is None or window.kind != PARK:
        raise SampleError(gettext("Samples are received at a park service station."))
    if need.state == CANCELLED:
        raise SampleError(gettext("The need is cancelled: no sample is received for it."))
    name, quantity = (name or "").strip(), (quantity or "").strip() or None
    if not name:
        raise SampleError(gettext("Say what the sample is."))
    if len(name) > 200 or (quantity and len(quantity) > 100):
        raise SampleError(gettext("The name or quantity of the sample is too long."))
    now = _now()
    sample = Sample(number=next_number(session, PREFIX), token=token or secrets.token_hex(16), need_id=need.id,
                    window_id=window.id, organisation_id=need.organisation_id, name=name, quantity=quantity,
                    state=RECEIVED, received_at=now, received_by=actor)
    session.add(sample)
    session.flush()
    _history(session, need.id, actor, RECEIVED_TEXT, number=sample.number, name=name, window=window.name)
    session.flush()
    return sample


def allowed_steps(sample: Sample, kinds: set[str]) -> list[SampleStep]:
    """The one step that comes next, if ``kinds`` may take it."""
    return [step for step in STEPS.values() if step.source == sample.state and step.actors & kinds]


def take_step(session: Session, sample: Sample, step_name: str, *, actor: str, kinds: set[str],
              institution_id: int | None = None, report_number: str = "", report_file=None) -> Sample:
    """Take the next step of ``sample``; SampleError (translated) when it is not the next one, the
    actor may not take it, or what it needs is missing. ``report_file`` (optional, with ``report``)
    is stored as a report document of the need (``app.needs.documents``); ``DocumentError`` or
    ``UploadRefused`` when the file is refused. Returns the sample; a stored file's name is on
    ``sample.stored_file`` so the caller can remove it if its commit fails."""
    step = STEPS.get(step_name)
    if step is None:
        raise SampleError(gettext("Unknown step."))
    if sample.state != step.source:
        raise SampleError(gettext("“%(step)s” does not apply now: the sample is at “%(state)s”. Its steps are taken "
                                  "in order.", step=step.label, state=sample.state_label))
    if not step.actors & kinds:
        raise SampleError(gettext("You may not take this step."))
    values, params = {}, {"number": sample.number}
    if step.name == "send":
        if not institution_id or session.scalar(select(Organisation.id).where(
                Organisation.id == institution_id, Organisation.kind == INSTITUTION_KIND,
                Organisation.status == APPROVED)) is None:
            raise SampleError(gettext("Choose the institution that tests the sample."))
        values["institution_id"] = institution_id
        params["institution"] = session.get(Organisation, institution_id).name
    if step.name == "report":
        report_number = (report_number or "").strip()
        if not report_number:
            raise SampleError(gettext("Give the number of the test report."))
        if len(report_number) > 60:
            raise SampleError(gettext("The report number is longer than %(max)s characters.", max=60))
        values["report_number"] = params["report"] = report_number
    at_column, by_column = STAMPS[step.target]
    values.update({at_column: _now(), by_column: actor})
    claimed = session.execute(update(Sample).where(Sample.id == sample.id, Sample.state == step.source)
                              .values(state=step.target, **values).execution_options(synchronize_session=False)).rowcount
    if not claimed:  # someone took it first (a double click): refused, nothing recorded twice
        session.refresh(sample)
        raise SampleError(gettext("“%(step)s” does not apply now: the sample is at “%(state)s”. Its steps are taken "
                                  "in order.", step=step.label, state=sample.state_label))
    sample.stored_file = None
    if step.name == "report" and report_file is not None and getattr(report_file, "filename", ""):
        document, stored = documents.add_document(session, sample.need, documents.REPORT, report_file, actor)
        session.flush()
        session.execute(update(Sample).where(Sample.id == sample.id).values(document_id=document.id)
                        .execution_options(synchronize_session=False))
        sample.stored_file = stored
    _history(session, sample.need_id, actor, step.history, **params)
    session.flush()
    session.refresh(sample)
    return sample


def timeline(sample: Sample) -> list[dict]:
    """Each state reached so far: when, by whom, and the time since the step before (a timedelta)."""
    out, before = [], None
    for state in STATES:
        at_column, by_column = STAMPS[state]
        at = getattr(sample, at_column)
        if at is None:
            break
        out.append({"state": state, "at": at, "by": getattr(sample, by_column),
                    "since": (at - before) if before is not None else None})
        before = at
    return out


def duration_text(delta: dt.timedelta | None) -> str:
    """A time between two steps in days, hours and minutes, in the reader's language."""
    if delta is None:
        return "—"
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return gettext("%(days)d d %(hours)d h", days=days, hours=hours)
    if hours:
        return gettext("%(hours)d h %(minutes)d min", hours=hours, minutes=minutes)
    return gettext("%(minutes)d min", minutes=minutes)
