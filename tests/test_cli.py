"""`flask qi init`, `demo` and `plugins`."""
import sqlalchemy as sa

from app.extensions import db


def _admins(app):
    with app.app_context():
        sm = app.appbuilder.sm
        role = sm.find_role("Admin")
        return sorted(u.username for u in sm.get_all_users() if role in u.roles)


def test_init_creates_admin_without_prompts(make_app, tmp_path):
    app = make_app(init=False)
    secret = tmp_path / "admin-password"
    secret.write_text("s3cret-from-file\n")
    result = app.test_cli_runner().invoke(args=["qi", "init", "--admin-user", "root", "--admin-password-file", str(secret)])
    assert result.exit_code == 0, result.output
    assert "administrator root created" in result.output
    assert _admins(app) == ["root"]
    client = app.test_client()
    response = client.post("/login/", data={"username": "root", "password": "s3cret-from-file"})
    assert response.headers["Location"].endswith("/dashboard/")


def test_init_creates_admin_from_environment(make_app, monkeypatch):
    app = make_app(init=False)
    monkeypatch.setenv("QI_ADMIN_USER", "envadmin")
    monkeypatch.setenv("QI_ADMIN_PASSWORD", "from-env-123")
    result = app.test_cli_runner().invoke(args=["qi", "init"])
    assert result.exit_code == 0, result.output
    assert _admins(app) == ["envadmin"]


def test_init_prompts_when_interactive(make_app, monkeypatch):
    app = make_app(init=False)
    monkeypatch.setattr("app.cli.interactive", lambda: True)
    result = app.test_cli_runner().invoke(args=["qi", "init"], input="boss\npw-typed-1\npw-typed-1\n")
    assert result.exit_code == 0, result.output
    assert "Administrator user name" in result.output and "Administrator password" in result.output
    assert _admins(app) == ["boss"]


def test_init_is_repeatable(make_app):
    app = make_app()
    result = app.test_cli_runner().invoke(args=["qi", "init", "--no-admin"])
    assert result.exit_code == 0, result.output
    assert "roles created: none; categories added: none" in result.output


def test_init_without_password_refuses_clearly(make_app, monkeypatch):
    app = make_app(init=False)
    monkeypatch.delenv("QI_ADMIN_PASSWORD", raising=False)
    result = app.test_cli_runner().invoke(args=["qi", "init", "--admin-user", "root"])
    assert result.exit_code != 0
    assert "no administrator password" in result.output
    assert _admins(app) == []


def _table_counts(app) -> dict[str, int]:
    with app.app_context():
        tables = sa.inspect(db.engine).get_table_names()
        return {t: db.session.scalar(sa.text(f'SELECT count(*) FROM "{t}"')) for t in tables if t != "alembic_version"}


def test_demo_twice_changes_nothing(make_app):
    app = make_app()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["qi", "demo"]).exit_code == 0
    after_first = _table_counts(app)
    with app.app_context():
        users_first = sorted((u.username, u.password) for u in app.appbuilder.sm.get_all_users())
    second = runner.invoke(args=["qi", "demo"])
    assert second.exit_code == 0, second.output
    assert _table_counts(app) == after_first
    with app.app_context():
        assert sorted((u.username, u.password) for u in app.appbuilder.sm.get_all_users()) == users_first
    assert after_first["ab_user"] == 5
    assert after_first["qi_need"] >= 6  # the demo enterprise's cases in every stage, for the board and lists


def test_demo_logins_work(make_app):
    from app.demo import demo_logins

    app = make_app()
    app.test_cli_runner().invoke(args=["qi", "demo"])
    for _role, user, password in demo_logins():
        client = app.test_client()
        response = client.post("/login/", data={"username": user, "password": password})
        assert response.headers["Location"].endswith("/dashboard/"), user


def test_plugins_command_lists_the_five_builtins_as_loaded(app):
    result = app.test_cli_runner().invoke(args=["qi", "plugins"])
    assert result.exit_code == 0
    lines = {line.split()[0]: line for line in result.output.splitlines() if line and not line.startswith(" ")}
    for name in ["standardization", "metrology", "testing", "certification", "ip", "dummy"]:
        assert " loaded " in lines[name], lines.get(name)
    assert "entry point" in lines["dummy"] and "folder" in lines["metrology"]
