"""The system panel for staff (4.1-4c): application version, database and migration state, plugin
status, the last run of each periodic task, the plugin failures the platform counted, the server
errors of the last day, the mail waiting in the outbox and the support tickets waiting for an answer.

Read from the database and the plugin host on each request (several workers share one database: no
figure is kept in a process).
"""
from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db

log = logging.getLogger(__name__)


def migration_state() -> dict:
    """The revisions the database is at and the heads of the migration scripts; ``current`` says
    whether they are the same (a database behind its code needs ``flask qi init``)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    migrate = current_app.extensions["migrate"]
    heads = set(ScriptDirectory.from_config(migrate.migrate.get_config(migrate.directory)).get_heads())
    at = set(MigrationContext.configure(db.session.connection()).get_current_heads())
    return {"at": sorted(at), "heads": sorted(heads), "missing": sorted(heads - at), "current": at == heads}


def database_kind() -> str:
    """The engine and its server version, e.g. ``postgresql 15.8`` or ``sqlite 3.40.1``."""
    dialect = db.engine.dialect
    version = ".".join(str(part) for part in (dialect.server_version_info or ()))
    return f"{dialect.name} {version}".strip()


def last_task_runs() -> list | None:
    """The newest run of each periodic task (one statement), by task name; None when the database is
    behind the code (no ``qi_task_run`` yet): the panel says so rather than failing."""
    from ..plugins.tasks import TaskRun

    newest = select(func.max(TaskRun.id)).group_by(TaskRun.task)
    try:
        return list(db.session.scalars(select(TaskRun).where(TaskRun.id.in_(newest)).order_by(TaskRun.task)))
    except SQLAlchemyError:
        log.exception("could not read the periodic-task runs")
        db.session.rollback()
        return None


def plugin_failures() -> tuple[int, list]:
    """(failures counted in all, the rows of ``qi_plugin_failure`` newest first)."""
    from ..plugins.failures import PluginFailure

    rows = list(db.session.scalars(select(PluginFailure).order_by(PluginFailure.last_at.desc())))
    return sum(row.count for row in rows), rows


def recent_server_errors(hours: int = 24) -> int | None:
    """The 500s of the last ``hours`` on every server (the audit trail's server_error entries)."""
    import datetime as dt

    from ..audit.models import SERVER_ERROR, AuditEntry

    since = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) - dt.timedelta(hours=hours)
    try:
        return db.session.scalar(select(func.count()).select_from(AuditEntry)
                                 .where(AuditEntry.at >= since, AuditEntry.kind == SERVER_ERROR))
    except SQLAlchemyError:
        db.session.rollback()
        return None


def outbox_queue() -> tuple[int, object]:
    """(e-mails waiting in the outbox, when the oldest was queued): ``flask qi outbox send`` is behind
    when they pile up."""
    from ..notify.models import OutboxMail

    waiting, oldest = db.session.execute(select(func.count(), func.min(OutboxMail.created_on))
                                         .where(OutboxMail.sent_on.is_(None))).one()
    return waiting, oldest


def support_waiting() -> int:
    """Support tickets waiting for an answer (4.1-4c, ``app.support``)."""
    from ..support.queries import waiting_count

    return db.session.scalar(select(waiting_count()))


def system_status() -> dict:
    """Everything the system panel shows."""
    from ..plugins.manager import LOADED, platform_version

    records = list(current_app.extensions["qi_plugins"].records.values())
    total, failures = plugin_failures()
    return {
        "version": platform_version(),
        "database": database_kind(),
        "migrations": migration_state(),
        "plugins": records,
        "plugins_loaded": sum(1 for r in records if r.status == LOADED),
        "plugins_not_loaded": [r for r in records if r.status != LOADED],
        "task_runs": last_task_runs(),
        "error_count": total,
        "failures": failures,
        "server_errors": recent_server_errors(),
        "outbox": outbox_queue(),
        "support_waiting": support_waiting(),
    }
