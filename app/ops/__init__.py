"""Operations: what a server's operator and monitoring need from every process.

- ``request_ids``: every request has an id (the proxy's ``X-Request-ID`` when it sends a sane one),
  echoed in the response, in every log record, and shown on a 500 page as its error reference;
- ``logs``: structured JSON log lines (``QI_LOG_FORMAT=json``, what ``gunicorn.conf.py`` sets);
- ``probes``: ``/health`` (the process answers) and ``/ready`` (database reachable, migrations
  current, upload storage writable), without sign-in, for load balancers and orchestrators;
- ``metrics``: ``/metrics`` in Prometheus' text format behind a token (``QI_METRICS_TOKEN``);
- behind ``QI_PROXIES`` reverse proxies (nginx), the client's address, scheme and host are taken
  from their ``X-Forwarded-*`` headers (Werkzeug's ``ProxyFix``): sign-in throttling counts per
  client, not per proxy, and redirects keep ``https``.

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
    proxies = int(app.config.get("QI_PROXIES") or 0)
    if proxies:  # only as many hops as are ours: a client cannot forge its address past them
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    init_request_ids(app)
    init_metrics(app)
    app.register_blueprint(probes)
