"""Production server settings: ``gunicorn 'app:create_app()'`` reads this file from the working directory.

Every value can be overridden from the environment (``QI_BIND``, ``QI_WORKERS``, ``QI_TIMEOUT``,
``QI_MAX_REQUESTS``, ``QI_MAX_REQUESTS_JITTER``) or on gunicorn's command line. Why the choices:

- sync workers: the app keeps no state in process memory, every request is short, and a sync worker
  runs one request at a time (no thread-safety questions in FAB or SQLAlchemy sessions);
- ``preload_app``: the app and everything it imports are built once in the master and shared with
  the workers copy-on-write, instead of once per worker;
- ``gc.freeze()`` once the app is loaded (``when_ready`` in the master, again in ``post_worker_init``):
  the app's long-lived objects (modules, FAB views, SQLAlchemy mappers, templates) move to the
  permanent generation, so full collections stop walking them (~200 ms pauses on a page of 990 rows,
  issue 16), and pages that the collector would otherwise touch stay shared between workers;
- ``max_requests`` with jitter: a worker is replaced after a few thousand requests, so memory that
  grows slowly (caches, fragmentation) is given back, and the workers do not all restart at once;
- JSON log lines with the request id (``QI_LOG_FORMAT=json``, ``app.ops.logs``), unless the
  environment says otherwise;
- request counters of ``/metrics`` kept in files that every worker writes and a scrape sums
  (``PROMETHEUS_MULTIPROC_DIR``: a fresh folder per server start unless the environment names
  one, emptied here), so a scrape answered by any worker gives the whole server's figures.
"""
import gc
import glob
import multiprocessing
import os
import tempfile


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value.isdigit() else default


MAX_WORKERS = 8  # each sync worker holds a database connection and ~100 MB: more rarely helps

bind = os.environ.get("QI_BIND", "127.0.0.1:8000")
workers = _int("QI_WORKERS", min(2 * multiprocessing.cpu_count() + 1, MAX_WORKERS))
worker_class = "sync"
preload_app = True
timeout = _int("QI_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 2
max_requests = _int("QI_MAX_REQUESTS", 5000)
max_requests_jitter = _int("QI_MAX_REQUESTS_JITTER", 500)

accesslog = os.environ.get("QI_ACCESS_LOG", "-")
# %(M)s: request time in milliseconds; %(L)s the same in seconds with decimals.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'


os.environ.setdefault("QI_LOG_FORMAT", "json")
# Set before the app is preloaded: prometheus_client chooses where its counters live when imported.
METRICS_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR") or tempfile.mkdtemp(prefix="qi-metrics-")
os.makedirs(METRICS_DIR, exist_ok=True)
for stale in glob.glob(os.path.join(METRICS_DIR, "*.db")):  # the last run's workers
    os.remove(stale)
os.environ["PROMETHEUS_MULTIPROC_DIR"] = METRICS_DIR


def when_ready(server):
    """In the master, once the (preloaded) app is built: freeze what it allocated, before any fork."""
    gc.collect()
    gc.freeze()


def post_worker_init(worker):
    """In each worker, after it started: freeze again (the worker's own start-up objects, and the
    whole app when ``preload_app`` is turned off on the command line)."""
    gc.freeze()


def child_exit(server, worker):
    """A worker that is gone leaves its counters to the sum, not its live gauges."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
