"""Log lines as JSON objects, one per line, with the request they belong to.

``QI_LOG_FORMAT=json`` (``gunicorn.conf.py`` sets it for production) puts one handler on the root
logger that writes to standard error: time (UTC, ISO 8601), level, logger, message, the request's id,
method and path when there is a request, and the traceback of an exception. Log collectors (journald,
Docker, Loki, ELK) take such lines as they are. Without it, Flask's and Python's defaults stay.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import sys

from flask import Flask, has_request_context, request

from .request_ids import request_id


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if has_request_context():
            line.update(request_id=request_id(), method=request.method, path=request.path)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure_logging(app: Flask) -> None:
    if app.config.get("QI_LOG_FORMAT", "text") != "json":
        return
    root = logging.getLogger()
    if not any(getattr(h, "qi_json", False) for h in root.handlers):  # once per process, not per app
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        handler.qi_json = True
        root.addHandler(handler)
    root.setLevel(app.config.get("QI_LOG_LEVEL", "INFO"))
    # Flask adds its own handler to app.logger unless one above it handles the level already.
    from flask.logging import default_handler

    app.logger.removeHandler(default_handler)
