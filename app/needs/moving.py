"""Moving a plugin's old request rows into needs, in the plugin's migration.

Before needs existed, plugins kept their own request tables (metrology's calibration requests,
IP's patent-navigation requests). Their migration to a need type calls ``move_into_needs(op,
need_type, rows)`` with one dict per old row, and then drops the old tables: each row becomes a
need with a case number, its deadlines counted from when it was sent, and a history rebuilt from
what the row recorded. It works on the tables as they are in the database (reflected, not the
current models), so a later change of the models cannot break an old migration, and it is safe to
run twice: a row whose ``token`` is already a need's is skipped.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import sqlalchemy as sa

from . import clock
from .flow import PREFIX
from .types import registered_types

# what a moved row may give; everything else of a need is derived
KEYS = {"token", "need_type", "submitted_at", "organisation_id", "institution_id", "contact_name", "contact",
        "title", "description", "details", "state", "item", "category", "responded_at", "answered_at", "plan",
        "result", "referral", "informed_at", "closed_at", "events"}
EVENT_KEYS = {"at", "actor", "action", "from_state", "to_state", "comment"}


def _next_number(connection, counters: sa.Table, year: int) -> str:
    where = sa.and_(counters.c.prefix == PREFIX, counters.c.year == year)
    last = connection.execute(sa.select(counters.c.last).where(where)).scalar()
    if last is None:
        connection.execute(counters.insert().values(prefix=PREFIX, year=year, last=0))
        last = 0
    connection.execute(counters.update().where(where).values(last=last + 1))
    return f"{PREFIX}-{year}-{last + 1:06d}"


def move_into_needs(op, need_type: str, rows) -> int:
    """Insert one need (with its events) per dict of ``rows``; returns how many were added.

    Each dict has ``token`` (unique, e.g. ``"metr_request-12"``), ``submitted_at`` (naive UTC),
    ``contact_name``, ``contact``, ``title``, ``state`` and ``events`` (dicts with ``at``, ``actor``,
    ``action``, ``from_state``, ``to_state``, ``comment``), and may have ``organisation_id``,
    ``institution_id``, ``description``, ``details``, ``item`` / ``category`` (codes), and the
    times and texts the flow keeps (``responded_at``, ``answered_at``, ``plan``, ``result``,
    ``referral``, ``informed_at``, ``closed_at``). Deadlines are counted from ``submitted_at`` on the
    working-day calendar as for a need filed then. The secret code is not kept: the enterprise
    follows a moved need signed in.
    """
    connection = op.get_bind()
    meta = sa.MetaData()
    needs, events, counters, items, categories = (
        sa.Table(name, meta, autoload_with=connection)
        for name in ("qi_need", "qi_need_event", "qi_case_counter", "qi_service_item", "qi_service_category"))
    kind = next((t for t in registered_types() if t.code == need_type), None)
    respond_days, answer_days = (kind.respond_days, kind.answer_days) if kind else (clock.RESPOND_DAYS,
                                                                                 clock.ANSWER_DAYS)
    added = 0
    for row in rows:
        unknown = set(row) - KEYS
        if unknown:
            raise ValueError(f"move_into_needs: unknown keys {sorted(unknown)}")
        if connection.execute(sa.select(needs.c.id).where(needs.c.token == row["token"])).first():
            continue
        submitted = row["submitted_at"]
        start, respond_due, answer_due = clock.deadlines(submitted, respond_days, answer_days)
        item_id = category_id = None
        if row.get("item"):
            found = connection.execute(sa.select(items.c.id, items.c.category_id)
                                       .where(items.c.code == row["item"])).first()
            item_id, category_id = found if found else (None, None)
        if category_id is None and row.get("category"):
            category_id = connection.execute(sa.select(categories.c.id)
                                             .where(categories.c.code == row["category"])).scalar()
        values = {key: row.get(key) for key in ("organisation_id", "institution_id", "details", "responded_at",
                                                "answered_at", "plan", "result", "referral", "informed_at",
                                                "closed_at")}
        number = _next_number(connection, counters, (submitted + clock.CHINA).year)
        need_id = connection.execute(needs.insert().values(
            number=number, code_hash=hashlib.sha256(secrets.token_hex(8).encode()).hexdigest(),
            token=row["token"], need_type=need_type, item_id=item_id, category_id=category_id, channel="online",
            contact_name=row["contact_name"][:100], contact=row["contact"][:200], title=row["title"][:200],
            description=row.get("description") or "", state=row["state"], submitted_at=submitted,
            counted_from=start, respond_due=respond_due, answer_due=answer_due,
            changed_at=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None), **values)).inserted_primary_key[0]
        for event in row["events"]:
            if set(event) - EVENT_KEYS:
                raise ValueError(f"move_into_needs: unknown event keys {sorted(set(event) - EVENT_KEYS)}")
            connection.execute(events.insert().values(need_id=need_id, **{k: event.get(k) for k in EVENT_KEYS}))
        added += 1
    return added
