"""``/health`` and ``/ready``: open to anyone (a load balancer has no account), answering in JSON,
saying nothing of the platform but whether each check passed; why one failed goes to the log.

``/health`` is the process answering, and asks nothing of the database: an orchestrator restarts a
process whose health fails, and a database outage is not cured by restarting every server.
``/ready`` is whether this server can serve: the database answers, it holds every migration of the
code (else ``flask qi init`` is due), and the upload storage takes a file. A load balancer sends
requests only to ready servers.
"""
from __future__ import annotations

import logging
import os
import tempfile

from flask import Blueprint, jsonify

log = logging.getLogger(__name__)

probes = Blueprint("qi_probes", __name__)


@probes.get("/health")
def health():
    return jsonify(status="ok")


def _database() -> bool:
    from sqlalchemy import text

    from ..extensions import db

    db.session.execute(text("SELECT 1"))
    return True


def _migrations() -> bool:
    from ..dashboard.system import migration_state

    state = migration_state()
    if not state["current"]:
        log.warning("not ready: the database lacks the migrations %s", ", ".join(state["missing"]) or "(ahead)")
    return state["current"]


def _storage() -> bool:
    from ..accounts.uploads import upload_dir

    with tempfile.NamedTemporaryFile(dir=upload_dir(), prefix=".ready-", delete=True) as probe:
        probe.write(b"ok")
        probe.flush()
        os.fsync(probe.fileno())
    return True


CHECKS = {"database": _database, "migrations": _migrations, "storage": _storage}


@probes.get("/ready")
def ready():
    from ..extensions import db

    results = {}
    for name, check in CHECKS.items():
        if name == "migrations" and results["database"] != "ok":
            results[name] = "failed"  # unknown without the database: failing is the safe answer
            continue
        try:
            results[name] = "ok" if check() else "failed"
        except Exception:
            log.exception("not ready: the %s check failed", name)
            results[name] = "failed"
            if name == "database":
                db.session.rollback()
    db.session.remove()
    passed = all(value == "ok" for value in results.values())
    return jsonify(status="ready" if passed else "not ready", checks=results), 200 if passed else 503
