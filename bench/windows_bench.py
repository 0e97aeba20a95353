"""Benchmark of the service windows' busiest pages (issue 13) as appointments and instruments grow.

    .venv/bin/python -m bench.windows_bench [--db sqlite|postgresql|both] [--windows N]
                                            [--appointments N] [--instruments N] [--requests N]

Generated straight into the tables (bulk inserts): ``--windows`` park stations open Monday to
Friday 9–12 in 30-minute slots of two places, enterprises, and appointments filling the coming
slots of every window (two enterprises a slot), spread over all windows; institutions offering
shared instruments. Measured in one run, first at a hundredth of the size, then after growing the
same database to ``--appointments`` appointments and ``--instruments`` instruments:

- the p95 of the rendered booking page of one window (``/appointments/book/<code>``, an enterprise),
  the day sheet of that window (``/appointments/day/``, platform staff) and the public equipment
  list (``/equipment/``, its first and its last page) through the test client;
- the baseline, in the same run and at both sizes: the public network list (``/windows/``), whose
  rows do not grow, so a machine's noise shows there as well.

Reported: each page's p95 (and median) at the large size against the small one (target ≤ 1.5×: the
pages read one window's slots, one day, one page of instruments) and against the baseline. The last
page of the equipment list reads past ``OFFSET`` rows, so it grows with the instruments by design;
the first page is what a visitor sees.
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time

from sqlalchemy import insert, select

from bench import run_on
from bench.needs_bench import machine_facts, percentile

STAFF_USER, ENTERPRISE_USER, PASSWORD = "bench_staff", "bench_ent", "pw-bench-windows-1"
ENTERPRISES = 400
INSTITUTIONS = 100
CHUNK = 5_000
BASELINE = "/windows/"


def organisations(session, kind: str, start: int, count: int) -> list[int]:
    """``count`` approved organisations of ``kind``, bulk-inserted; their ids."""
    from app.accounts.models import APPROVED, Organisation

    prefix = "91" if kind == "enterprise" else "12"
    session.execute(insert(Organisation), [{
        "kind": kind, "institution_types": "testing" if kind == "institution" else "", "uscc": f"{prefix}{i:016d}",
        "name": f"基准{kind}{i:05d}", "legal_representative": "张三", "address": "银川市", "region_code": "640106",
        "contact_person": "李四", "contact_phone": "13800000000", "status": APPROVED}
        for i in range(start, start + count)])
    session.commit()
    return list(session.scalars(select(Organisation.id).where(Organisation.kind == kind).order_by(Organisation.id)))


class Load:
    """Appointments fill the coming slots window by window; instruments are numbered on."""

    def __init__(self, session, windows: list[int], slots, enterprises: list[int], institutions: list[int],
                 user_id: int, item_id: int):
        self.session, self.windows, self.slots = session, windows, slots
        self.enterprises, self.institutions, self.user_id, self.item_id = enterprises, institutions, user_id, item_id
        self.appointments = self.instruments = 0
        self.places = [(w, s) for s in range(len(slots)) for w in range(len(windows))]  # slot-major: all windows grow

    def add_appointments(self, count: int) -> None:
        from app.appointments.models import Appointment, AppointmentSlot

        target = min(self.appointments + count, 2 * len(self.places))
        while self.appointments < target:
            first = self.appointments // 2
            places = self.places[first:first + CHUNK // 2]
            taken = min(len(places), (target - self.appointments + 1) // 2)
            places = places[:taken]
            slot_rows = [{"window_id": self.windows[w], "starts_at": self.slots[s].starts_at,
                          "ends_at": self.slots[s].ends_at, "capacity": 2, "booked": 2} for w, s in places]
            self.session.execute(insert(AppointmentSlot), slot_rows)
            ids = dict(((r.window_id, r.starts_at), r.id) for r in self.session.execute(
                select(AppointmentSlot.id, AppointmentSlot.window_id, AppointmentSlot.starts_at)))
            rows = []
            for k, (w, s) in enumerate(places):
                slot = self.slots[s]
                for seat in range(2):
                    n = self.appointments + 2 * k + seat
                    rows.append({"number": f"YY-2099-{n:07d}", "token": f"bench-{n}", "window_id": self.windows[w],
                                 "slot_id": ids[(self.windows[w], slot.starts_at)],
                                 "organisation_id": self.enterprises[(2 * (first + k) + seat) % len(self.enterprises)],
                                 "user_id": self.user_id, "item_id": self.item_id, "starts_at": slot.starts_at,
                                 "ends_at": slot.ends_at, "contact_phone": "13800000000", "note": "",
                                 "state": "booked"})
            self.session.execute(insert(Appointment), rows)
            self.session.commit()
            self.appointments += len(rows)

    def add_instruments(self, count: int) -> None:
        from app.equipment.models import SharedInstrument

        for start in range(self.instruments, self.instruments + count, CHUNK):
            stop = min(start + CHUNK, self.instruments + count)
            self.session.execute(insert(SharedInstrument), [{
                "organisation_id": self.institutions[i % len(self.institutions)], "name": f"基准仪器{i:06d}",
                "model": "X-1", "measures": "拉伸强度", "location": "银川", "active": True} for i in range(start, stop)])
            self.session.commit()
        self.instruments += count


def measure(app, client_of, pages, requests) -> dict:
    """p95 (and median) of each page over ``requests`` requests, after two to warm up."""
    out = {}
    for label, username, path in pages:
        client = client_of(username)
        for _ in range(2):
            client.get(path)
        times = []
        for _ in range(requests):
            t = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - t)
            assert response.status_code == 200, (path, response.status_code)
        out[label] = (statistics.median(times), percentile(times, 0.95))
    return out


def run(db_kind, url, windows, appointments, instruments, requests):
    from app import create_app
    from app.accounts.models import UserProfile
    from app.appointments import slots as slot_offer
    from app.catalog.models import ServiceItem
    from app.cli import ensure_user
    from app.extensions import db
    from app.testing.windows import make_window
    from app.windows.models import ServiceWindow, WindowService

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-only-secret-key-0123456789abcdef",
                      "QI_LOAD_ENTRY_POINTS": False, "WTF_CSRF_ENABLED": False})
    assert app.test_cli_runner().invoke(args=["qi", "init", "--no-admin"]).exit_code == 0
    with app.app_context():
        session = db.session
        item_id = session.scalar(select(ServiceItem.id).where(ServiceItem.visible.is_(True)).order_by(ServiceItem.id))
        window_ids = []
        for i in range(windows):
            window_ids.append(make_window("park", f"基准服务站{i:04d}", code=f"bench-{i:04d}",
                                          region_code=("640100", "640300", "640200")[i % 3]))
            session.add(WindowService(window_id=window_ids[-1], item_id=item_id))
        session.commit()
        first = session.get(ServiceWindow, window_ids[0])
        today = slot_offer.now_local().date()
        slots = [slot for day, found in sorted(slot_offer.offered(session, first).items()) if day != today
                 for slot in found]
        enterprises = organisations(session, "enterprise", 0, ENTERPRISES)
        institutions = organisations(session, "institution", 0, INSTITUTIONS)
        ensure_user(STAFF_USER, PASSWORD, "PlatformStaff", "bench_staff@test.local", "基准", "员工")
        ensure_user(ENTERPRISE_USER, PASSWORD, "Enterprise", "bench_ent@test.local", "基准", "企业")
        user = app.appbuilder.sm.find_user(username=ENTERPRISE_USER)
        session.add(UserProfile(user_id=user.id, organisation_id=enterprises[0], real_name="王五",
                                id_number="11010519491231002X", display_name="基准"))
        session.commit()
        load = Load(session, window_ids, slots, enterprises, institutions, user.id, item_id)
        t = time.perf_counter()
        load.add_appointments(appointments // 100)
        load.add_instruments(instruments // 100)
        small_load = time.perf_counter() - t
        small_sizes = (load.appointments, load.instruments)
        day = slots[0].starts_at.date().isoformat()
        facts = machine_facts(session)

    clients = {}

    def client_of(username):
        if username not in clients:
            client = app.test_client()
            if username:
                assert client.post("/login/", data={"username": username, "password": PASSWORD}).status_code == 302
            clients[username] = client
        return clients[username]

    def pages():
        last = max(0, (load.instruments - 1) // 25)
        return [("baseline: the network list /windows/", None, BASELINE),
                ("booking page /appointments/book/bench-0000", ENTERPRISE_USER, "/appointments/book/bench-0000"),
                ("day sheet /appointments/day/", STAFF_USER, f"/appointments/day/?window=bench-0000&day={day}"),
                ("equipment list /equipment/ (first page)", None, "/equipment/"),
                ("equipment list /equipment/ (last page)", None, f"/equipment/?page={last}")]

    small = measure(app, client_of, pages(), requests)
    with app.app_context():
        load.session = db.session
        t = time.perf_counter()
        load.add_appointments(appointments - load.appointments)
        load.add_instruments(instruments - load.instruments)
        large_load = time.perf_counter() - t
    large = measure(app, client_of, pages(), requests)
    with app.app_context():
        db.engine.dispose()

    def lines(results):
        return [f"- {label}: median {m * 1000:.0f} ms, p95 {p * 1000:.0f} ms ({requests} requests)"
                for label, (m, p) in results.items()]

    base_small, base_large = small[pages()[0][0]][1], large[pages()[0][0]][1]
    ratios = []
    for label, _, _ in pages()[1:]:
        (s50, s95), (l50, l95) = small[label], large[label]
        ratios.append(f"- {label}: large/small p95 {l95 / s95:.2f}× (target ≤ 1.5×), median {l50 / s50:.2f}×; "
                      f"p95 against the baseline {s95 / base_small:.2f}× small, {l95 / base_large:.2f}× large")
    return [f"## {db_kind}: {windows} park stations, {load.appointments:,} appointments, {load.instruments:,} instruments",
            "", f"Machine: {facts}; bulk load {small_load:.1f} s for the small size, {large_load:.1f} s for the rest.", "",
            f"### small: {small_sizes[0]:,} appointments, {small_sizes[1]:,} instruments", "", *lines(small), "",
            f"### large: {load.appointments:,} appointments, {load.instruments:,} instruments", "", *lines(large), "",
            f"### ratios (baseline: {BASELINE}, whose rows do not grow)", "", *ratios, ""]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--windows", type=int, default=200)
    parser.add_argument("--appointments", type=int, default=10_000)
    parser.add_argument("--instruments", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    run_on(args.db, "windows", "Service windows at scale: booking page, day sheet, equipment list",
           lambda kind, url: run(kind, url, args.windows, args.appointments, args.instruments, args.requests))


if __name__ == "__main__":
    main()
