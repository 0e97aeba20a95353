"""The request size limit: ``MAX_CONTENT_LENGTH`` from configuration, enforced before the body is read."""
from flask import Flask, request
from werkzeug.exceptions import RequestEntityTooLarge


def request_size_limit(config) -> int:
    """Bytes one request may carry: ``QI_MAX_REQUEST_MB``, or by default room for the largest form.

    Each file is checked against ``QI_UPLOAD_MAX_MB`` by itself; the request limit only stops abuse,
    so an oversized file gets its own message and the rest of the form survives. The largest form
    (a registration) carries up to six files.
    """
    megabytes = config.get("QI_MAX_REQUEST_MB") or config["QI_UPLOAD_MAX_MB"] * 6 + 2
    return int(float(megabytes) * 1024 * 1024)


def limit_request_size(app: Flask) -> None:
    """Assign ``MAX_CONTENT_LENGTH`` (Flask defines it as None, so ``setdefault`` would keep no limit)
    and refuse a request whose declared length is over it before anything reads the body.

    Werkzeug also stops reading a body without a length (chunked) at the limit.
    """
    if app.config.get("MAX_CONTENT_LENGTH") is None:  # a value given to create_app wins
        app.config["MAX_CONTENT_LENGTH"] = request_size_limit(app.config)

    @app.before_request
    def _refuse_oversized_body():
        limit = app.config["MAX_CONTENT_LENGTH"]
        if limit and request.content_length is not None and request.content_length > limit:
            raise RequestEntityTooLarge()
