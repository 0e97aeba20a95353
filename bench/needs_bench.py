"""Benchmark of needs at scale (issue 12): 10,000 and 1,000,000 needs with their histories.

    .venv/bin/python -m bench.needs_bench [--db sqlite|postgresql|both] [--small N] [--large N]
                                          [--requests N]

Generated straight into the tables (bulk inserts; ``COPY`` on PostgreSQL): needs with their events,
the way the flow writes them. The shape is a platform whose history grows while its daily work does
not: a fixed backlog of 1,000 open needs filed in the last three weeks (some due today or tomorrow,
some overdue, some waiting for the enterprise), and everything older finished (closed, cancelled,
referred or to be evaluated), each with its full history (a consultation: filed, answered, closed;
a service need: filed, plan, match, accept, deliver, inform, notice, close). Enterprises grow with
the history (about 50 needs each), so the benchmark enterprise's own list keeps its size.

Measured in one run, first at ``--small`` needs, then after growing the same database to
``--large``:

- the reminder and the escalation task (``app.needs.tasks``) on a backlog not yet marked, then
  again (idempotent: nothing to do); target under 30 s at 1,000,000 needs. At the large size also
  the worst case: a tenth of the history reopened as overdue and unmarked, escalated in one run. The baseline, in the same
  run, is a naive task loading every unfinished need and checking it in Python, one notice per need.
- the p95 of the rendered SLA board (``/needs/board/``, platform staff) and of an enterprise's list
  (``/needs/mine/``) through the test client; target: the large database within 1.5× of the small
  one. A page that does not exist yet is reported as not measured.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import platform
import random
import statistics
import time

from sqlalchemy import insert, select, text, update

from bench import run_on

OPEN_BACKLOG = 1_000
NEEDS_PER_ENTERPRISE = 50
INSTITUTIONS = 200
CHUNK = 20_000
PAGES = ("/needs/board/", "/needs/mine/")
STAFF_USER, ENTERPRISE_USER, PASSWORD = "bench_staff", "bench_ent", "pw-bench-needs-1"
NEED_COLUMNS = ("id", "number", "code_hash", "token", "need_type", "item_id", "category_id", "organisation_id",
                "institution_id", "window_id", "filed_by_id", "channel", "contact_name", "contact", "title",
                "description", "details", "state", "resume_state", "submitted_at", "counted_from", "respond_due",
                "answer_due", "paused_on", "responded_at", "answered_at", "plan", "referral", "result", "informed_at",
                "closed_at", "reminded_on", "escalated_on", "changed_at")
EVENT_COLUMNS = ("need_id", "at", "actor", "action", "from_state", "to_state", "comment")
OPEN_STATES = ["submitted"] * 4 + ["responded"] * 2 + ["planned", "matched", "in_service", "delivered", "waiting"]
SERVICE_PATH = [("file", None, "submitted"), ("plan", "submitted", "planned"), ("match", "planned", "matched"),
                ("accept", "matched", "in_service"), ("deliver", "in_service", "delivered"),
                ("inform", "delivered", "to_evaluate"), ("notice", None, None), ("close", "to_evaluate", "closed")]
CONSULTATION_PATH = [("file", None, "submitted"), ("answer", "submitted", "to_evaluate"), ("close", "to_evaluate", "closed")]
CODE_HASH = hashlib.sha256(b"BENCH123").hexdigest()


def machine_facts(session) -> str:
    """CPU, memory and database version, for the results file."""
    import os

    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor() or platform.machine()) if os.path.exists("/proc/cpuinfo") else platform.machine()
    memory = next((f"{int(line.split()[1]) / 1024 / 1024:.0f} GB RAM" for line in open("/proc/meminfo")
                   if line.startswith("MemTotal")), "") if os.path.exists("/proc/meminfo") else ""
    version = session.execute(text("SELECT sqlite_version()" if session.get_bind().dialect.name == "sqlite"
                                   else "SHOW server_version")).scalar_one()
    return (f"{os.cpu_count()} × {cpu}, {memory}, {platform.system()}, Python {platform.python_version()}, "
            f"{session.get_bind().dialect.name} {version}")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


class Generator:
    """Needs and events as rows, in id order, with deadlines from the platform's own clock."""

    def __init__(self, categories: list[int], institutions: list[int], seed: int = 12):
        from app.workdays import today

        self.rng = random.Random(seed)
        self.categories, self.institutions = categories, institutions
        self.now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        self.today = today()
        self._deadlines: dict = {}
        self.serial: dict[int, int] = {}

    def deadlines(self, submitted_at: dt.datetime):
        from app.needs import clock

        local = submitted_at + clock.CHINA
        key = (local.date(), local.hour >= 17)
        if key not in self._deadlines:
            self._deadlines[key] = clock.deadlines(submitted_at)
        return self._deadlines[key]

    def rows(self, first_id: int, count: int, organisations: list[int], open_needs: int):
        """(need rows, event rows) of ``count`` needs from id ``first_id``; the first ``open_needs``
        are the open backlog, the rest finished history."""
        rng = self.rng
        needs, events = [], []
        for n in range(count):
            need_id = first_id + n
            is_open = n < open_needs
            age = dt.timedelta(days=rng.uniform(0, 21)) if is_open else dt.timedelta(days=rng.uniform(22, 1500))
            submitted_at = self.now - age
            start, respond_due, answer_due = self.deadlines(submitted_at)
            year = (submitted_at + dt.timedelta(hours=8)).year
            self.serial[year] = self.serial.get(year, 0) + 1
            consultation = rng.random() < 0.3
            state = rng.choice(OPEN_STATES) if is_open else rng.choices(
                ["closed", "cancelled", "referred", "to_evaluate"], [85, 7, 4, 4])[0]
            if consultation and state in ("planned", "matched", "in_service", "delivered", "referred"):
                state = "responded" if is_open else "closed"
            path = CONSULTATION_PATH if consultation else SERVICE_PATH
            answered = state not in ("submitted", "responded", "waiting", "cancelled")
            at = submitted_at
            row = dict.fromkeys(NEED_COLUMNS)
            row.update(id=need_id, number=f"XQ-{year}-{self.serial[year]:06d}", code_hash=CODE_HASH,
                       token=f"bench-{need_id}", need_type="consultation" if consultation else "service",
                       category_id=rng.choice(self.categories), organisation_id=organisations[n % len(organisations)],
                       channel=rng.choice(["online", "online", "online", "phone", "window"]), contact_name="张三",
                       contact="13800000000", title=f"基准需求{need_id}", description="", state=state,
                       submitted_at=submitted_at, counted_from=start, respond_due=respond_due, answer_due=answer_due,
                       changed_at=submitted_at)
            if state == "waiting":
                row.update(resume_state="submitted", paused_on=self.today)
            steps = {"submitted": 1, "responded": 1, "waiting": 1, "cancelled": 1, "planned": 2, "matched": 3,
                     "in_service": 4, "delivered": 5, "referred": 2, "to_evaluate": 7 if not consultation else 2,
                     "closed": len(path)}[state]
            for action, before, after in path[:steps]:
                events.append({"need_id": need_id, "at": at, "actor": "bench", "action": action,
                               "from_state": before, "to_state": after, "comment": None})
                at += dt.timedelta(hours=rng.uniform(1, 30))
            if state == "responded":
                row["responded_at"] = submitted_at + dt.timedelta(hours=2)
                events.append({"need_id": need_id, "at": row["responded_at"], "actor": "bench", "action": "respond",
                               "from_state": "submitted", "to_state": "responded", "comment": None})
            if state == "cancelled":
                events.append({"need_id": need_id, "at": at, "actor": "bench", "action": "cancel",
                               "from_state": "submitted", "to_state": "cancelled", "comment": "重复提交"})
            if state == "referred":
                row["referral"] = "平台外机构"
                events[-1].update(action="refer", to_state="referred", comment="平台外机构")
            if answered:
                row.update(responded_at=submitted_at + dt.timedelta(hours=2),
                           answered_at=submitted_at + dt.timedelta(hours=3), plan="方案")
            if state in ("matched", "in_service", "delivered", "to_evaluate", "closed") and not consultation:
                row["institution_id"] = rng.choice(self.institutions)
            if state in ("to_evaluate", "closed"):
                row.update(result="合格", informed_at=at)
            if state == "closed":
                row["closed_at"] = at
            needs.append(row)
        return needs, events


