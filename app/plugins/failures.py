"""Failures of plugins at run time: logged, counted in the database, shown on the Plugins page.

A plugin's search provider, category-page form, periodic task, demo data, need matcher or need
type callback may raise; the core catches it where it is called, leaves that plugin's contribution
out and calls ``record_failure``.
Counts live in the database, one row per plugin and kind of failure, so every worker process adds
to the same count and the table stays as small as the number of plugins.
"""
from __future__ import annotations

import datetime as dt
import logging

from flask_appbuilder import Model
from flask_babel import lazy_gettext as _l
from sqlalchemy import DateTime, Integer, String, Text, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, mapped_column

log = logging.getLogger(__name__)

SEARCH_DOCUMENT = "search_document"
SEARCH_RELATED = "search_related"
SEARCH_QUERY = "search_query"
CATEGORY_FORM = "category_form"
PERIODIC_TASK = "periodic_task"
DEMO_DATA = "demo_data"
NEED_MATCHER = "need_matcher"
NEED_STEP = "need_step"
FORM_SOURCE = "form_source"

KIND_LABELS = {
    SEARCH_DOCUMENT: _l("search document"),
    SEARCH_RELATED: _l("search: related records"),
    SEARCH_QUERY: _l("search: rebuild query"),
    CATEGORY_FORM: _l("category page form"),
    PERIODIC_TASK: _l("periodic task"),
    DEMO_DATA: _l("demo data"),
    NEED_MATCHER: _l("need matcher"),
    NEED_STEP: _l("need type: after a step"),
    FORM_SOURCE: _l("application form: records offered"),
}

_ERROR_LENGTH = 2000


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class PluginFailure(Model):
    """How often one plugin failed in one way (``kind``), and its last error."""

    __tablename__ = "qi_plugin_failure"

    plugin: Mapped[str] = mapped_column(String(100), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_error: Mapped[str] = mapped_column(Text, nullable=False, default="")
    last_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)

    @property
    def kind_label(self):
        return KIND_LABELS.get(self.kind, self.kind)


def _upsert(connection: Connection, plugin: str, kind: str, error: str) -> None:
    """Add one to the count of (plugin, kind), in one statement, whichever worker gets there first."""
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    table = PluginFailure.__table__
    now = _now()
    stmt = insert(table).values(plugin=plugin, kind=kind, count=1, last_error=error, last_at=now)
    stmt = stmt.on_conflict_do_update(index_elements=["plugin", "kind"],
                                      set_={"count": table.c.count + 1, "last_error": error, "last_at": now})
    connection.execute(stmt)


def record_failure(plugin: str, kind: str, exc: BaseException | str, connection: Connection | None = None) -> None:
    """Log a plugin's run-time failure with its name and add it to the counts.

    With ``connection`` (inside a flush: the record's own transaction holds the write lock) the count
    is written there, in a savepoint so a failure to count cannot spoil that transaction; otherwise
    in a short transaction of its own. Counting never raises: it is the failure report, not the work.
    """
    error = exc if isinstance(exc, str) else f"{type(exc).__name__}: {exc}"
    error = error[:_ERROR_LENGTH]
    if isinstance(exc, BaseException):
        log.error("plugin %s failed (%s): %s", plugin, kind, error, exc_info=exc)
    else:
        log.error("plugin %s failed (%s): %s", plugin, kind, error)
    try:
        if connection is not None:
            with connection.begin_nested():
                _upsert(connection, plugin, kind, error)
        else:
            from ..extensions import db

            with db.engine.begin() as own:
                _upsert(own, plugin, kind, error)
    except Exception:  # the table may be missing before `flask qi init`; the log line stays
        log.exception("could not count the failure of plugin %s (%s)", plugin, kind)


def failures_by_plugin(session) -> dict[str, list[PluginFailure]]:
    """Every counted failure, grouped by plugin name, most recent first."""
    grouped: dict[str, list[PluginFailure]] = {}
    try:
        rows = session.scalars(select(PluginFailure).order_by(PluginFailure.last_at.desc()))
        for row in rows:
            grouped.setdefault(row.plugin, []).append(row)
    except Exception:  # a database not migrated yet: the page still lists the plugins
        log.exception("could not read the plugin failure counts")
        session.rollback()
    return grouped
