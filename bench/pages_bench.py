"""Side-by-side page benchmark of issue 16: the platform's pages against plain Flask-AppBuilder, served alike.

    .venv/bin/python -m bench.pages_bench [--db sqlite|postgresql|both] [--scale small|large]
                                          [--requests N] [--time-cap S] [--mixed N] [--out bench/results.md]

For each database and scale: ``flask qi init --no-admin``, ``flask qi demo`` and ``flask qi generate --scale``
(when the command exists) build the platform's database; ``bench.baseline_app build`` builds the baseline's
(10,000 rows, one related model). Both are served by gunicorn on 127.0.0.1 (the repository's gunicorn.conf.py
when there is one, else 2 sync workers), signed in through the login form, and every case is measured from
outside with a bounded loop (``--requests`` GETs or ``--time-cap`` seconds, 4 threads with keep-alive).
Baselines of the same run: a trivial Flask route and FAB's default ModelView list (first, middle, last page).
After the cases a mixed load (``--mixed`` requests over all cases) runs and each worker's resident memory is read
from /proc. Statement counts per page come from one in-process request each (SQLAlchemy events).
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterator

import requests

from bench import load, report, server
from bench.report import Row

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "results.md"
SECRET = "bench-pages-secret-key-0123456789abcdef"
ROLES = ["admin", "platform", "window", "institution", "enterprise"]
STAFF_ORDER = ["platform", "admin", "window", "institution", "enterprise"]
TRIVIAL, FAB_FIRST, FAB_MIDDLE, FAB_LAST = ("baseline: trivial Flask route", "baseline: plain FAB list, first page",
                                            "baseline: plain FAB list, middle page",
                                            "baseline: plain FAB list, last page")
SEARCH_TERMS = [("common term", "检测"), ("GB/T", "GB/T"), ("rare term", "钨铼热电偶")]
SKIP_LISTS = ("/permissions/", "/permissionviews/", "/viewmenus/", "/roles/", "/groups/")
# Lists and pages that are not FAB ModelView lists (the needs, windows and evaluations issues' pages).
STAFF_PAGES = [
    ("review queue", "/review/", "platform"),
    ("needs board", "/needs/board/", "platform"),
    ("needs incoming (institution)", "/needs/incoming/", "institution"),
    ("windows manage", "/windows/manage/", "platform"),
    ("evaluations", "/evaluations/", "platform"),
    ("evaluation cases", "/evaluations/cases/", "platform"),
    ("improvement", "/improvement/", "platform"),
    ("dashboard", "/dashboard/", "platform"),
    ("appointments day sheet", "/appointments/day/", "window"),
    ("visits", "/visits/", "window"),
    ("samples", "/samples/", "institution"),
]
ENTERPRISE_PAGES = [
    ("enterprise: own needs", "/needs/mine/"),
    ("enterprise: metrology ledger (own instruments)", "/metrology/ledger/"),
    ("enterprise: own appointments", "/appointments/mine/"),
    ("enterprise: own complaints", "/complaints/mine/"),
    ("enterprise: equipment bookings", "/equipment/bookings/"),
    ("enterprise: organisation", "/account/organisation/"),
]
PUBLIC_PAGES = [
    ("windows network", "/windows/"),
    ("equipment (public)", "/equipment/"),
    ("testing capabilities (public)", "/testing/capabilities"),
    ("testing institutions (public)", "/testing/institutions"),
    ("metrology capabilities (public)", "/metrology/capabilities"),
    ("certification bodies (public)", "/certification/bodies/"),
    ("IP agencies (public)", "/ip/agencies"),
]
REST_LISTS = ["/api/v1/standardization_standard/", "/api/v1/organisation/", "/api/v1/testing_capability/"]


def flask_env(url: str) -> dict[str, str]:
    """The platform's settings for the commands and the server: demo mode, plain HTTP, a fixed key."""
    return {"QI_DATABASE_URL": url, "QI_DEMO": "1", "QI_HTTPS": "0", "QI_SECRET_KEY": SECRET, "FLASK_APP": "app",
            "QI_LOAD_ENTRY_POINTS": "0", "QI_LOGIN_MAX_FAILURES": "1000", "QI_LOGIN_MAX_FAILURES_PER_ADDRESS": "1000"}


