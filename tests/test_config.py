"""Configuration comes from the environment; the secret key is generated once and kept."""
import os
import stat

from app.config import build_config, load_secret_key


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("QI_SECRET_KEY", raising=False)
    first = load_secret_key(str(tmp_path))
    assert len(first) == 64
    assert load_secret_key(str(tmp_path)) == first
    assert stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode) == 0o600
    assert load_secret_key(str(tmp_path / "other")) != first


def test_secret_key_from_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("QI_SECRET_KEY", "from-the-environment")
    assert load_secret_key(str(tmp_path)) == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


def test_database_defaults_to_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("QI_DATABASE_URL", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert build_config(str(tmp_path))["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/qi_onestop.db"
    monkeypatch.setenv("QI_DATABASE_URL", "postgresql+psycopg://qi@db/qi")
    assert build_config(str(tmp_path))["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://qi@db/qi"


def test_plugin_settings_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("QI_DISABLED_PLUGINS", "ip, testing")
    monkeypatch.setenv("QI_PLUGINS_DIRS", "/srv/qi/plugins")
    config = build_config(str(tmp_path))
    assert config["QI_DISABLED_PLUGINS"] == ["ip", "testing"]
    assert config["QI_PLUGINS_DIRS"] == ["/srv/qi/plugins"]


def test_suite_runs_on_the_engine_it_was_asked_for(app, db_kind):
    from app.extensions import db

    with app.app_context():
        assert db.engine.dialect.name == db_kind


def test_postgresql_connections_run_without_jit(app):
    """JIT compiled a search's counts for 9 ms where the sample they read took 2 ms: every
    PostgreSQL connection of the app turns it off; an explicit connect option is kept."""
    from sqlalchemy import text

    from app.config import engine_options
    from app.extensions import db

    assert engine_options("sqlite:///x.db") == {}
    assert engine_options("postgresql+psycopg://h/d", {"pool_size": 3}) == {
        "pool_size": 3, "connect_args": {"options": "-c jit=off"}}
    assert engine_options("postgresql://h/d", {"connect_args": {"options": "-c work_mem=8MB"}}) == {
        "connect_args": {"options": "-c work_mem=8MB"}}
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            assert db.session.execute(text("SHOW jit")).scalar() == "off"
