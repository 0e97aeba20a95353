"""A bounded load loop: ``concurrency`` threads, each with its own keep-alive ``requests.Session``."""
from __future__ import annotations

import dataclasses
import math
import statistics
import threading
import time
from typing import Callable

import requests

CONCURRENCY = 4


@dataclasses.dataclass
class Stats:
    """What one case measured: latencies in seconds, wall time, failures (status other than expected)."""

    times: list[float]
    wall: float
    failures: int = 0
    status: int = 200
    size: int = 0

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times) * 1000 if self.times else float("nan")

    @property
    def p95_ms(self) -> float:
        return percentile(self.times, 0.95) * 1000 if self.times else float("nan")

    @property
    def rps(self) -> float:
        return len(self.times) / self.wall if self.wall > 0 else float("nan")


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile by the nearest-rank rule (no interpolation: it is a value that was measured)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def session_like(template: requests.Session | None) -> requests.Session:
    """A new session carrying ``template``'s cookies and headers (one per thread: Session is not thread-safe)."""
    session = requests.Session()
    if template is not None:
        session.cookies.update(template.cookies)
        session.headers.update(template.headers)
    return session


def run(base: str, paths: list[str] | str, template: requests.Session | None = None, requests_total: int = 200,
        time_cap: float = 10.0, concurrency: int = CONCURRENCY, warmup: int = 2, expect: int = 200,
        clock: Callable[[], float] = time.perf_counter) -> Stats:
    """GET ``paths`` (cycled) ``requests_total`` times or until ``time_cap`` seconds, whichever comes first,
    from ``concurrency`` threads; redirects are not followed, so a login page never passes for the page."""
    paths = [paths] if isinstance(paths, str) else list(paths)
    sessions = [session_like(template) for _ in range(concurrency)]
    status, size = 0, 0
    for i in range(warmup):
        response = sessions[i % concurrency].get(base + paths[i % len(paths)], allow_redirects=False, timeout=60)
        status, size = response.status_code, len(response.content)
    lock = threading.Lock()
    state = {"next": 0, "failures": 0}
    times: list[float] = []
    start = clock()
    stop_at = start + time_cap

    def worker(session: requests.Session) -> None:
        while True:
            with lock:
                n = state["next"]
                if n >= requests_total or clock() > stop_at:
                    return
                state["next"] = n + 1
            t = clock()
            response = session.get(base + paths[n % len(paths)], allow_redirects=False, timeout=60)
            elapsed = clock() - t
            with lock:
                times.append(elapsed)
                if response.status_code != expect:
                    state["failures"] += 1

    threads = [threading.Thread(target=worker, args=(s,), daemon=True) for s in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = clock() - start
    for session in sessions:
        session.close()
    return Stats(times=times, wall=wall, failures=state["failures"], status=status, size=size)