def flask(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(sys.executable).parent / "flask"), *args], cwd=ROOT, env={**os.environ, **env},
                          capture_output=True, text=True, check=check)


def build_platform(url: str, scale: str, seed: int) -> list[str]:
    """init, demo, generate (when the generate command exists); returns notes on what was built and how long."""
    env, notes = flask_env(url), []
    t = time.perf_counter()
    flask(env, "qi", "init", "--no-admin")
    flask(env, "qi", "demo")
    notes.append(f"init + demo {time.perf_counter() - t:.0f} s")
    if flask(env, "qi", "generate", "--help", check=False).returncode == 0:
        t = time.perf_counter()
        done = flask(env, "qi", "generate", "--scale", scale, "--seed", str(seed), check=False)
        if done.returncode != 0:
            raise RuntimeError(f"flask qi generate failed: {done.stdout[-2000:]} {done.stderr[-2000:]}")
        notes.append(f"`flask qi generate --scale {scale} --seed {seed}` {time.perf_counter() - t:.0f} s")
    else:
        notes.append("`flask qi generate` not available in this tree: demo data only")
    return notes


def sign_in(base: str, username: str, password: str) -> requests.Session:
    """A session signed in through the login form (with its CSRF token)."""
    session = requests.Session()
    form = session.get(base + "/login/", timeout=30).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', form)
    data = {"username": username, "password": password}
    if token:
        data["csrf_token"] = token.group(1)
    response = session.post(base + "/login/", data=data, allow_redirects=False, timeout=30)
    if response.status_code != 302 or "/login" in response.headers.get("Location", ""):
        raise RuntimeError(f"sign-in of {username} failed ({response.status_code})")
    return session


def jwt_session(base: str, username: str, password: str) -> requests.Session | None:
    """A session sending a JWT from /api/v1/security/login, None when the API login is not offered."""
    response = requests.post(base + "/api/v1/security/login", json={
        "username": username, "password": password, "provider": "db", "refresh": False}, timeout=30)
    if response.status_code != 200 or "access_token" not in response.text:
        return None
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {response.json()['access_token']}"
    return session


def list_routes(env: dict[str, str]) -> list[str]:
    """Every FAB ModelView list URL of the platform (``flask routes``), FAB's own security lists left out."""
    out = flask(env, "routes").stdout
    found = sorted({m.group(1) for m in re.finditer(r"\s(/\S*/list/)\s*$", out, re.M)})
    return [p for p in found if not p.startswith(SKIP_LISTS)]


def last_page(html: str) -> tuple[str, int] | None:
    """(view name, last page number) from a FAB list page's pagination links, None for one page."""
    pages = [(m.group(1), int(m.group(2))) for m in re.finditer(r"page_(\w+)=(\d+)", html)]
    return max(pages, key=lambda p: p[1]) if pages else None


def with_query(path: str, query: str) -> str:
    return path + ("&" if "?" in path else "?") + query


