"""Operations: what a server's operator and monitoring need from every process.

- ``request_ids``: every request has an id (the proxy's ``X-Request-ID`` when it sends a sane one),
  echoed in the response, in every log record, and shown on a 500 page as its error reference;
- ``logs``: structured JSON log lines (``QI_LOG_FORMAT=json``, what ``gunicorn.conf.py`` sets);
- ``probes``: ``/health`` (the process answers) and ``/ready`` (database reachable, migrations
  current, upload storage writable), without sign-in, for load balancers and orchestrators;
- ``metrics``: ``/metrics`` in Prometheus' text format behind a token (``QI_METRICS_TOKEN``).

Nothing is kept in a process beyond Prometheus' request counters, which gunicorn's workers write to
files that ``/metrics`` sums (``PROMETHEUS_MULTIPROC_DIR``); the figures of the work itself (overdue
needs and complaints, periodic-task runs) are read from the database at each scrape.
"""
from flask import Flask

from .logs import configure_logging
from .metrics import init_metrics
from .probes import probes
from .request_ids import init_request_ids


def init_ops(app: Flask) -> None:
    """Register request ids, logging, the probes and the metrics on ``app`` (before FAB's views:
    the request id must be set before any other ``before_request`` function can fail)."""
    configure_logging(app)
    init_request_ids(app)
    init_metrics(app)
    app.register_blueprint(probes)
