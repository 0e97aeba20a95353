"""Periodic tasks contributed by plugins (``qi_periodic_tasks``) and their runner.

One plugin's failure stays its own: a plugin whose ``qi_periodic_tasks`` raises or answers
something else than ``PeriodicTask`` objects, and a task that raises, are logged and counted for
that plugin (``app.plugins.failures``); every other task still runs.
"""
from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from typing import Any, Callable

from .failures import PERIODIC_TASK, record_failure

log = logging.getLogger(__name__)


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
        try:
            count = task.run(session)
            session.commit()
            results.append((task.name, count, None))
        except Exception as exc:
            session.rollback()
            record_failure(task.plugin or "core", PERIODIC_TASK, exc)
            results.append((task.name, None, str(exc)))
    return results
