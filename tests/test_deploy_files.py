"""The shipped deployment files (docs/deploy.md) hold together: compose.yaml parses and brings up the
database, the migrations, the app and the tasks with the secrets required; every command they run is
one the CLI has; nginx forwards what the app trusts. No image is built here (no container engine)."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def _commands(compose) -> list[list[str]]:
    found = []
    for service in compose["services"].values():
        command = service.get("command")
        if command:
            found.append(command if isinstance(command, list) else shlex.split(command))
    return found


def test_compose_brings_up_the_database_the_migrations_the_app_and_the_tasks(compose):
    services = compose["services"]
    assert {"db", "init", "app", "tasks"} <= set(services)
    app = services["app"]
    assert app["depends_on"]["init"]["condition"] == "service_completed_successfully"
    assert "/ready" in " ".join(app["healthcheck"]["test"])
    assert all(p.startswith("127.0.0.1:") for p in app["ports"])
    env = app["environment"]
    assert env["QI_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert ":?" in env["QI_SECRET_KEY"] and ":?" in env["QI_DATA_KEYS"]  # compose refuses to start without them
    assert "uploads:/srv/qi/uploads" in app["volumes"]
    assert services["tasks"]["volumes"] == app["volumes"]  # the tasks see the same files


def _flask_commands(text: str) -> list[list[str]]:
    return [shlex.split(m)[1:] for m in re.findall(r"flask qi [a-z -]+", text)]


def test_every_command_the_files_run_exists(app, compose):
    texts = [(ROOT / "compose.yaml").read_text(), (ROOT / "Dockerfile").read_text()]
    texts += [p.read_text() for p in (ROOT / "deploy" / "systemd").iterdir()]
    commands = {tuple(c) for t in texts for c in _flask_commands(t)}
    assert {("qi", "check-config"), ("qi", "tasks", "run"), ("qi", "backup", "--to")} <= commands
    runner = app.test_cli_runner()
    for command in commands:
        words = [w for w in command if not w.startswith("-")]
        result = runner.invoke(args=[*words, "--help"])
        assert result.exit_code == 0, (command, result.output)


def test_the_app_server_checks_the_configuration_before_gunicorn(compose):
    for text in (" ".join(compose["services"]["app"]["command"]), (ROOT / "Dockerfile").read_text()):
        assert re.search(r"flask qi check-config && exec gunicorn", text)
    unit = (ROOT / "deploy" / "systemd" / "qi-onestop.service").read_text()
    assert "ExecStartPre=" in unit and "check-config" in unit.split("ExecStartPre=")[1].splitlines()[0]
    timer = (ROOT / "deploy" / "systemd" / "qi-onestop-tasks.timer").read_text()
    assert "Unit=qi-onestop-tasks.service" in timer and "Persistent=true" in timer
    backup = (ROOT / "deploy" / "systemd" / "qi-onestop-backup.timer").read_text()
    assert "Unit=qi-onestop-backup.service" in backup and "Persistent=true" in backup


def test_nginx_forwards_what_the_app_trusts(app):
    conf = (ROOT / "deploy" / "nginx" / "qi-onestop.conf").read_text()
    for header in ("X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Request-ID"):
        assert f"proxy_set_header {header} " in conf
    limit = int(re.search(r"client_max_body_size (\d+)m;", conf).group(1))
    assert limit * 1024 * 1024 >= app.config["MAX_CONTENT_LENGTH"]  # nginx refuses nothing the app accepts
    example = (ROOT / "deploy" / "qi-onestop.env.example").read_text()
    assert "QI_PROXIES=1" in example and "QI_SECRET_KEY=\n" in example  # no sample secret to copy
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".venv", "instance", ".git"} <= set(ignored)
