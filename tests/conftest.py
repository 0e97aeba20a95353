"""The project's suite on the test kit (``app.testing``): its fixtures, and what only this suite needs.

- ``--db sqlite`` (default) or ``--db postgresql``: every database the suite makes lives on that
  engine; with postgresql a throw-away cluster is started for the session (app/testing/pg_cluster.py).
- The dummy plugin (tests/plugins/dummy_plugin) is installed as the entry point ``dummy`` of a fake
  distribution for the whole session, so every app here also shows how an outside plugin is found.
  No other installed entry-point plugin is loaded (``qi_entry_points`` in pyproject.toml): a
  plugin installed next to the platform cannot turn this suite red.
- ``--with-outside-plugin``: the sample outside plugin (tests/outside_plugin) is installed as a
  distribution too and loaded by every app: the suite proves the core still passes with a
  third-party plugin, and the scoping matrix covers its scoped view. `make test` runs it once on SQLite.
- ``app`` is one initialised application for the session, with one user per role (``USERS``);
  ``make_app`` builds another one on a fresh database when a test needs its own configuration.
"""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.register_assert_rewrite("app.testing")  # the kit's asserts explain themselves; imported just below

from app.testing.distributions import install_distribution, install_plugin_source  # noqa: E402
from app.testing.fixtures import USERS, init_app_db, login, login_as_factory  # noqa: E402,F401  (imported by tests as before)

pytest_plugins = ["pytester", "app.testing"]

ROOT = Path(__file__).resolve().parent.parent
OUTSIDE_PLUGIN = Path(__file__).resolve().parent / "outside_plugin"
OUTSIDE_PLUGIN_NAME = "refmat"  # its entry-point name

# The outside plugin's own tests run in their own session (`make test`), from their own folder.
collect_ignore = ["outside_plugin"]


def pytest_addoption(parser):
    parser.addoption("--with-outside-plugin", action="store_true", default=False,
                     help="install and load the sample outside plugin (tests/outside_plugin) in every app")


def install_fake_distribution(root: Path | None = None) -> Path:
    """A dist-info folder on sys.path: importlib.metadata sees an installed ``qi-dummy-plugin``."""
    return install_distribution("qi-dummy-plugin", "1.2.3",
                                {"qi_onestop.plugins": {"dummy": "tests.plugins.dummy_plugin.hooks"}})


def pytest_configure(config):
    install_fake_distribution()
    if config.getoption("--with-outside-plugin"):
        install_plugin_source(OUTSIDE_PLUGIN)
        config.option.qi_entry_point = [*config.getoption("--qi-entry-point"), OUTSIDE_PLUGIN_NAME]
