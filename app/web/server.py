"""The development server without its version banner (``flask qi serve``).

Werkzeug's server (like Python's ``http.server``) sends ``Server: Werkzeug/<version> Python/<version>``
on every response, telling a visitor which versions to look up vulnerabilities for. The app cannot
remove a header the server adds after it, so the server's request handler drops it. Production runs
under gunicorn, which names itself without a version.
"""
import click
from flask import current_app
from flask.cli import with_appcontext
from werkzeug.serving import WSGIRequestHandler, run_simple


class NoBannerRequestHandler(WSGIRequestHandler):
    """Werkzeug's request handler, sending no ``Server`` header."""

    def send_header(self, keyword, value):
        if keyword.lower() == "server":
            return
        super().send_header(keyword, value)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@with_appcontext
def serve(host: str, port: int) -> None:
    """Serve the app with the development server, without a version banner (not for production)."""
    app = current_app._get_current_object()
    run_simple(host, port, app, threaded=True, request_handler=NoBannerRequestHandler)
