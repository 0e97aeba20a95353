"""``/metrics`` in Prometheus' text format, for the operator's monitoring, behind a token.

- ``qi_http_requests_total{method, route, status}`` and ``qi_http_request_duration_seconds{route}``:
  counted by each process. Under gunicorn every worker writes them to files in
  ``PROMETHEUS_MULTIPROC_DIR`` (``gunicorn.conf.py`` makes one per server) and a scrape sums the
  files, so the figures are the server's whatever worker answers. ``route`` is the URL rule
  (``/needs/case/<number>``), never the path, so a scan of random addresses adds no series.
- Read from the database at each scrape, so the same on every server: needs and complaints open
  and past their deadline (the SLA breaches of the standard's time limits), each periodic task's
  last run (time, and 1 when it failed).

The token is ``QI_METRICS_TOKEN``, sent as ``Authorization: Bearer <token>``. Without a token
configured the address does not exist (404): no figure is public by accident.
"""
from __future__ import annotations

import hmac
import logging
import os
import time

from flask import Blueprint, Flask, abort, current_app, g, request
from prometheus_client import (CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest)
from prometheus_client.core import GaugeMetricFamily

log = logging.getLogger(__name__)

REQUESTS = Counter("qi_http_requests_total", "HTTP requests answered", ["method", "route", "status"])
DURATION = Histogram("qi_http_request_duration_seconds", "Time to answer a request", ["route"],
                     buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))

metrics = Blueprint("qi_metrics", __name__)


def _route() -> str:
    rule = request.url_rule
    return rule.rule if rule is not None else "(none)"


def init_metrics(app: Flask) -> None:
    @app.before_request
    def _start_clock():
        g.qi_started = time.perf_counter()

    @app.after_request
    def _count(response):
        if request.endpoint != "qi_metrics.scrape":
            route = _route()
            REQUESTS.labels(request.method, route, str(response.status_code)).inc()
            if "qi_started" in g:
                DURATION.labels(route).observe(time.perf_counter() - g.qi_started)
        return response

    app.register_blueprint(metrics)


class WorkCollector:
    """The figures kept in the database, read when Prometheus scrapes (one statement each)."""

    def collect(self):
        from sqlalchemy import case, func, select

        from ..complaints.models import OPEN_STATES, Complaint
        from ..extensions import db
        from ..needs.models import Need
        from ..needs.views import board_counts
        from ..plugins.tasks import TaskRun
        from ..workdays import today

        on = today()
        needs = board_counts(None, on)
        open_complaints, late_complaints = db.session.execute(
            select(func.count(), func.sum(case((Complaint.due_on < on, 1), else_=0)))
            .where(Complaint.state.in_(OPEN_STATES))).one()
        for name, help_text, values in (
            ("qi_needs_open", "Needs not closed", needs["open"]),
            ("qi_needs_overdue", "Open needs past their response or answer deadline", needs["overdue"]),
            ("qi_complaints_open", "Complaints not closed", open_complaints or 0),
            ("qi_complaints_overdue", "Open complaints past their deadline", late_complaints or 0),
        ):
            yield GaugeMetricFamily(name, help_text, value=values)
        finished = GaugeMetricFamily("qi_task_last_run_timestamp_seconds", "When each periodic task last finished",
                                     labels=["task"])
        failed = GaugeMetricFamily("qi_task_last_run_failed", "1 when the last run of the task failed", labels=["task"])
        newest = select(func.max(TaskRun.id)).group_by(TaskRun.task)
        for run in db.session.scalars(select(TaskRun).where(TaskRun.id.in_(newest))):
            finished.add_metric([run.task], run.finished_at.timestamp())
            failed.add_metric([run.task], 1 if run.error else 0)
        yield finished
        yield failed


def _authorised() -> bool:
    token = current_app.config.get("QI_METRICS_TOKEN") or ""
    if not token:
        abort(404)
    given = request.headers.get("Authorization", "")
    return given.startswith("Bearer ") and hmac.compare_digest(given[7:].encode(), token.encode())


@metrics.get("/metrics")
def scrape():
    if not _authorised():  # a plain answer: a scraper reads no error page
        return current_app.response_class("a bearer token is required\n", 401, mimetype="text/plain",
                                          headers={"WWW-Authenticate": "Bearer"})
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        from prometheus_client import REGISTRY

        registry = REGISTRY  # one process: its own counters (the work figures are added below)
    body = generate_latest(registry)
    try:
        work = CollectorRegistry(auto_describe=False)
        work.register(WorkCollector())
        body += generate_latest(work)
    except Exception:  # the request counters still answer when the database does not
        log.exception("the work figures could not be read for /metrics")
        from ..extensions import db

        db.session.rollback()
    return current_app.response_class(body, content_type=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"})
