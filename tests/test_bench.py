"""The page benchmark's harness works (bench/): load loop, results page, baseline app — quick, no timings asserted."""
from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest
from werkzeug.serving import make_server

from bench import load, report, server
from bench.load import Stats
from bench.pages_bench import last_page, with_query
from bench.report import Row


@pytest.fixture
def tiny_server():
    """A threaded WSGI server on 127.0.0.1 answering ``ok`` on / and 404 elsewhere; its base URL."""
    def app(environ, start_response):
        found = environ["PATH_INFO"] == "/"
        start_response("200 OK" if found else "404 Not Found", [("Content-Type", "text/plain")])
        return [b"ok" if found else b"no"]

    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


def test_load_loop_sends_exactly_the_requests_asked_for_and_counts_failures(tiny_server):
    stats = load.run(tiny_server, "/", requests_total=5, concurrency=2)
    assert len(stats.times) == 5 and stats.failures == 0 and stats.status == 200
    assert stats.median_ms > 0 and stats.p95_ms >= stats.median_ms and stats.rps > 0
    missing = load.run(tiny_server, ["/", "/missing"], requests_total=4, concurrency=2, warmup=0)
    assert missing.failures == 2  # every other path is a 404


def test_load_loop_stops_at_its_time_cap_even_when_more_requests_are_asked(tiny_server):
    ticks = iter(range(10_000))  # a fake clock: one second per reading, so the 3-second cap is reached at once
    stats = load.run(tiny_server, "/", requests_total=10_000, time_cap=3, concurrency=1, warmup=0,
                     clock=lambda: float(next(ticks)))
    assert 0 < len(stats.times) < 5


def test_percentile_is_a_measured_value():
    assert load.percentile([0.1, 0.2, 0.3, 0.4], 0.5) == 0.2
    assert load.percentile([float(i) for i in range(1, 101)], 0.95) == 95.0


def test_results_page_pairs_each_case_with_its_baseline_as_a_ratio(tmp_path):
    trivial = "baseline: trivial"
    rows = [Row(trivial, "small", "sqlite", Stats([0.001] * 10, 0.01)),
            Row("baseline: FAB list", "small", "sqlite", Stats([0.02] * 10, 0.2), trivial, "baseline"),
            Row("home", "small", "sqlite", Stats([0.005] * 10, 0.05), "baseline: FAB list", "public", statements=3),
            Row("queue", "small", "sqlite", None, "baseline: FAB list", note="page missing")]
    out = tmp_path / "results.md"
    report.write(out, rows, trivial, ["# Page benchmark"], ["- sqlite, small: 100 MB"])
    text = out.read_text()
    home = next(line for line in text.splitlines() if line.startswith("| home |"))
    assert "| 200.0 |" in home  # req/s
    assert "| 4.00 × |" in home  # 200 req/s against the FAB list's 50
    assert "| 0.200 × |" in home  # against the trivial route's 1000
    assert "| 3 |" in home
    assert "not measured: page missing" in text and "100 MB" in text
    assert "sqlite, small, public pages: 0 of 1 at or above 10 × their baseline; lowest 4.00 × (home)" in text


def test_pagination_links_give_the_last_page():
    html = '<a href="?page_StandardView=1">2</a><a href="?page_StandardView=399&psize_StandardView=25">»</a>'
    assert last_page(html) == ("StandardView", 399)
    assert last_page("<p>one page</p>") is None
    assert with_query("/x/list/", "page_X=2") == "/x/list/?page_X=2"
    assert with_query("/search/?q=a", "page_X=2") == "/search/?q=a&page_X=2"


def test_memory_of_a_process_is_read_from_proc():
    assert server.rss_mb(os.getpid()) > 1
    assert os.getpid() in server.worker_pids(os.getppid())


def test_baseline_app_serves_a_trivial_route_and_a_paginated_fab_list(tmp_path):
    """In a process of its own: the baseline's models join Flask-AppBuilder's shared metadata, which
    every platform app of this session would then see (and miss the tables of)."""
    script = f"""
from bench import baseline_app
from bench.pages_bench import last_page
url = "sqlite:///{tmp_path}/baseline.db"
baseline_app.build(url, rows=30)
app = baseline_app.create_app(url)
app.config["WTF_CSRF_ENABLED"] = False
client = app.test_client()
assert client.get(baseline_app.TRIVIAL).get_data(as_text=True) == "ok"
assert client.post("/login/", data={{"username": baseline_app.ADMIN,
                                    "password": baseline_app.ADMIN_PASSWORD}}).status_code == 302
page = client.get(baseline_app.LIST).get_data(as_text=True)
assert "Employee 000000" in page and "Department 000" in page
assert last_page(page) == (baseline_app.VIEW, 1)  # 30 rows: two pages of FAB's 25, numbered from 0
print("baseline ok")
"""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    done = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "baseline ok" in done.stdout, done.stderr[-3000:]