class Platform:
    """The signed-in sessions of a running platform server and the cases found on it."""

    def __init__(self, base: str):
        self.base = base
        self.sessions = {None: requests.Session()}
        for user in ROLES:
            self.sessions[user] = sign_in(base, user, f"{user}-demo-2026")

    def get(self, role: str | None, path: str) -> requests.Response:
        return self.sessions[role].get(self.base + path, allow_redirects=False, timeout=60)

    def first_role(self, path: str, order=STAFF_ORDER) -> tuple[str | None, str]:
        """The first role of ``order`` that gets the page (200), and its HTML."""
        for role in order:
            response = self.get(role, path)
            if response.status_code == 200:
                return role, response.text
        return None, ""

    def cases(self, lists: list[str]) -> Iterator[tuple[str, str, str | None, str, str]]:
        """(group, case, role, path, baseline) of every case, found from the platform's own pages."""
        home = self.get(None, "/").text
        yield "public", "home", None, "/", FAB_FIRST
        category = re.search(r'href="(/category/[^"?#]+)"', home)
        if category:
            yield "public", "category page", None, category.group(1), FAB_FIRST
            page = self.get(None, category.group(1)).text
            item = re.search(r'href="(/item/[^"?#/]+)"', page) or re.search(r'href="(/item/[^"?#/]+)"', home)
            if item:
                yield "public", "item guide", None, item.group(1), FAB_FIRST
        for label, term in SEARCH_TERMS:
            yield "public", f"search: {label} ({term})", None, f"/search/?q={requests.utils.quote(term)}", FAB_FIRST
        gbt = self.get(None, "/search/?q=GB%2FT").text
        standard = re.search(r'href="(/standardization/\d+)"', gbt)
        if standard:
            yield "public", "standard page", None, standard.group(1), FAB_FIRST
        for label, path in PUBLIC_PAGES:
            yield "public", label, None, path, FAB_FIRST
        for path in lists:
            role, html = self.first_role(path)
            if role is None:
                continue
            name = path.strip("/").replace("/list", "")
            yield "staff list", f"{name} (first page)", role, path, FAB_FIRST
            last = last_page(html)
            if last and last[1] > 1:
                view, n = last
                yield "staff list", f"{name} (middle page)", role, with_query(path, f"page_{view}={n // 2}"), FAB_MIDDLE
                yield "staff list", f"{name} (last page)", role, with_query(path, f"page_{view}={n}"), FAB_LAST
            show = re.search(r'href="([^"]*/show/\d+)[^"]*"', html)
            if show:
                yield "show page", f"{name} show", role, show.group(1), FAB_FIRST
        for label, path, role in STAFF_PAGES:
            if self.get(role, path).status_code != 200:
                role, _ = self.first_role(path)
            if role:
                yield "staff page", label, role, path, FAB_FIRST
        for label, path in ENTERPRISE_PAGES:
            if self.get("enterprise", path).status_code == 200:
                yield "enterprise", label, "enterprise", path, FAB_FIRST


