"""The shipped gunicorn configuration (gunicorn.conf.py, issue 16): it loads, and freezes the app's objects."""
import gc
import importlib.util
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

CONFIG = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


def _load(monkeypatch, **env):
    # the configuration sets these in the server's environment: here they are undone after the test
    monkeypatch.delenv("QI_LOG_FORMAT", raising=False)
    env = {"PROMETHEUS_MULTIPROC_DIR": tempfile.mkdtemp(prefix="qi-test-metrics-"), **env}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("qi_gunicorn_conf", CONFIG)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gunicorn_accepts_the_shipped_configuration():
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--check-config", "-c", str(CONFIG), "app:create_app()"],
        cwd=CONFIG.parent, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_configuration_serves_locally_with_preloaded_sync_workers(monkeypatch):
    conf = _load(monkeypatch)
    assert conf.bind == "127.0.0.1:8000"
    assert conf.worker_class == "sync" and conf.preload_app is True
    assert 1 <= conf.workers <= conf.MAX_WORKERS
    assert conf.max_requests > 0 and conf.max_requests_jitter > 0
    assert "%(M)s" in conf.access_log_format  # request time in every access-log line


def test_environment_overrides_bind_and_workers(monkeypatch):
    conf = _load(monkeypatch, QI_BIND="127.0.0.1:9001", QI_WORKERS="3")
    assert conf.bind == "127.0.0.1:9001" and conf.workers == 3


@pytest.mark.parametrize("hook", ["when_ready", "post_worker_init"])
def test_hooks_freeze_the_loaded_app(monkeypatch, hook):
    conf = _load(monkeypatch)
    calls = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    getattr(conf, hook)(object())
    assert calls == ["freeze"]


def test_the_server_logs_json_and_sums_its_workers_counters_from_a_fresh_folder(monkeypatch, tmp_path):
    """Production logs are JSON lines (unless the environment says otherwise), and /metrics sums
    every worker's counters from the files of this start only."""
    (tmp_path / "counter_123.db").write_bytes(b"stale")
    conf = _load(monkeypatch, PROMETHEUS_MULTIPROC_DIR=str(tmp_path))
    assert os.environ["PROMETHEUS_MULTIPROC_DIR"] == conf.METRICS_DIR == str(tmp_path)
    assert not list(tmp_path.glob("*.db")) and callable(conf.child_exit)
    assert os.environ["QI_LOG_FORMAT"] == "json"
    _load(monkeypatch, QI_LOG_FORMAT="text")
    assert os.environ["QI_LOG_FORMAT"] == "text"
