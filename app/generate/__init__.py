"""``flask qi generate``: a deterministic data set at a province's scale, for the benchmarks.

A fixed seed gives the same rows on every run (no clock, no ``secrets``); rows go in with Core bulk
inserts (``bulk_insert``), never one ORM object per row, on SQLite and PostgreSQL alike. It fills a
database that ``flask qi init`` and ``flask qi demo`` prepared: a share of the generated rows belongs
to the demo enterprise, institution and window, so the role-scoped lists of the demo users are long too.
The core generates its own tables here; each plugin generates its tables through the hook
``qi_generate`` (``app/`` never imports ``plugins/``), and a plugin whose generator raises is rolled
back and reported without stopping the others.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from .bulk import bulk_insert

__all__ = ["SCALES", "GenerateContext", "AlreadyGenerated", "bulk_insert", "generate", "already_generated"]

# rows per logical table and scale; the core and each plugin read their own keys (ctx.count(name))
SCALES: dict[str, dict[str, int]] = {
    "tiny": {"organisations": 60, "pending_reviews": 10, "change_requests": 40, "attachments": 60,
             "needs": 50, "open_needs": 30, "standards": 60, "instruments": 60, "capabilities": 30,
             "bodies": 10, "complaints": 30, "evaluations": 20, "appointments": 40, "visits": 30},
    "small": {"organisations": 10_000, "pending_reviews": 1_000, "change_requests": 10_000, "attachments": 10_000,
              "needs": 10_000, "open_needs": 2_000, "standards": 10_000, "instruments": 10_000,
              "capabilities": 10_000, "bodies": 1_000, "complaints": 10_000, "evaluations": 10_000,
              "appointments": 10_000, "visits": 10_000},
    "large": {"organisations": 100_000, "pending_reviews": 10_000, "change_requests": 10_000,
              "attachments": 100_000, "needs": 1_000_000, "open_needs": 10_000, "standards": 1_000_000,
              "instruments": 1_000_000, "capabilities": 100_000, "bodies": 10_000, "complaints": 100_000,
              "evaluations": 100_000, "appointments": 100_000, "visits": 100_000},
}
DEFAULT_SEED = 16
MARK = "GEN"  # generated organisations' USCC starts with it: how a second run is recognised


class AlreadyGenerated(Exception):
    """The database already holds generated rows (the generator adds to a database only once)."""


@dataclass
class GenerateContext:
    """What every generator gets: the session, the scale's row counts, the seed, and the demo owners
    (so a share of the rows is the demo users' own)."""

    session: Session
    scale: str
    seed: int
    counts: dict[str, int]
    demo: dict[str, int | None] = field(default_factory=dict)

    def count(self, name: str) -> int:
        """How many rows of ``name`` this scale asks for (0 when the scale does not name it)."""
        return self.counts.get(name, 0)

    def organisation_ids(self, kind: str) -> list[int]:
        """The ids of the generated organisations of ``kind`` (enterprise/institution), in id order."""
        from ..accounts.models import Organisation

        return list(self.session.scalars(select(Organisation.id).where(
            Organisation.uscc.like(f"{MARK}%"), Organisation.kind == kind).order_by(Organisation.id)))

    def owner(self, i: int, kind: str, generated: list[int]) -> int | None:
        """Row ``i``'s owner: every 10th row the demo user's own organisation (so their scoped lists
        are long too), else one of ``generated`` in turn."""
        if i % 10 == 0 and self.demo.get(kind):
            return self.demo[kind]
        return generated[i % len(generated)] if generated else self.demo.get(kind)


def already_generated(session: Session) -> bool:
    """Whether ``flask qi generate`` has already filled this database."""
    from ..accounts.models import Organisation

    return session.scalar(select(Organisation.id).where(Organisation.uscc.like(f"{MARK}%")).limit(1)) is not None


def demo_owners(session: Session) -> dict[str, int | None]:
    """The demo enterprise's and institution's organisation ids and the demo window staff's window
    (None for whatever the demo data lacks)."""
    from flask_appbuilder.security.sqla.models import User

    from ..accounts.models import UserProfile
    from ..windows.models import WindowStaffMember

    def org_of(username):
        return session.scalar(select(UserProfile.organisation_id).join(User, User.id == UserProfile.user_id)
                              .where(User.username == username))

    window = session.scalar(select(WindowStaffMember.window_id).join(User, User.id == WindowStaffMember.user_id)
                            .where(User.username == "window").order_by(WindowStaffMember.window_id).limit(1))
    return {"enterprise": org_of("enterprise"), "institution": org_of("institution"), "window": window}


def _core_generators():
    from .needs import generate_needs
    from .orgs import generate_organisations
    from .service import generate_appointments, generate_complaints, generate_evaluations, generate_visits

    # organisations first: needs (and the plugins) own rows of the generated organisations; the
    # evaluations rate generated needs
    return [("organisations", generate_organisations), ("needs", generate_needs),
            ("complaints", generate_complaints), ("evaluations", generate_evaluations),
            ("appointments", generate_appointments), ("visits", generate_visits)]


def _index(session: Session, echo) -> dict:
    """The search index rebuilt from every provider (``flask qi search rebuild``): bulk inserts pass
    by the ORM events that index a record as it is saved, so the generated records (standards,
    institutions, capabilities …) are indexed here, as they would be, with their real pages."""
    from flask import current_app, has_app_context

    from ..search.index import rebuild

    if not has_app_context() or "qi_search" not in current_app.extensions:
        return {}
    began = time.perf_counter()
    counts = rebuild(session, current_app.extensions["qi_search"])
    session.commit()
    echo("search index: qi_search_entry " + ", ".join(f"{kind} {n:,}" for kind, n in counts.items() if n)
         + f" ({time.perf_counter() - began:.1f} s)")
    return {"qi_search_entry": sum(counts.values())}


def _vacuum(session: Session, echo) -> None:
    """PostgreSQL: ``VACUUM ANALYZE`` after the bulk load, as autovacuum does later: statistics for
    the planner, and the visibility map without which an index-only count still reads every row.
    SQLite plans without statistics (see docs/performance.md)."""
    from sqlalchemy import text

    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return
    began = time.perf_counter()
    session.commit()
    with bind.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
    echo(f"vacuum analyze ({time.perf_counter() - began:.1f} s)")


def generate(session: Session, scale: str, seed: int = DEFAULT_SEED, host=None, echo=print) -> dict:
    """Fill the database at ``scale`` with ``seed``; commits after each generator and returns
    ``{"tables": {table: rows}, "failed": [plugin names], "seconds": total}``.

    Raises ``AlreadyGenerated`` when the database holds generated rows already, ``KeyError`` for an
    unknown scale. ``host`` is the plugin host (``app.extensions["qi_plugins"]``); None skips plugins.
    """
    counts = SCALES[scale]
    if already_generated(session):
        raise AlreadyGenerated(scale)
    ctx = GenerateContext(session, scale, seed, counts, demo_owners(session))
    started = time.perf_counter()
    tables: dict[str, int] = {}
    for name, generator in _core_generators():
        began = time.perf_counter()
        made = generator(ctx)
        session.commit()
        tables.update(made)
        echo(f"{name}: " + ", ".join(f"{t} {n:,}" for t, n in made.items())
             + f" ({time.perf_counter() - began:.1f} s)")
    failed = []
    for record in (host.loaded() if host is not None else []):
        began = time.perf_counter()
        try:
            made = host.call_plugin(record, "qi_generate", ctx=ctx)
            session.commit()
        except Exception as exc:  # one plugin's failure must not stop the others: report it
            session.rollback()
            failed.append(record.name)
            echo(f"plugin {record.name}: generation failed: {exc}")
            continue
        if made:
            tables.update(made)
            echo(f"plugin {record.name}: " + ", ".join(f"{t} {n:,}" for t, n in made.items())
                 + f" ({time.perf_counter() - began:.1f} s)")
    tables.update(_index(session, echo))
    _vacuum(session, echo)
    seconds = time.perf_counter() - started
    echo(f"total: {sum(tables.values()):,} rows in {seconds:.1f} s")
    return {"tables": tables, "failed": failed, "seconds": seconds}
