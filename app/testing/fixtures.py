"""The pytest fixtures of the test kit (loaded by ``pytest_plugins = ["app.testing"]``).

Options:

- ``--db sqlite|postgresql`` (default ``$QI_TEST_DB`` or sqlite): the engine of every test database;
  with postgresql a throw-away PostgreSQL 15 cluster lives as long as the session (``pg_cluster``).
- ``--qi-entry-point NAME`` (repeatable) and the ini option ``qi_entry_points``: the entry-point
  plugins the test apps load. Every other installed entry-point plugin stays out, so installing a
  plugin next to the platform cannot change a suite's results.
- ini ``qi_plugin``: the plugin under test (its entry-point or folder name), loaded alone with the
  core by ``plugin_app``; it is added to the entry points ``app`` loads.
- ``--qi-install-plugin PATH`` (repeatable): a plugin source folder (with its ``pyproject.toml``)
  made visible as an installed distribution for the session, without ``pip install``.

Fixtures: ``db_kind``, ``database_factory``, ``make_app``, ``app`` (one initialised application for
the session, one user per role in ``USERS``), ``make_plugin_app``, ``plugin_app``, ``db_session``,
``client``, ``login_as``, ``login_as_factory``, one signed-in client per role (``anonymous_client``,
``applicant_client``, ``enterprise_client``, ``institution_client``, ``window_staff_client``,
``platform_staff_client``, ``admin_client``) and ``org_factory`` (``app.testing.orgs.make_org``).
"""
from __future__ import annotations

import itertools
import os
import tempfile
from pathlib import Path

import pytest

from .distributions import install_plugin_source, uninstall_distributions
from .pg_cluster import create_database, throwaway_cluster

# username -> (role, password) of the session app's users; passwords are test-only.
USERS = {
    "t_admin": ("Admin", "pw-admin-1"),
    "t_platform": ("PlatformStaff", "pw-platform-1"),
    "t_window": ("WindowStaff", "pw-window-1"),
    "t_institution": ("Institution", "pw-institution-1"),
    "t_enterprise": ("Enterprise", "pw-enterprise-1"),
}
APPLICANT = ("t_applicant", "pw-applicant-1")  # made when a test first asks for applicant_client

TEST_SECRET_KEY = "test-only-secret-key-of-the-qi-one-stop-suite"


def pytest_addoption(parser):
    group = parser.getgroup("qi", "QI One-Stop test kit (app.testing)")
    group.addoption("--db", choices=["sqlite", "postgresql"], default=os.environ.get("QI_TEST_DB", "sqlite"),
                    help="database engine for every test database")
    group.addoption("--qi-entry-point", action="append", default=[], metavar="NAME",
                    help="also load this entry-point plugin in the test apps")
    group.addoption("--qi-install-plugin", action="append", default=[], metavar="PATH",
                    help="install the plugin source folder PATH as a distribution for this session")
    parser.addini("qi_entry_points", "entry-point plugins the test apps load (others stay out)", type="linelist",
                  default=[])
    parser.addini("qi_plugin", "the plugin under test: loaded alone with the core by plugin_app", default="")


def pytest_configure(config):
    from ..i18n.catalogs import compile_all

    compile_all()  # a plugin's catalogs may be fresh from the source tree
    for path in config.getoption("--qi-install-plugin"):
        install_plugin_source(Path(path))


def pytest_unconfigure(config):
    uninstall_distributions()


def entry_points_of(config) -> list[str]:
    """The entry-point plugins the session's apps load: ini ``qi_entry_points``, ``qi_plugin``,
    ``--qi-entry-point``."""
    names = list(config.getini("qi_entry_points")) + list(config.getoption("--qi-entry-point"))
    if config.getini("qi_plugin"):
        names.append(config.getini("qi_plugin"))
    return list(dict.fromkeys(names))


@pytest.fixture(scope="session")
def db_kind(request) -> str:
    """``sqlite`` or ``postgresql``: the engine under test."""
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


def add_users(app, users: dict = USERS) -> None:
    """Create ``users`` (username -> (role, password)) in ``app`` where missing."""
    from ..cli import ensure_user

    with app.app_context():
        for username, (role, password) in users.items():
            ensure_user(username, password, role, f"{username}@test.local", username, "Test")


