"""/metrics: Prometheus' format behind a token, request counters per route, and the work's figures
read from the database (issue 17)."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap

import pytest
from prometheus_client.parser import text_string_to_metric_families

from app.extensions import db

TOKEN = "scrape-token-for-tests-0123"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def metrics_app(make_app):
    return make_app(QI_METRICS_TOKEN=TOKEN)


def _samples(text: str) -> dict:
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def _scrape(client) -> dict:
    response = client.get("/metrics", headers=AUTH)
    assert response.status_code == 200 and response.mimetype == "text/plain"
    return _samples(response.get_data(as_text=True))


def test_metrics_need_the_token_and_do_not_exist_without_one(metrics_app):
    client = metrics_app.test_client()
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/metrics", headers={"Authorization": TOKEN}).status_code == 401
    metrics_app.config["QI_METRICS_TOKEN"] = None
    try:
        assert client.get("/metrics", headers=AUTH).status_code == 404
    finally:
        metrics_app.config["QI_METRICS_TOKEN"] = TOKEN


@pytest.mark.clause("4.1-4c")
def test_requests_are_counted_per_route_not_per_address(metrics_app):
    client = metrics_app.test_client()
    key = ("qi_http_requests_total", (("method", "GET"), ("route", "/category/<code>"), ("status", "404")))
    before = _scrape(client).get(key, 0)
    for code in ("no-such-a", "no-such-b", "no-such-c"):
        assert client.get(f"/category/{code}").status_code == 404
    after = _scrape(client)
    assert after[key] == before + 3
    assert not any("no-such" in str(labels) for _, labels in after)
    timed = ("qi_http_request_duration_seconds_count", (("route", "/category/<code>"),))
    assert after[timed] >= 3


@pytest.mark.clause("4.1-4c")
def test_overdue_needs_and_failed_tasks_are_read_from_the_database(metrics_app):
    from app.needs import flow
    from app.plugins.tasks import TaskRun

    client = metrics_app.test_client()
    before = _scrape(client)
    with metrics_app.app_context():
        flow.file_need(db.session, need_type="service", title="逾期需求", contact_name="张三", contact="13800000000",
                       actor="tester", submitted_at=dt.datetime(2026, 1, 5, 10))
        now = dt.datetime(2026, 11, 1, 3)
        db.session.add(TaskRun(task="ops-test-task", plugin="core", started_at=now, finished_at=now, error="boom"))
        db.session.commit()
    after = _scrape(client)
    assert after[("qi_needs_overdue", ())] == before[("qi_needs_overdue", ())] + 1
    assert after[("qi_needs_open", ())] == before[("qi_needs_open", ())] + 1
    assert after[("qi_task_last_run_failed", (("task", "ops-test-task"),))] == 1
    assert after[("qi_task_last_run_timestamp_seconds", (("task", "ops-test-task"),))] == now.timestamp()
    assert ("qi_complaints_overdue", ()) in after


SERVE = textwrap.dedent("""
    import sys
    from app import create_app
    app = create_app({"QI_METRICS_TOKEN": sys.argv[2]})
    client = app.test_client()
    for _ in range(int(sys.argv[1])):
        assert client.get("/health").status_code == 200
    if sys.argv[3] == "scrape":
        sys.stdout.write(client.get("/metrics", headers={"Authorization": "Bearer " + sys.argv[2]}).get_data(as_text=True))
""")


def test_the_counts_of_several_worker_processes_are_summed(tmp_path):
    """gunicorn's workers are separate processes: a scrape answered by one gives all of theirs."""
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
           "QI_DATABASE_URL": f"sqlite:///{tmp_path / 'qi.db'}", "QI_INSTANCE_PATH": str(tmp_path / "instance")}
    os.makedirs(env["PROMETHEUS_MULTIPROC_DIR"])

    def worker(requests: int, then: str) -> str:
        done = subprocess.run([sys.executable, "-c", SERVE, str(requests), TOKEN, then], env=env, cwd=os.getcwd(),
                              capture_output=True, text=True, timeout=180)
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    worker(2, "")
    worker(3, "")
    samples = _samples(worker(1, "scrape"))
    assert samples[("qi_http_requests_total", (("method", "GET"), ("route", "/health"), ("status", "200")))] == 6
