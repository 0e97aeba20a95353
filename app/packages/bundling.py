"""Making a package of needs and taking one step on all of them. Callers commit.

A step on a package is all-or-nothing: every need must allow the step for the actor, or nothing is
done and each need that does not is reported with the reason. Each need that moves gets its own
history step through ``app.needs.flow.take_step`` (notices, plugin ``on_step`` and all), as if the
step had been taken on its case page.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..needs import flow
from ..needs.models import Need
from ..needs.states import FINAL, STEPS
from ..windows.models import INSTITUTION_WINDOW, ServiceWindow
from .models import CLOSED, OPEN, STAGE_LABELS, NeedPackage, PackageNeed

MAX_NEEDS = 200  # a package is a batch a window handles together, not a queue


class PackageError(ValueError):
    """A package change refused; ``str()`` is the translated message."""


@dataclass
class StepRefused(PackageError):
    """The step applies to some needs of the package only: ``refusals`` is ``[(need, message)]``."""

    refusals: list

    def __str__(self) -> str:
        return gettext("Nothing was done: %(count)d needs of the package do not allow this step.",
                       count=len(self.refusals))


def industry_of(need: Need) -> str:
    """The industry of the need's enterprise ("" when it has none or the need has no enterprise)."""
    return ((need.organisation.industry if need.organisation is not None else None) or "").strip()


def create_package(session: Session, *, title: str, window: ServiceWindow, industry: str, stages, actor: str,
                   description: str = "") -> NeedPackage:
    """A new open package for an institution window; ``industry`` defaults to the window's."""
    if window.kind != INSTITUTION_WINDOW or not window.active:
        raise PackageError(gettext("A package goes to an active institution window."))
    industry = (industry or window.industry or "").strip()
    if not industry:
        raise PackageError(gettext("Say which industry the package is for."))
    unknown = [s for s in stages if s not in STAGE_LABELS]
    if unknown or not stages:
        raise PackageError(gettext("Choose the stages the package spans."))
    package = NeedPackage(title=title.strip(), industry=industry[:100], window_id=window.id,
                          institution_id=window.organisation_id, stages=",".join(s for s in STAGE_LABELS if s in stages),
                          description=(description or "").strip() or None, state=OPEN, created_by=actor)
    session.add(package)
    session.flush()
    return package


def add_needs(session: Session, package: NeedPackage, needs: list[Need], actor: str) -> list[tuple[Need, str]]:
    """Add ``needs`` (already limited to what the actor may see); returns ``[(need, why not)]`` for
    those left out: of another industry, finished, already in an open package."""
    if package.state != OPEN:
        raise PackageError(gettext("This package is closed."))
    present = {m.need_id for m in package.members}
    if len(present | {n.id for n in needs}) > MAX_NEEDS:
        raise PackageError(gettext("A package holds at most %(count)d needs.", count=MAX_NEEDS))
    left_out = []
    for need in needs:
        if need.id in present:
            continue
        if need.state in FINAL:
            left_out.append((need, gettext("The case is finished.")))
        elif industry_of(need) != package.industry:
            left_out.append((need, gettext("The enterprise is not of the industry %(industry)s.",
                                           industry=package.industry)))
        else:
            try:
                with session.begin_nested():  # the unique open_need_id refuses a need of another open package
                    session.add(PackageNeed(package_id=package.id, need_id=need.id, open_need_id=need.id,
                                            added_by=actor))
            except IntegrityError:
                left_out.append((need, gettext("The need is already in another open package.")))
    session.flush()
    session.refresh(package)
    return left_out


def remove_need(session: Session, package: NeedPackage, need_id: int) -> None:
    """Take a need out of an open package."""
    if package.state != OPEN:
        raise PackageError(gettext("This package is closed."))
    member = session.scalar(select(PackageNeed).where(PackageNeed.package_id == package.id,
                                                      PackageNeed.need_id == need_id))
    if member is None:
        raise PackageError(gettext("This need is not in the package."))
    session.delete(member)
    session.flush()


def close_package(session: Session, package: NeedPackage) -> None:
    """Close the package: its needs are free to go into another one."""
    if package.state != OPEN:
        raise PackageError(gettext("This package is closed."))
    package.state = CLOSED
    for member in package.members:
        member.open_need_id = None
    session.flush()


def step_all(session: Session, package: NeedPackage, step_name: str, *, actor: str, kinds_of, comment=None) -> list:
    """Take ``step_name`` on every need of the package, or on none.

    ``kinds_of(need)`` is what the actor acts as on a need (``app.needs.states.STAFF`` …). StepRefused
    lists each need the step does not apply to; a need changed by someone else meanwhile refuses the
    whole step too. Returns the needs moved."""
    if step_name not in STEPS:
        raise PackageError(gettext("Unknown step."))
    if package.state != OPEN:
        raise PackageError(gettext("This package is closed."))
    needs = [m.need for m in package.members]
    if not needs:
        raise PackageError(gettext("The package has no needs."))
    refusals = []
    for need in needs:
        if not any(step.name == step_name for step in flow.allowed_steps(need, kinds_of(need))):
            refusals.append((need, gettext("This need is %(state)s: “%(step)s” does not apply now.",
                                           state=need.state_label, step=STEPS[step_name].label)))
    if refusals:
        raise StepRefused(refusals)
    for need in needs:
        # claim each need in the state read above: a need moved meanwhile stops the whole step
        claimed = session.execute(update(Need).where(Need.id == need.id, Need.state == need.state)
                                  .values(state=need.state).execution_options(synchronize_session=False)).rowcount
        if not claimed:
            raise StepRefused([(need, gettext("This need has just been changed by someone else; nothing was done."))])
        try:
            flow.take_step(session, need, step_name, actor=actor, actor_kinds=kinds_of(need), comment=comment,
                           institution_id=package.institution_id if step_name == "match" else None)
        except flow.FlowError as refused:
            raise StepRefused([(need, str(refused))]) from refused
    return needs