@pytest.fixture(scope="session")
def make_app(database_factory, request):
    """Build an app on a fresh database: ``make_app(init=True, **config)``.

    The app loads the core, the folder plugins (``QI_PLUGINS_DIRS``) and only the entry-point plugins
    this session names (``qi_entry_points``); ``config`` overrides any of it. ``init`` runs
    ``flask qi init --no-admin`` (migrations, roles, categories).
    """
    from .. import create_app
    from ..extensions import db

    made = []
    entry_points = entry_points_of(request.config)

    def factory(init: bool = True, **config):
        settings = {
            "SQLALCHEMY_DATABASE_URI": database_factory(),
            "SECRET_KEY": TEST_SECRET_KEY,
            "WTF_CSRF_ENABLED": False,
            "TESTING": True,
            # Tests load demo data and sign in with its passwords; tests/auth/test_demo_guard.py turns it off.
            "QI_DEMO": True,
            "QI_LOAD_ENTRY_POINTS": entry_points,
            # The footer lists no windows unless a test asks (tests/web/test_portal.py): the network is
            # public, but pages are checked for not showing other windows' names.
            "QI_FOOTER_WINDOWS": 0,
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
    """One initialised application for the session, with one user per role (``USERS``)."""
    application = make_app()
    add_users(application)
    return application


@pytest.fixture(scope="session")
def demo_app(make_app):
    """An application loaded with ``flask qi demo`` (its users, windows, cases), built once for the
    session and shared by the read-only crawls: a test that changes its data needs its own."""
    application = make_app()
    result = application.test_cli_runner().invoke(args=["qi", "demo"])
    assert result.exit_code == 0, result.output
    return application


@pytest.fixture(scope="session")
def make_plugin_app(make_app):
    """``make_plugin_app(name, **config)``: an initialised app of the core and plugin ``name`` alone
    (an entry-point plugin, or a folder plugin of ``QI_PLUGINS_DIRS``), with the ``USERS``."""
    from ..config import build_config

    def factory(name: str, **config):
        dirs = config.pop("QI_PLUGINS_DIRS", None) or build_config(tempfile.gettempdir())["QI_PLUGINS_DIRS"]
        folder_plugins = [child.name for d in dirs if Path(d).is_dir() for child in Path(d).iterdir()
                          if (child / "__init__.py").is_file() and not child.name.startswith(("_", "."))]
        settings = {"QI_LOAD_ENTRY_POINTS": [name], "QI_PLUGINS_DIRS": dirs,
                    "QI_DISABLED_PLUGINS": [p for p in folder_plugins if p != name]}
        if name not in folder_plugins:
            settings["QI_PLUGINS_DIRS"], settings["QI_DISABLED_PLUGINS"] = [], []
        application = make_app(**(settings | config))
        if config.get("init", True):
            add_users(application)
        return application
    return factory


@pytest.fixture(scope="session")
def plugin_app(make_plugin_app, request):
    """The core and the plugin under test (ini option ``qi_plugin``) alone, initialised, with ``USERS``."""
    name = request.config.getini("qi_plugin")
    if not name:
        pytest.fail("plugin_app: name the plugin under test with `qi_plugin = \"<name>\"` in "
                    "[tool.pytest.ini_options], or call make_plugin_app(name)", pytrace=False)
    return make_plugin_app(name)


@pytest.fixture
def db_session(app):
    """The SQLAlchemy session of ``app``, inside an application context."""
    from ..extensions import db

    with app.app_context():
        yield db.session


@pytest.fixture
def client(app):
    """A test client of ``app``, not signed in."""
    return app.test_client()


def login(client, username: str, password: str | None = None):
    """Sign in through the login form; returns the response (302 to the landing page on success)."""
    password = password or USERS[username][1]
    return client.post("/login/", data={"username": username, "password": password})


def login_client(app, username: str, password: str | None = None):
    """A new test client of ``app`` signed in as ``username`` (fails the test if sign-in fails)."""
    client = app.test_client()
    response = login(client, username, password)
    assert response.status_code == 302, response.data[:500]
    return client


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
    def factory(app, role: str):
        username, password = f"u_{role.lower()}", f"pw-{role.lower()}-9"
        add_users(app, {username: (role, password)})
        return login_client(app, username, password)
    return factory


def _role_client(app, role: str):
    for username, (user_role, password) in USERS.items():
        if user_role == role:
            return login_client(app, username, password)
    raise KeyError(role)


@pytest.fixture
def anonymous_client(app):
    """A client of ``app`` nobody signed in to."""
    return app.test_client()


@pytest.fixture
def applicant_client(app):
    """A client of ``app`` signed in as a pending applicant (role Applicant, no organisation)."""
    add_users(app, {APPLICANT[0]: ("Applicant", APPLICANT[1])})
    return login_client(app, *APPLICANT)


@pytest.fixture
def enterprise_client(app):
    """A client of ``app`` signed in as ``t_enterprise`` (role Enterprise, no organisation)."""
    return _role_client(app, "Enterprise")


@pytest.fixture
def institution_client(app):
    """A client of ``app`` signed in as ``t_institution`` (role Institution, no organisation)."""
    return _role_client(app, "Institution")


@pytest.fixture
def window_staff_client(app):
    """A client of ``app`` signed in as ``t_window`` (role WindowStaff)."""
    return _role_client(app, "WindowStaff")


@pytest.fixture
def platform_staff_client(app):
    """A client of ``app`` signed in as ``t_platform`` (role PlatformStaff)."""
    return _role_client(app, "PlatformStaff")


@pytest.fixture
def admin_client(app):
    """A client of ``app`` signed in as ``t_admin`` (role Admin)."""
    return _role_client(app, "Admin")


@pytest.fixture
def org_factory(app):
    """``org_factory(kind, name, **options)`` -> (organisation id, member username), in ``app``
    (``app.testing.orgs.make_org``; the member's password is ``MEMBER_PASSWORD``)."""
    from .orgs import make_org

    def factory(kind: str, name: str, **options):
        with app.app_context():
            return make_org(kind, name, **options)
    return factory


@pytest.fixture
def window_factory(app):
    """``window_factory(kind="park", name=..., staff=("t_window",), **fields)`` -> window id, in ``app``
    (``app.testing.windows.make_window``: open Monday to Friday 9:00–12:00, 30-minute slots of 2 places)."""
    from .windows import make_window

    def factory(*args, **options):
        with app.app_context():
            return make_window(*args, **options)
    return factory
