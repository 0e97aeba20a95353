"""Writing the audit trail: every row change through the ORM, and ``record()`` for the rest.

Entries are written on the connection of the change, inside its transaction: a change rolled back
leaves no entry, and no change is committed without one. Values that are secrets (password hashes,
tokens, codes) or identity numbers are never copied into the trail: the entry says they changed.
"""
from __future__ import annotations

import datetime as dt
import decimal
import json
import logging
import re

from flask import g, has_request_context, request
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from .models import BULK_DELETE, BULK_UPDATE, CREATE, DELETE, UPDATE, AuditEntry, _now

log = logging.getLogger(__name__)

# Tables whose rows are not the platform's records: the trail itself, an index derived from the
# records, sign-in attempts (recorded as sign-ins), bookkeeping of runs, failures and counters.
SKIPPED = {"qi_audit_entry", "qi_search_entry", "qi_login_attempt", "qi_task_run", "qi_plugin_failure",
           "qi_case_counter", "qi_session_version", "qi_form_token", "alembic_version"}
HIDDEN = re.compile(r"password|token|secret|hash|code_hash|id_number|otp", re.I)
# Kept by FAB on every sign-in: a change of these alone is no change of the record.
BOOKKEEPING = {"last_login", "login_count", "fail_login_count", "changed_on", "changed_at"}
TEXT_LIMIT = 500


def _value(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value[:TEXT_LIMIT] if isinstance(value, str) else value
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (bytes, bytearray)):
        return f"<{len(value)} bytes>"
    if isinstance(value, (list, tuple, set)):
        return [_value(v) for v in value]
    return str(value)[:TEXT_LIMIT]


def _shown(key: str, value):
    return "(hidden)" if HIDDEN.search(key) and value is not None else _value(value)


def who() -> dict:
    """The actor, address, request id and path of the current request (or of the command)."""
    if not has_request_context():  # a command (flask qi …, a periodic task)
        import os
        import sys

        command = " ".join([os.path.basename(sys.argv[0]), *sys.argv[1:]]) if sys.argv else ""
        return {"actor": "system", "actor_id": None, "address": None, "request_id": None,
                "path": command[:300] or None}
    from ..auth.throttle import client_address
    from ..ops.request_ids import request_id

    user = g.get("user")
    if user is None or not getattr(user, "is_authenticated", False):
        from flask_login import current_user

        user = current_user if getattr(current_user, "is_authenticated", False) else None
    return {"actor": getattr(user, "username", None) or "anonymous", "actor_id": getattr(user, "id", None),
            "address": client_address()[:64], "request_id": request_id(), "path": request.path[:300]}


def _entry(kind: str, table: str | None, record_id, details: dict | None, actor: dict) -> dict:
    return {"at": _now(), "kind": kind, **actor, "table_name": table,
            "record_id": None if record_id is None else str(record_id)[:100],
            "details": json.dumps(details, ensure_ascii=False, default=str) if details else None}


def record(kind: str, table: str | None = None, record_id=None, actor: str | None = None, **details) -> None:
    """Write an entry that is no row change (a sign-in, a download, an export) at once, in a
    transaction of its own: it stays whatever becomes of the request's (a failed sign-in is rolled
    back, its entry is not), and a page that only reads commits nothing of its own for it."""
    from flask import has_app_context

    from ..extensions import db

    if not has_app_context():  # a workbook built by a script or a test: no platform, nobody to record
        return
    by = who()
    if actor:  # a sign-in: the account tried, not the anonymous visitor trying it
        by = {**by, "actor": actor[:128]}
    with db.engine.begin() as connection:
        connection.execute(AuditEntry.__table__.insert(), [_entry(kind, table, record_id, details, by)])


def viewed(table: str, record_id, **details) -> None:
    """Someone else's personal data shown to the current user (a member's page, a case's contact)."""
    from .models import VIEW_PERSONAL

    record(VIEW_PERSONAL, table, record_id, **details)


def _key(state) -> str | None:
    """The row's primary key (assigned by the flush, before the row has its identity)."""
    values = state.mapper.primary_key_from_instance(state.obj())
    if not values or any(v is None for v in values):
        return None
    return str(values[0]) if len(values) == 1 else ",".join(map(str, values))


def _changes(state) -> dict:
    """{attribute: [before, after]} of the changed columns and collections of a dirty row (a
    many-to-one relation is its foreign-key column)."""
    changed = {}
    for attr in state.attrs:
        history = attr.history
        if not history.has_changes():
            continue
        prop = state.mapper.get_property(attr.key)
        if hasattr(prop, "direction"):
            if prop.uselist:  # a collection (a user's roles): the rows named, before and after
                before = sorted(str(v) for v in (*(history.unchanged or ()), *(history.deleted or ())))
                after = sorted(str(v) for v in (*(history.unchanged or ()), *(history.added or ())))
                if before != after:
                    changed[attr.key] = [before, after]
            continue
        before = history.deleted[0] if history.deleted else None
        after = history.added[0] if history.added else None
        if before != after:
            changed[attr.key] = [_shown(attr.key, before), _shown(attr.key, after)]
    return changed


def _columns(state) -> dict:
    """The column values of a row created or deleted."""
    keys = {column.key for column in state.mapper.column_attrs}
    return {key: _shown(key, value) for key, value in state.dict.items() if key in keys and value is not None}


def _table(state) -> str | None:
    table = getattr(state.mapper, "persist_selectable", None)
    return getattr(table, "name", None)


def _after_flush(session: Session, _context) -> None:
    entries = []
    actor = None
    for kind, objects in ((CREATE, session.new), (UPDATE, session.dirty), (DELETE, session.deleted)):
        for obj in objects:
            state = inspect(obj)
            table = _table(state)
            if table in SKIPPED or table is None:
                continue
            if kind == UPDATE:
                if not session.is_modified(obj, include_collections=True):
                    continue
                details = _changes(state)
                if not set(details) - BOOKKEEPING:
                    continue
            else:
                details = _columns(state)
            actor = actor or who()
            entries.append(_entry(kind, table, _key(state), details, actor))
    if entries:
        session.connection().execute(AuditEntry.__table__.insert(), entries)


def _bulk(execute_state) -> None:
    """An ORM ``update()``/``delete()``: no rows pass through the flush, so the statement is noted
    (written before it runs, in its transaction)."""
    if not (execute_state.is_update or execute_state.is_delete):
        return
    statement = execute_state.statement
    table = getattr(getattr(statement, "table", None), "name", None)
    if table in SKIPPED or table is None:
        return
    compiled = statement.compile()
    details = {"statement": str(compiled)[:TEXT_LIMIT * 2],
               "parameters": {k: _shown(k, v) for k, v in {**compiled.params, **(execute_state.parameters or {})}.items()}}
    kind = BULK_UPDATE if execute_state.is_update else BULK_DELETE
    execute_state.session.connection().execute(AuditEntry.__table__.insert(),
                                               [_entry(kind, table, None, details, who())])


_installed = False


def install() -> None:
    """Listen to every session's flushes and ORM executions (once per process)."""
    global _installed
    if _installed:
        return
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "do_orm_execute", _bulk)
    _installed = True
