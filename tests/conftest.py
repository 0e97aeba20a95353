"""Fixtures shared by the whole suite.

- ``--db sqlite`` (default) or ``--db postgresql``: every database the suite makes lives on that
  engine; with postgresql a throw-away cluster is started for the session (tests/pg_cluster.py).
- The dummy plugin (tests/plugins/dummy_plugin) is installed as the entry point ``dummy`` of a fake
  distribution for the whole session, so every app here also shows how an outside plugin is found.
- ``app`` is one initialised application for the session, with one user per role (``USERS``);
  ``make_app`` builds another one on a fresh database when a test needs its own configuration.
"""
from __future__ import annotations

import itertools
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from tests.pg_cluster import create_database, throwaway_cluster

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent

# username -> (role, password); passwords are test-only.
USERS = {
    "t_admin": ("Admin", "pw-admin-1"),
    "t_platform": ("PlatformStaff", "pw-platform-1"),
    "t_window": ("WindowStaff", "pw-window-1"),
    "t_institution": ("Institution", "pw-institution-1"),
    "t_enterprise": ("Enterprise", "pw-enterprise-1"),
}

_FAKE_DIST = None


def pytest_addoption(parser):
    parser.addoption("--db", choices=["sqlite", "postgresql"], default=os.environ.get("QI_TEST_DB", "sqlite"),
                     help="database engine for every test database")


def install_fake_distribution(root: Path) -> None:
    """A dist-info folder on sys.path: importlib.metadata sees an installed ``qi-dummy-plugin``."""
    dist = root / "qi_dummy_plugin-1.2.3.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: qi-dummy-plugin\nVersion: 1.2.3\n")
    (dist / "entry_points.txt").write_text("[qi_onestop.plugins]\ndummy = tests.plugins.dummy_plugin.hooks\n")
    sys.path.insert(0, str(root))


def pytest_configure(config):
    global _FAKE_DIST
    from app.i18n.catalogs import compile_all

    compile_all()  # the test plugin's catalog too; `make` compiles the rest on install
    _FAKE_DIST = Path(tempfile.mkdtemp(prefix="qi-fake-dist-"))
    install_fake_distribution(_FAKE_DIST)


def pytest_unconfigure(config):
    if _FAKE_DIST:
        sys.path[:] = [p for p in sys.path if p != str(_FAKE_DIST)]
        shutil.rmtree(_FAKE_DIST, ignore_errors=True)


@pytest.fixture(scope="session")
def db_kind(request) -> str:
    return request.config.getoption("--db")


@pytest.fixture(scope="session")
def database_factory(db_kind, tmp_path_factory):
    """A function returning the URL of a new, empty database on the engine under test."""
    counter = itertools.count()
    if db_kind == "sqlite":
        folder = tmp_path_factory.mktemp("db")
        yield lambda: f"sqlite:///{folder}/qi_{next(counter)}.db"
    else:
        with throwaway_cluster() as server:
            yield lambda: create_database(server, f"qi_test_{os.getpid()}_{next(counter)}")


def init_app_db(app, *args: str):
    """Run ``flask qi init`` on ``app`` and fail the test with its output if it fails."""
    result = app.test_cli_runner().invoke(args=["qi", "init", *args])
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result


@pytest.fixture(scope="session")
def make_app(database_factory, tmp_path_factory):
    """Build an app on a fresh database: ``make_app(init=True, **config)``."""
    from app import create_app
    from app.extensions import db

    made = []

    def factory(init: bool = True, **config):
        settings = {
            "SQLALCHEMY_DATABASE_URI": database_factory(),
            "SECRET_KEY": "test-only-secret-key-of-the-qi-one-stop-suite",
            "WTF_CSRF_ENABLED": False,
            "TESTING": True,
            # Tests load demo data and sign in with its passwords; tests/auth/test_demo_guard.py turns it off.
            "QI_DEMO": True,
        }
        settings.update(config)
        app = create_app(settings)
        made.append(app)
        if init:
            init_app_db(app, "--no-admin")
        return app

    yield factory
    for app in made:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def app(make_app):
    from app.cli import ensure_user

    application = make_app()
    with application.app_context():
        for username, (role, password) in USERS.items():
            ensure_user(username, password, role, f"{username}@test.local", username, "Test")
    return application


@pytest.fixture
def client(app):
    return app.test_client()


def login(client, username: str, password: str | None = None):
    """Sign in through the login form; returns the response (302 to the landing page on success)."""
    password = password or USERS[username][1]
    return client.post("/login/", data={"username": username, "password": password})


@pytest.fixture
def login_as(client):
    """``login_as("t_enterprise")`` signs the ``client`` in and returns it."""
    def _login(username: str):
        response = login(client, username)
        assert response.status_code == 302, response.data[:500]
        return client
    return _login


@pytest.fixture
def login_as_factory():
    """``login_as_factory(app, "Admin")``: a client of ``app`` signed in as a new user of that role."""
    from app.cli import ensure_user

    def factory(app, role: str):
        username, password = f"u_{role.lower()}", f"pw-{role.lower()}-9"
        with app.app_context():
            ensure_user(username, password, role, f"{username}@test.local", username, "Test")
        client = app.test_client()
        response = login(client, username, password)
        assert response.status_code == 302, response.data[:300]
        return client
    return factory
