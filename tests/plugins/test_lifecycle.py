"""A plugin's lifecycle: enabled or disabled in configuration, migrated without it, uninstalled."""
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.plugins.manager import DISABLED, LOADED
from app.search.models import SearchEntry
from app.search.query import search
from tests.conftest import init_app_db

KIND, WORD = "metrology_capability", "出租汽车计价器"  # a demo verification capability of the metrology plugin
MIGRATIONS = Path(__file__).resolve().parents[2] / "plugins" / "metrology" / "migrations"


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def metrology_hits(app) -> list:
    with app.app_context():
        return [h for h in search(db.session, WORD).hits if h.kind == KIND]


def entries(app, kind=KIND) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(SearchEntry).where(SearchEntry.kind == kind))


def tables(app) -> set[str]:
    with app.app_context():
        return set(sa.inspect(db.engine).get_table_names())


@pytest.fixture
def with_metrology_data(make_app):
    """A database migrated and filled with demo data while metrology was enabled; returns its URL."""
    app = make_app()
    assert run(app, "qi", "demo").exit_code == 0
    assert metrology_hits(app) and entries(app) > 0
    return app.config["SQLALCHEMY_DATABASE_URI"]


def test_the_allow_list_loads_only_the_plugins_named(make_app):
    host = make_app(init=False, QI_ENABLED_PLUGINS=["metrology", "dummy"]).extensions["qi_plugins"]
    assert host.records["metrology"].status == LOADED and host.records["dummy"].status == LOADED
    assert host.records["ip"].status == DISABLED and host.records["testing"].status == DISABLED


def test_disabling_a_migrated_plugin_with_data_keeps_init_working_and_hides_its_search_hits(make_app,
                                                                                         with_metrology_data):
    app = make_app(init=False, SQLALCHEMY_DATABASE_URI=with_metrology_data, QI_DISABLED_PLUGINS=["metrology"])
    assert metrology_hits(app) == []  # hidden at once, before init removes them
    with app.app_context():
        assert search(db.session, "", kind=KIND).hits == []
    result = init_app_db(app, "--no-admin")
    head = max("_".join(path.stem.split("_")[:2]) for path in MIGRATIONS.glob("metr_*.py"))
    assert head in result.output and f"{KIND}" in result.output  # its head, left in place
    assert entries(app) == 0 and "metr_capability" in tables(app)  # its tables stay for a later re-enable
    assert init_app_db(app, "--no-admin")  # and again
    page = app.test_client().get(f"/search/?q={WORD}").get_data(as_text=True)
    assert "/metrology/" not in page
    # enabled again: its migrations are where they were, its hits come back after a rebuild
    again = make_app(init=False, SQLALCHEMY_DATABASE_URI=with_metrology_data)
    init_app_db(again, "--no-admin")
    assert run(again, "qi", "search", "rebuild").exit_code == 0
    assert metrology_hits(again)


def test_uninstall_refuses_an_enabled_plugin(make_app, with_metrology_data):
    app = make_app(init=False, SQLALCHEMY_DATABASE_URI=with_metrology_data)
    result = run(app, "qi", "plugins", "uninstall", "metrology")
    assert result.exit_code != 0 and "QI_DISABLED_PLUGINS" in result.output
    assert entries(app) > 0


def test_uninstall_drops_the_plugins_search_entries_and_keeps_its_tables(make_app, with_metrology_data):
    app = make_app(init=False, SQLALCHEMY_DATABASE_URI=with_metrology_data, QI_DISABLED_PLUGINS=["metrology"])
    result = run(app, "qi", "plugins", "uninstall", "metrology")
    assert result.exit_code == 0, result.output
    assert entries(app) == 0 and entries(app, "institution") > 0  # only the plugin's kinds
    assert "metr_capability" in tables(app)


def test_uninstall_drops_the_tables_only_when_confirmed(make_app, with_metrology_data):
    app = make_app(init=False, SQLALCHEMY_DATABASE_URI=with_metrology_data, QI_DISABLED_PLUGINS=["metrology"])
    unconfirmed = run(app, "qi", "plugins", "uninstall", "metrology", "--drop-tables")
    assert unconfirmed.exit_code != 0 and "--yes" in unconfirmed.output and "metr_capability" in tables(app)
    result = run(app, "qi", "plugins", "uninstall", "metrology", "--drop-tables", "--yes")
    assert result.exit_code == 0, result.output + repr(result.exception)
    assert not {t for t in tables(app) if t.startswith("metr_")}
    with app.app_context():
        versions = set(db.session.scalars(sa.text("SELECT version_num FROM alembic_version")))
    assert "metr_0001" not in versions
    assert "migrations of disabled" not in init_app_db(app, "--no-admin").output  # nothing left behind
