"""Resident memory of a web worker (issue 16): after ``create_app()`` and after ~200 mixed requests.

    .venv/bin/python -m bench.memory_bench [--requests N]

Each figure comes from a fresh Python process (``VmRSS`` of /proc/self/status), so one measurement's
imports do not count in another's:

- ``qi``: the app as a worker serves it (pypinyin and jieba's dictionary load only where a record
  is indexed, app.search.tokens);
- ``qi, tokenizers eager``: the same with pypinyin imported and jieba's dictionary loaded at start, as
  a worker did when they were imported with the search module; the difference is what lazy loading saves;
- ``plain FAB``: a Flask-AppBuilder 5.3 app with one default ModelView over 1,000 rows, the baseline.

The database (demo data) is built once by a separate process; the measuring processes only read it
through pages (home, lists, search, show pages, the standards guide) as the demo admin and anonymously.
Writes ``results/memory.md``.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import RESULTS

ROOT = Path(__file__).resolve().parent.parent
PAGES_ANONYMOUS = ["/", "/search/?q=计量", "/search/?q=GB/T", "/search/?q=压力表校准", "/windows/"]
PAGES_ADMIN = ["/organisationview/list/", "/changerequestview/list/", "/organisationattachmentview/list/",
               "/needs/list/", "/complaints/list/", "/users/list/", "/organisationview/show/1",
               "/standardization/standardview/list/", "/search/?q=检测"]


def rss_mb() -> float:
    """This process's resident set size in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _settings(url: str) -> dict:
    return {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-memory", "WTF_CSRF_ENABLED": False,
            "QI_DEMO": True, "FAB_UPDATE_PERMS": False}


def build(url: str) -> None:
    """Migrate and load the demo data (in its own process: it indexes records, loading both tokenizers)."""
    from app import create_app

    app = create_app(_settings(url) | {"FAB_UPDATE_PERMS": False})
    runner = app.test_cli_runner()
    for args in (["qi", "init", "--no-admin"], ["qi", "demo"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output


def measure_qi(url: str, requests: int, eager: bool) -> dict:
    """RSS after create_app and after ``requests`` mixed page requests."""
    if eager:
        import jieba
        import pypinyin  # noqa: F401

        jieba.initialize()
    from app import create_app

    app = create_app(_settings(url))
    started = rss_mb()
    anonymous, admin = app.test_client(), app.test_client()
    admin.post("/login/", data={"username": "admin", "password": "admin-demo-2026"})
    statuses: dict[int, int] = {}
    for i in range(requests):
        pages = PAGES_ADMIN if i % 2 else PAGES_ANONYMOUS
        client = admin if i % 2 else anonymous
        status = client.get(pages[(i // 2) % len(pages)]).status_code
        statuses[status] = statuses.get(status, 0) + 1
    return {"after_create_app": started, "after_requests": rss_mb(), "statuses": statuses,
            "pypinyin": "pypinyin" in sys.modules,
            "jieba_dictionary": bool(getattr(sys.modules.get("jieba"), "dt", None)
                                     and sys.modules["jieba"].dt.initialized)}


def measure_fab(requests: int) -> dict:
    """A default FAB ModelView over 1,000 rows, the same number of list requests."""
    from flask import Flask
    from flask_appbuilder import AppBuilder, Model, ModelView
    from flask_appbuilder.models.sqla.base import SQLA
    from flask_appbuilder.models.sqla.interface import SQLAInterface
    from sqlalchemy import Column, Integer, String

    class Thing(Model):
        __tablename__ = "bench_thing"
        id = Column(Integer, primary_key=True)
        name = Column(String(100))

    class ThingView(ModelView):
        datamodel = SQLAInterface(Thing)
        list_columns = ["name"]

    tmp = tempfile.mkdtemp()
    app = Flask(__name__)
    app.config.update(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp}/fab.db", SECRET_KEY="x", WTF_CSRF_ENABLED=False)
    db = SQLA(model_class=Model)
    db.init_app(app)
    with app.app_context():
        builder = AppBuilder()
        builder.init_app(app, db.session)
        builder.add_view(ThingView, "Things")
        db.create_all()
        db.session.add_all(Thing(name=f"thing {i}") for i in range(1000))
        db.session.commit()
        builder.sm.add_user("admin", "A", "B", "a@b.c", builder.sm.find_role("Admin"), "pw-admin-1")
    started = rss_mb()
    client = app.test_client()
    client.post("/login/", data={"username": "admin", "password": "pw-admin-1"})
    statuses: dict[int, int] = {}
    for i in range(requests):
        status = client.get(f"/thingview/list/?page_ThingView={i % 40}").status_code
        statuses[status] = statuses.get(status, 0) + 1
    return {"after_create_app": started, "after_requests": rss_mb(), "statuses": statuses}


def _child(*args: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench.memory_bench", *args], cwd=ROOT, check=True,
                         capture_output=True, text=True, timeout=900).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--child", choices=["build", "qi", "eager", "fab"])
    parser.add_argument("--url")
    args = parser.parse_args()
    if args.child == "build":
        build(args.url)
        print("{}")
        return
    if args.child:
        result = (measure_fab(args.requests) if args.child == "fab"
                  else measure_qi(args.url, args.requests, eager=args.child == "eager"))
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/memory.db"
        _child("--child", "build", "--url", url)
        rows = [("qi", _child("--child", "qi", "--url", url, "--requests", str(args.requests))),
                ("qi, tokenizers eager", _child("--child", "eager", "--url", url, "--requests", str(args.requests))),
                ("plain FAB", _child("--child", "fab", "--requests", str(args.requests)))]
    lines = [f"{args.requests} requests per process, SQLite, test client, one process per row.", "",
             "| process | RSS after create_app (MB) | RSS after requests (MB) | statuses | pypinyin loaded | "
             "jieba dictionary loaded |", "|---|---|---|---|---|---|"]
    for name, r in rows:
        lines.append(f"| {name} | {r['after_create_app']:.0f} | {r['after_requests']:.0f} | {r['statuses']} | "
                     f"{r.get('pypinyin', '–')} | {r.get('jieba_dictionary', '–')} |")
    text = "\n".join(lines)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "memory.md").write_text(f"# Worker memory (issue 16)\n\nMachine: 2 cores; generated by "
                                       f"`python -m bench.memory_bench`.\n\n{text}\n")


if __name__ == "__main__":
    main()
