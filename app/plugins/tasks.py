"""Periodic tasks contributed by plugins (``qi_periodic_tasks``) and their runner."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Callable

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicTask:
    """``run(session)`` does the work and returns how many things it did (or None)."""

    name: str
    run: Callable[[Any], int | None]
    description: str = ""


def periodic_tasks(host) -> list[PeriodicTask]:
    tasks: dict[str, PeriodicTask] = {}
    for record, answer in host.call_each("qi_periodic_tasks"):
        for task in answer or []:
            if not isinstance(task, PeriodicTask):
                raise TypeError(f"plugin {record.name}: qi_periodic_tasks must return PeriodicTask objects")
            if task.name in tasks:
                raise ValueError(f"plugin {record.name}: the task name {task.name!r} is already taken")
            tasks[task.name] = task
    return list(tasks.values())


def run_tasks(session, tasks: list[PeriodicTask]) -> list[tuple[str, int | None, str | None]]:
    """Run each task in its own transaction: (name, count, error) per task."""
    results = []
    for task in tasks:
        try:
            count = task.run(session)
            session.commit()
            results.append((task.name, count, None))
        except Exception as exc:  # one failing task must not stop the reminders of another plugin
            session.rollback()
            log.exception("periodic task %s failed", task.name)
            results.append((task.name, None, str(exc)))
    return results