def bulk(session, model, rows: list[dict], columns) -> None:
    """Insert ``rows``: ``COPY`` on PostgreSQL, one executemany elsewhere."""
    if not rows:
        return
    if session.get_bind().dialect.name == "postgresql":
        connection = session.connection().connection.driver_connection
        with connection.cursor() as cursor:
            with cursor.copy(f"COPY {model.__tablename__} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(tuple(row[c] for c in columns))
    else:  # the DBAPI's executemany: SQLAlchemy's row processing costs more than the insert itself
        cursor = session.connection().connection.driver_connection.cursor()
        cursor.executemany(f"INSERT INTO {model.__tablename__} ({', '.join(columns)}) "
                           f"VALUES ({', '.join('?' * len(columns))})",
                           [tuple(_sqlite_value(row[c]) for c in columns) for row in rows])


def _sqlite_value(value):
    # as SQLAlchemy stores them on SQLite: ISO text with a space between date and time
    if isinstance(value, dt.datetime):
        return value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def grow(session, generator: Generator, first_id: int, count: int, organisations: list[int], open_needs: int) -> None:
    from app.needs.models import Need, NeedEvent

    done = 0
    while done < count:
        size = min(CHUNK, count - done)
        needs, events = generator.rows(first_id + done, size, organisations, max(open_needs - done, 0))
        bulk(session, Need, needs, NEED_COLUMNS)
        bulk(session, NeedEvent, events, EVENT_COLUMNS)
        session.commit()
        done += size
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT setval('qi_need_id_seq', (SELECT max(id) FROM qi_need))"))
        session.execute(text("SELECT setval('qi_need_event_id_seq', (SELECT max(id) FROM qi_need_event))"))
    session.commit()
    session.execute(text("ANALYZE"))
    session.commit()


def seed_people(app, session, needs: int) -> tuple[list[int], list[int], list[int]]:
    """The institutions, the categories' ids and the enterprises of ``needs`` needs, with the staff
    and enterprise users the pages are measured as: (institutions, categories, enterprises)."""
    from app.accounts.models import APPROVED, Organisation, UserProfile
    from app.catalog.models import ServiceCategory
    from app.cli import ensure_user

    session.execute(insert(Organisation), [{
        "kind": "institution", "institution_types": "other", "uscc": f"12{i:016d}", "name": f"基准机构{i:04d}",
        "legal_representative": "张三", "address": "银川市", "region_code": "640106", "contact_person": "李四",
        "contact_phone": "13800000000", "status": APPROVED} for i in range(INSTITUTIONS)])
    session.commit()
    institutions = list(session.scalars(select(Organisation.id).where(Organisation.kind == "institution")))
    categories = list(session.scalars(select(ServiceCategory.id)))
    orgs = enterprises(session, 0, max(needs // NEEDS_PER_ENTERPRISE, 1))
    ensure_user(STAFF_USER, PASSWORD, "PlatformStaff", "bench_staff@test.local", "基准", "员工")
    ensure_user(ENTERPRISE_USER, PASSWORD, "Enterprise", "bench_ent@test.local", "基准", "企业")
    user = app.appbuilder.sm.find_user(username=ENTERPRISE_USER)
    session.add(UserProfile(user_id=user.id, organisation_id=orgs[0], real_name="王五",
                            id_number="11010519491231002X", display_name="基准"))
    session.commit()
    return institutions, categories, orgs


def enterprises(session, first: int, count: int) -> list[int]:
    from app.accounts.models import APPROVED, Organisation

    session.execute(insert(Organisation), [{
        "kind": "enterprise", "institution_types": "", "uscc": f"91{first + i:016d}", "name": f"基准企业{first + i:06d}",
        "legal_representative": "张三", "address": "银川市", "region_code": "640106", "contact_person": "李四",
        "contact_phone": "13800000000", "status": APPROVED} for i in range(count)])
    session.commit()
    return list(session.scalars(select(Organisation.id).where(Organisation.name.like("基准企业%"))
                                .order_by(Organisation.id).offset(first)))


def naive_tasks(session, on: dt.date) -> int:
    """The baseline: every unfinished need loaded and checked in Python, one notice per need; rolled
    back."""
    from app.accounts.workflow import staff
    from app.needs.models import Need
    from app.needs.states import FINAL, RESPONDED, SUBMITTED
    from app.notify.send import notify
    from app.workdays import add_working_days

    horizon, users, count = add_working_days(on, 1), staff(session), 0
    for need in session.scalars(select(Need).where(Need.state.not_in(FINAL))):
        for due, states in ((need.answer_due, (SUBMITTED, RESPONDED)), (need.respond_due, (SUBMITTED,))):
            if need.state not in states:
                continue
            if on <= due <= horizon and (need.reminded_on is None or need.reminded_on < due):
                need.reminded_on = due
                notify(session, users, "%(count)s needs are due by the next working day", count=1)
                count += 1
            if due < on and (need.escalated_on is None or need.escalated_on < due):
                need.escalated_on = due
                notify(session, users, "%(count)s needs are overdue", count=1)
                count += 1
    session.rollback()
    return count


def measure(app, client_of, size: int, requests: int) -> list[str]:
    from app.extensions import db
    from app.needs import tasks
    from app.needs.models import Need
    from app.needs.states import RESPONDED, SUBMITTED

    lines = []
    with app.app_context():
        db.session.execute(update(Need).where(Need.state.in_([SUBMITTED, RESPONDED]))
                           .values(reminded_on=None, escalated_on=None))
        db.session.commit()
        timings = {}
        for label in ("first run", "again"):
            t = time.perf_counter()
            reminded = tasks.remind_due_needs(db.session)
            escalated = tasks.escalate_overdue_needs(db.session)
            db.session.commit()
            timings[label] = (time.perf_counter() - t, reminded, escalated)
        # the baseline on the same unmarked backlog, rolled back afterwards
        db.session.execute(update(Need).where(Need.state.in_([SUBMITTED, RESPONDED]))
                           .values(reminded_on=None, escalated_on=None))
        t = time.perf_counter()
        naive_count = naive_tasks(db.session, tasks.china_today())
        naive = time.perf_counter() - t
    (first, reminded, escalated), (again, *_) = timings["first run"], timings["again"]
    lines += [f"- reminder + escalation tasks: first run {first:.2f} s ({reminded} reminded, {escalated} escalated), "
              f"again {again:.3f} s (nothing to do)",
              f"- naive baseline (every unfinished need loaded, one notice each): {naive:.2f} s "
              f"({naive_count} notices); ratio {naive / max(first, 1e-6):.1f}×"]
    pages = {}
    for path in PAGES:
        if not any(rule.rule == path for rule in app.url_map.iter_rules()):
            lines.append(f"- {path}: not measured (the page does not exist in this build)")
            continue
        client = client_of(STAFF_USER if "board" in path else ENTERPRISE_USER)
        for _ in range(3):
            client.get(path)
        times = []
        for _ in range(requests):
            t = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - t)
            assert response.status_code == 200, (path, response.status_code)
        pages[path] = times
        lines.append(f"- {path}: median {statistics.median(times) * 1000:.0f} ms, "
                     f"p95 {percentile(times, 0.95) * 1000:.0f} ms ({requests} requests)")
    return lines, {"task": first, "pages": {p: percentile(t, 0.95) for p, t in pages.items()}}


def stress(session, size: int) -> list[str]:
    """The worst case at the large size: a tenth of the history reopened as overdue, none marked (as
    after an import of old cases), so one run escalates 100,000 needs."""
    from app.needs import tasks
    from app.needs.models import Need

    session.execute(update(Need).where(Need.state == "closed", Need.id % 10 == 0)
                    .values(state="submitted", reminded_on=None, escalated_on=None))
    session.commit()
    t = time.perf_counter()
    escalated = tasks.escalate_overdue_needs(session)
    reminded = tasks.remind_due_needs(session)
    session.commit()
    first = time.perf_counter() - t
    t = time.perf_counter()
    again = tasks.escalate_overdue_needs(session) + tasks.remind_due_needs(session)
    session.commit()
    return [f"- worst case, a tenth of the needs reopened overdue and unmarked: first run {first:.2f} s "
            f"({escalated:,} escalated, {reminded} reminded), again {time.perf_counter() - t:.2f} s ({again} done)"]


def run(db_kind, url, small, large, requests):
    from app import create_app
    from app.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-only-secret-key-0123456789abcdef",
                      "QI_LOAD_ENTRY_POINTS": False, "WTF_CSRF_ENABLED": False})
    assert app.test_cli_runner().invoke(args=["qi", "init", "--no-admin"]).exit_code == 0
    with app.app_context():
        session = db.session
        institutions, categories, small_orgs = seed_people(app, session, small)
        generator = Generator(categories, institutions)
        t = time.perf_counter()
        grow(session, generator, 1, small, small_orgs, OPEN_BACKLOG)
        small_load = time.perf_counter() - t

    clients = {}

    def client_of(username):
        if username not in clients:
            client = app.test_client()
            assert client.post("/login/", data={"username": username, "password": PASSWORD}).status_code == 302
            clients[username] = client
        return clients[username]

    small_lines, small_result = measure(app, client_of, small, requests)
    with app.app_context():
        session = db.session
        large_orgs = enterprises(session, len(small_orgs), max((large - small) // NEEDS_PER_ENTERPRISE, 1))
        t = time.perf_counter()
        grow(session, generator, small + 1, large - small, large_orgs, 0)
        large_load = time.perf_counter() - t
        counts = session.execute(text("SELECT (SELECT count(*) FROM qi_need), (SELECT count(*) FROM qi_need_event)")).one()
        facts = machine_facts(session)
    large_lines, large_result = measure(app, client_of, large, requests)
    with app.app_context():
        stress_lines = stress(db.session, large)
        db.engine.dispose()
    ratio_lines = [f"- task at {large:,} vs {small:,}: {large_result['task'] / max(small_result['task'], 1e-6):.1f}× "
                   f"({large_result['task']:.2f} s; target < 30 s)"]
    for path, p95 in large_result["pages"].items():
        ratio_lines.append(f"- {path} p95 at {large:,} vs {small:,}: {p95 / small_result['pages'][path]:.2f}× "
                           f"(target ≤ 1.5×)")
    return [f"## {db_kind}: {small:,} then {large:,} needs ({counts[0]:,} needs, {counts[1]:,} events at the end)", "",
            f"Machine: {facts}; bulk load {small_load:.1f} s for {small:,} needs, {large_load:.1f} s for {large - small:,} more.", "",
            f"### {small:,} needs", "", *small_lines, "", f"### {large:,} needs", "", *large_lines, *stress_lines, "",
            "### ratios", "", *ratio_lines, ""]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    run_on(args.db, "needs", "Needs at scale: the SLA tasks and pages",
           lambda kind, url: run(kind, url, args.small, args.large, args.requests))


if __name__ == "__main__":
    main()
