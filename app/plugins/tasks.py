"""Periodic tasks contributed by plugins (``qi_periodic_tasks``) and their runner.

One plugin's failure stays its own: a plugin whose ``qi_periodic_tasks`` raises or answers
something else than ``PeriodicTask`` objects, and a task that raises, are logged and counted for
that plugin (``app.plugins.failures``); every other task still runs.

Every run is recorded in ``qi_task_run`` (``TaskRun``: task, plugin, start, end, count, error) for
the system panel (``app.dashboard.system``): a task that did its work records its run in the same
transaction as the work, a failing one after its work was rolled back.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any, Callable

from flask_appbuilder import Model
from sqlalchemy import DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .failures import PERIODIC_TASK, record_failure

log = logging.getLogger(__name__)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class TaskRun(Model):
    """One run of one periodic task: when it started and finished, how many things it did, or why it failed."""

    __tablename__ = "qi_task_run"
    # the system panel reads the last run of each task: the newest id per task name
    __table_args__ = (Index("ix_qi_task_run_task", "task", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task: Mapped[str] = mapped_column(String(100), nullable=False)
    plugin: Mapped[str] = mapped_column(String(100), nullable=False)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    finished_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    count: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)


_ERROR_LENGTH = 2000


def _record_run(session, task: "PeriodicTask", started: dt.datetime, count, error: str | None) -> None:
    """Add the run to the session's transaction, in a savepoint: a record that cannot be written (the
    table missing before ``flask qi init``) is logged and never spoils the task's own work."""
    try:
        with session.begin_nested():
            session.add(TaskRun(task=task.name[:100], plugin=(task.plugin or "core")[:100], started_at=started,
                                finished_at=_now(), count=count if isinstance(count, int) else None,
                                error=error[:_ERROR_LENGTH] if error else None))
    except Exception:
        log.exception("could not record the run of task %s", task.name)


@dataclass(frozen=True)
class PeriodicTask:
    """``run(session)`` does the work and returns how many things it did (or None).

    ``plugin`` is filled in by the platform with the name of the plugin that contributed the task.
    """

    name: str
    run: Callable[[Any], int | None]
    description: str = ""
    plugin: str = ""


def periodic_tasks(host, failed: list[str] | None = None) -> list[PeriodicTask]:
    """Every loaded plugin's tasks; a plugin that cannot list its tasks is counted, skipped and
    added to ``failed`` when given."""
    tasks: dict[str, PeriodicTask] = {}
    for record in host.loaded():
        try:
            answer = host.call_plugin(record, "qi_periodic_tasks") or []
            mine = []
            for task in answer:
                if not isinstance(task, PeriodicTask):
                    raise TypeError(f"qi_periodic_tasks must return PeriodicTask objects, not {task!r}")
                if task.name in tasks:
                    raise ValueError(f"the task name {task.name!r} is already taken")
                mine.append(dataclasses.replace(task, plugin=record.name))
        except Exception as exc:
            record_failure(record.name, PERIODIC_TASK, exc)
            if failed is not None:
                failed.append(record.name)
            continue
        tasks.update((task.name, task) for task in mine)
    return list(tasks.values())


def run_tasks(session, tasks: list[PeriodicTask]) -> list[tuple[str, int | None, str | None]]:
    """Run each task in its own transaction: (name, count, error) per task; one failing task is
    rolled back, counted for its plugin, and does not stop the next."""
    results = []
    for task in tasks:
        started = _now()
        try:
            count = task.run(session)
            _record_run(session, task, started, count, None)  # committed with the work, or not at all
            session.commit()
            results.append((task.name, count, None))
        except Exception as exc:
            session.rollback()
            record_failure(task.plugin or "core", PERIODIC_TASK, exc)
            _record_run(session, task, started, None, f"{type(exc).__name__}: {exc}")
            _commit_record(session, task)
            results.append((task.name, None, str(exc)))
    return results


def _commit_record(session, task: "PeriodicTask") -> None:
    try:
        session.commit()
    except Exception:
        session.rollback()
        log.exception("could not record the failed run of task %s", task.name)