def statement_counts(url: str, paths: dict[tuple[str | None, str], None]) -> dict[tuple[str | None, str], int]:
    """SQL statements of one request per (role, path), counted in-process on the same database (second request:
    the first warms the caches a worker keeps)."""
    os.environ.update({k: v for k, v in flask_env(url).items()})
    from sqlalchemy import event

    from app import create_app
    from app.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False, "QI_HTTPS": False})
    counts, clients = {}, {}
    with app.app_context():
        engine = db.engine
    seen = []
    listener = lambda *a, **k: seen.append(1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        for role, path in paths:
            if role not in clients:
                clients[role] = app.test_client()
                if role and role != "jwt":
                    clients[role].post("/login/", data={"username": role, "password": f"{role}-demo-2026"})
            if role == "jwt":
                continue
            client = clients[role]
            client.get(path)
            seen.clear()
            if client.get(path).status_code == 200:  # a refused request's count would mean nothing
                counts[(role, path)] = len(seen)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
        engine.dispose()
    return counts


def count_statements(engine, requests_of):
    """Statements ``engine`` runs during ``requests_of()`` (SQLAlchemy's before_cursor_execute event)."""
    from sqlalchemy import event

    seen = []
    listener = lambda *a, **k: seen.append(1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        requests_of()
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(seen)


def baseline_statement_counts(url: str, paths: list[str]) -> dict[str, int]:
    """Statements of one request to each baseline page (signed in as its admin, after one warm-up request)."""
    # Imported here: the baseline's models join Flask-AppBuilder's shared metadata, which a platform
    # app in the same process (the tests) must not see.
    from bench import baseline_app

    app = baseline_app.create_app(url)
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    client.post("/login/", data={"username": baseline_app.ADMIN, "password": baseline_app.ADMIN_PASSWORD})
    counts = {}
    with app.app_context():
        engine = baseline_app.db.engine
    for path in paths:
        client.get(path)
        counts[path] = count_statements(engine, lambda: client.get(path))
    engine.dispose()
    return counts


def counted_apart(which: str, url: str, paths: list[list]) -> dict[tuple[str | None, str], int]:
    """Statement counts taken in a process of their own: two apps in one process share Flask-Login's and
    blinker's global signals, so one app's receivers would run in the other's requests."""
    done = subprocess.run([sys.executable, "-m", "bench.pages_bench", "--count", which, url], cwd=ROOT,
                          input=json.dumps(paths), capture_output=True, text=True, check=True,
                          env={**os.environ, **flask_env(url)})
    return {(role, path): n for role, path, n in json.loads(done.stdout.strip().splitlines()[-1])}


def workers_memory(master: int) -> list[float]:
    return [m for m in (server.rss_mb(pid) for pid in server.worker_pids(master)) if m is not None]


@contextlib.contextmanager
def databases(kind: str) -> Iterator[tuple[str, str]]:
    """(platform URL, baseline URL): two SQLite files, or two databases on one throw-away PostgreSQL cluster."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="qi-bench-") as tmp:
            yield f"sqlite:///{tmp}/qi.db", f"sqlite:///{tmp}/baseline.db"
    else:
        from app.testing.pg_cluster import create_database, throwaway_cluster

        with throwaway_cluster() as cluster:
            yield create_database(cluster, "qi_bench_pages"), create_database(cluster, "qi_bench_baseline")


def run_one(kind: str, scale: str, args) -> tuple[list[Row], list[str], list[str]]:
    """All cases on one database and scale: rows, build notes, memory lines."""
    from bench import baseline_app  # imported here, as in baseline_statement_counts

    rows, notes, memory = [], [], []
    measure = dict(requests_total=args.requests, time_cap=args.time_cap)
    with databases(kind) as (qi_url, base_url):
        notes += build_platform(qi_url, scale, args.seed)
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bench.baseline_app", "build", base_url], cwd=ROOT, check=True,
                       capture_output=True)
        notes.append(f"baseline build ({baseline_app.ROWS} rows) {time.perf_counter() - t:.0f} s")

        with server.gunicorn("bench.baseline_app:create_app()", {"BENCH_BASELINE_DB": base_url},
                             ready_path=baseline_app.TRIVIAL) as (base, master):
            admin = sign_in(base, baseline_app.ADMIN, baseline_app.ADMIN_PASSWORD)
            html = admin.get(base + baseline_app.LIST).text
            view, last = last_page(html) or (baseline_app.VIEW, 0)
            fab_cases = [(TRIVIAL, None, baseline_app.TRIVIAL), (FAB_FIRST, admin, baseline_app.LIST),
                         (FAB_MIDDLE, admin, with_query(baseline_app.LIST, f"page_{view}={last // 2}")),
                         (FAB_LAST, admin, with_query(baseline_app.LIST, f"page_{view}={last}"))]
            for name, session, path in fab_cases:
                stats = load.run(base, path, session, **measure)
                rows.append(Row(name, scale, kind, stats, "" if name == TRIVIAL else TRIVIAL, "baseline",
                                "admin" if session else "", path))
                print(f"{kind} {scale} {name}: {stats.median_ms:.1f} ms, {stats.rps:.1f}/s", flush=True)
            load.run(base, [p for _, s, p in fab_cases if s], admin, requests_total=args.mixed, time_cap=args.time_cap * 6)
            fab_memory = workers_memory(master)
            memory.append(f"- {kind}, {scale}: plain FAB worker RSS after {args.mixed} mixed requests: "
                          + ", ".join(f"{m:.0f} MB" for m in fab_memory))

        with server.gunicorn("app:create_app()", flask_env(qi_url)) as (base, master):
            started = workers_memory(master)
            site = Platform(base)
            lists = list_routes(flask_env(qi_url))
            measured = []
            for group, name, role, path, baseline in site.cases(lists):
                if (role, path) in measured:
                    continue
                stats = load.run(base, path, site.sessions[role], **measure)
                rows.append(Row(name, scale, kind, stats, baseline, group, role or "anonymous", path))
                measured.append((role, path))
                print(f"{kind} {scale} {name} [{role or 'anonymous'}] {path}: {stats.median_ms:.1f} ms, "
                      f"p95 {stats.p95_ms:.1f} ms, {stats.rps:.1f}/s" + (f", {stats.failures} failed" if stats.failures else ""),
                      flush=True)
            rest = jwt_session(base, "platform", "platform-demo-2026")
            for path in REST_LISTS:
                session, role = (rest, "platform (JWT)") if rest else (site.sessions["platform"], "platform (session)")
                if session.get(base + path, timeout=60).status_code == 200:
                    measured.append(("platform", path))
                    rows.append(Row(f"REST list {path}", scale, kind, load.run(base, path, session, **measure),
                                    FAB_FIRST, "rest", role, path))
            # the mixed load: every case round-robin, by every role, then the workers' memory
            by_role: dict = {}
            for role, path in measured:
                by_role.setdefault(role, []).append(path)
            share = max(1, args.mixed // max(1, len(by_role)))
            for role, paths in by_role.items():
                load.run(base, paths, site.sessions[role], requests_total=share, time_cap=args.time_cap * 6, warmup=0)
            after = workers_memory(master)
            memory.append(f"- {kind}, {scale}: platform worker RSS at start (after warm-up) "
                          + ", ".join(f"{m:.0f} MB" for m in started) + f"; after the cases and {args.mixed} mixed "
                          "requests " + ", ".join(f"{m:.0f} MB" for m in after))
        if not args.no_statements:
            try:
                base_counts = counted_apart("baseline", base_url, [[None, p] for _, s, p in fab_cases])
                for row in rows:
                    if row.group == "baseline":
                        row.statements = base_counts.get((None, row.path))
                counts = counted_apart("platform", qi_url, [list(key) for key in dict.fromkeys(measured)])
                for row in rows:
                    if row.group != "baseline":  # the REST lists are counted with the platform user's session
                        key = (None if row.role == "anonymous" else row.role.split(" (")[0], row.path)
                        row.statements = counts.get(key)
            except Exception as exc:  # optional figure: a failure here must not lose the timings
                notes.append(f"statement counts not taken: {exc!r}")
    return rows, notes, memory


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default=os.environ.get("BENCH_DB", "both"))
    parser.add_argument("--scale", choices=["small", "large"], default=os.environ.get("BENCH_SCALE", "small"))
    parser.add_argument("--seed", type=int, default=int(os.environ.get("BENCH_SEED", "16")))
    parser.add_argument("--requests", type=int, default=int(os.environ.get("BENCH_REQUESTS", "150")))
    parser.add_argument("--time-cap", type=float, default=float(os.environ.get("BENCH_TIME_CAP", "3")))
    parser.add_argument("--mixed", type=int, default=int(os.environ.get("BENCH_MIXED", "1000")))
    parser.add_argument("--no-statements", action="store_true", help="skip the in-process statement counts")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--count", nargs=2, metavar=("platform|baseline", "URL"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.count:  # the child of counted_apart: [[role, path], ...] on stdin, [[role, path, n], ...] last on stdout
        which, url = args.count
        pairs = [tuple(pair) for pair in json.load(sys.stdin)]
        if which == "baseline":
            counts = {(None, p): n for p, n in baseline_statement_counts(url, [p for _, p in pairs]).items()}
        else:
            counts = statement_counts(url, dict.fromkeys(pairs))
        print(json.dumps([[role, path, n] for (role, path), n in counts.items()]))
        return
    rows, notes, memory = [], [], []
    started = time.perf_counter()
    for kind in (["sqlite", "postgresql"] if args.db == "both" else [args.db]):
        r, n, m = run_one(kind, args.scale, args)
        rows += r
        notes += [f"- {kind}, {args.scale}: " + "; ".join(n)]
        memory += m
    preamble = [
        "# Page benchmark (issue 16)", "",
        f"Generated by `make bench` (`python -m bench.pages_bench --db {args.db} --scale {args.scale}`) on "
        f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, gunicorn {'with gunicorn.conf.py' if server.GUNICORN_CONF.exists() else '-w 2 (sync)'}, "
        f"concurrency {load.CONCURRENCY}, at most {args.requests} requests or {args.time_cap:g} s per case; "
        f"whole run {time.perf_counter() - started:.0f} s.", "", "Data:", *notes]
    report.write(args.out, rows, TRIVIAL, preamble, memory)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
