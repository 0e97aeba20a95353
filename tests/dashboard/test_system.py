"""The system panel (4.1-4c): version, database and migration state, plugins, the last run of each
periodic task (a failing task's run is recorded too, its work rolled back) and the failure count."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.plugins.tasks import PeriodicTask, TaskRun, run_tasks
from app.testing.fixtures import add_users, login_client
from tests.windows.test_sql_counts import statements_of

from .helpers import figures


@pytest.fixture(scope="module")
def world(make_app):
    app = make_app()
    add_users(app)
    return {"app": app, "staff": login_client(app, "t_platform")}


def panel(world) -> str:
    response = world["staff"].get("/dashboard/system/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.clause("4.1-4c")
def test_task_runs_are_recorded_including_a_failing_task_whose_work_is_rolled_back(world):
    def broken(session):
        session.execute(sa.text("UPDATE qi_region SET name_en = 'half done'"))
        raise RuntimeError("disk full")

    def fine(session):
        return 2

    with world["app"].app_context():
        results = run_tasks(db.session, [PeriodicTask("dash-broken", broken, plugin="dashtest"),
                                         PeriodicTask("dash-fine", fine, plugin="dashtest")])
        assert results == [("dash-broken", None, "disk full"), ("dash-fine", 2, None)]
        runs = {r.task: r for r in db.session.scalars(sa.select(TaskRun))}
        assert "half done" not in db.session.scalars(sa.select(sa.text("name_en FROM qi_region"))).all()
        assert runs["dash-broken"].error == "RuntimeError: disk full" and runs["dash-broken"].count is None
        assert runs["dash-fine"].error is None and runs["dash-fine"].count == 2
        assert all(r.plugin == "dashtest" and r.finished_at >= r.started_at for r in runs.values())
    html = panel(world)
    broken_row = html.split('data-task="dash-broken"')[1].split("</tr>")[0]
    assert 'class="danger"' in html.split('data-task="dash-broken"')[0][-40:] or "disk full" in broken_row
    assert "disk full" in broken_row
    assert "<td>2</td>" in html.split('data-task="dash-fine"')[1].split("</tr>")[0]
    assert figures(html)["errors"] == "1"  # the failing task was counted for its plugin


def test_the_panel_shows_the_last_run_of_each_task_once(world):
    with world["app"].app_context():
        run_tasks(db.session, [PeriodicTask("dash-fine", lambda session: 5, plugin="dashtest")])
    html = panel(world)
    assert html.count('data-task="dash-fine"') == 1
    assert "<td>5</td>" in html.split('data-task="dash-fine"')[1].split("</tr>")[0]


def test_the_cli_records_its_runs(world):
    result = world["app"].test_cli_runner().invoke(args=["qi", "tasks", "run", "needs-reminders"])
    assert result.exit_code == 0, result.output
    with world["app"].app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(TaskRun).where(TaskRun.task == "needs-reminders")) == 1


def _core_head() -> str:
    """The newest core migration (each issue's helpers add one: not a constant of this test)."""
    import re
    from pathlib import Path

    newest = sorted((Path(__file__).resolve().parents[2] / "app" / "migrations" / "versions").glob("qi_core_*.py"))[-1]
    return re.search(r"^revision = '([^']+)'", newest.read_text(encoding="utf-8"), re.M).group(1)


@pytest.mark.clause("4.1-4c")
def test_the_panel_shows_the_migration_state_and_a_database_behind_its_code(world):
    head = _core_head()
    html = panel(world)
    shown = figures(html)
    assert shown["migrations"] == "已是最新" and head in html
    assert shown["database"].split()[0] in ("sqlite", "postgresql") and shown["version"]
    assert 'data-plugin="core" data-status="loaded"' in html
    with world["app"].app_context():
        db.session.execute(sa.text("UPDATE alembic_version SET version_num = 'qi_core_0017' "
                                   "WHERE version_num = :head"), {"head": head})
        db.session.commit()
    try:
        html = panel(world)
        assert figures(html)["migrations"] == "落后于程序"
        assert f"请运行 flask qi init 执行缺少的迁移：{head}" in html
    finally:
        with world["app"].app_context():
            db.session.execute(sa.text("UPDATE alembic_version SET version_num = :head "
                                       "WHERE version_num = 'qi_core_0017'"), {"head": head})
            db.session.commit()


def test_the_panel_runs_the_same_statements_whatever_the_number_of_runs(world):
    app = world["app"]
    few = statements_of(app, world["staff"], "/dashboard/system/")[0]
    with app.app_context():
        run_tasks(db.session, [PeriodicTask(f"dash-many-{i}", lambda session: 1, plugin="dashtest") for i in range(30)])
    assert statements_of(app, world["staff"], "/dashboard/system/")[0] == few


@pytest.mark.clause("4.1-4c")
def test_the_panel_counts_server_errors_and_the_mail_waiting_to_be_sent(make_app):
    """Every 500, on whichever server, is counted for a day; mail piling up in the outbox shows."""
    from app.notify.models import OutboxMail

    app = make_app(PROPAGATE_EXCEPTIONS=False)
    add_users(app)

    def crash():
        raise RuntimeError("a bug")

    app.add_url_rule("/test-system/crash", "test-system-crash", crash)
    staff = login_client(app, "t_platform")
    admin = login_client(app, "t_admin")
    before = figures(panel({"staff": staff}))
    for _ in range(2):
        assert app.test_client().get("/test-system/crash", headers={"X-Request-ID": "crash-req-001"}).status_code == 500
    with app.app_context():
        db.session.add(OutboxMail(to_address="a@test.local", subject="s", body="b"))
        db.session.commit()
    after = figures(panel({"staff": staff}))
    assert int(after["server_errors"]) == int(before["server_errors"]) + 2
    assert after["outbox"].startswith("1")
    page = admin.get("/dashboard/system/").get_data(as_text=True)
    assert "_flt_0_kind=server_error" in page  # Admin follows the count into the audit trail
    listed = admin.get("/admin/audit/list/?_flt_0_kind=server_error").get_data(as_text=True)
    assert "crash-req-001" in listed
