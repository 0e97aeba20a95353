"""Start and stop a gunicorn server on 127.0.0.1 for the page benchmark, and read its workers' memory."""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import requests

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONF = ROOT / "gunicorn.conf.py"
WORKERS = 2


def free_port() -> int:
    """A TCP port nobody listens on at the moment (127.0.0.1)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn_command(target: str, port: int) -> list[str]:
    """gunicorn with the repository's configuration when it ships one, else 2 sync workers; always bound to
    127.0.0.1:port (the command line wins over the configuration file)."""
    cmd = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS),
           "--worker-class", "sync", "--timeout", "120", "--log-level", "warning"]
    if GUNICORN_CONF.exists():
        cmd[3:3] = ["--config", str(GUNICORN_CONF)]
    return cmd + [target]


@contextlib.contextmanager
def gunicorn(target: str, env: dict[str, str], ready_path: str = "/", timeout: float = 90) -> Iterator[tuple[str, int]]:
    """Serve ``target`` (``module:factory()``) under gunicorn; yield (base URL, master pid); stop it afterwards."""
    port = free_port()
    log = open(os.path.join(os.environ.get("TMPDIR", "/tmp"), f"qi-bench-gunicorn-{port}.log"), "w+")
    process = subprocess.Popen(gunicorn_command(target, port), cwd=ROOT, env={**os.environ, **env},
                               stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"gunicorn exited ({process.returncode}): {log.read()[-3000:]}")
            try:
                if requests.get(base + ready_path, timeout=10).status_code < 500:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer on {base} within {timeout} s")
            time.sleep(0.3)
        # every worker loads the app lazily on its first request: warm both before measuring
        for _ in range(4 * WORKERS):
            requests.get(base + ready_path, timeout=30)
        yield base, process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def worker_pids(master: int) -> list[int]:
    """The pids whose parent is ``master`` (gunicorn's workers), from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            stat = (entry / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                found.append(int(entry.name))
    return sorted(found)


def rss_mb(pid: int) -> float | None:
    """Resident memory of ``pid`` in MB (VmRSS of /proc/<pid>/status), None when it is gone."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return None
