"""The pages of the service windows stay within a fixed number of SQL statements whatever the rows.

Each test counts the statements one request sends (a ``before_cursor_execute`` listener on the
engine, counting only while the request runs) with a few rows of a kind, adds many more rows of
that kind, counts again, and asserts the count did not grow (no query per row: N+1) and that a
list page shows one page of rows, not all of them. Each page is requested once before counting so
that one-off work (caches filled on a process's first request) does not count.
"""
from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
import sqlalchemy as sa

from app.appointments import slots as slot_offer
from app.appointments.models import Appointment, AppointmentSlot
from app.catalog.models import ServiceCategory, ServiceItem
from app.equipment.models import EquipmentBooking, SharedInstrument
from app.extensions import db
from app.needs import flow as needs_flow
from app.packages.models import NeedPackage, PackageNeed
from app.samples import flow as samples_flow
from app.teams.models import ExpertMember, ExpertTeam, TeamNeed
from app.testing.fixtures import add_users, login_client
from app.testing.orgs import MEMBER_PASSWORD, make_org
from app.testing.sql import counting, statements_of
from app.testing.windows import make_window
from app.visits.models import DONE, EnterpriseVisit
from app.windows.models import ServiceWindow, WindowService

FEW, MANY = 5, 60
_serial = itertools.count(1)


def marks(html: str, prefix: str) -> int:
    """How many distinct rows named ``<prefix>-NNN`` the page shows."""
    return len(set(re.findall(rf"{prefix}-\d{{3}}", html)))


@pytest.fixture(scope="module")
def world(make_app):
    """An enterprise with a need filed at a park station worked by t_window, an institution with its
    own window (also worked by t_window), and an enterprise window."""
    app = make_app(QI_QUEUE_COUNTS_SECONDS=10**9)  # counts kept: no recount mid-test on a slow machine
    add_users(app)
    out = {"app": app}
    with app.app_context():
        ent, ent_user = make_org("enterprise", "计数企业有限公司")
        inst, inst_user = make_org("institution", "计数检测院", types="testing")
        item = db.session.scalar(sa.select(ServiceItem).where(ServiceItem.visible.is_(True)).order_by(ServiceItem.id))
        park = make_window("park", "计数园区服务站", code="count-park", region_code="640100", staff=("t_window",))
        db.session.add(WindowService(window_id=park, item_id=item.id))
        inst_window = make_window("institution", "计数机构窗口", code="count-inst", organisation_id=inst,
                                  region_code="640100", staff=("t_window",), industry="塑料制品")
        ent_window = make_window("enterprise", "计数企业窗口", code="count-ent", organisation_id=ent,
                                 region_code="640100", staff=("t_window",))
        db.session.commit()
        need, _ = needs_flow.file_need(db.session, need_type="service", title="计数需求", contact_name="张三",
                                       contact="13800000000", actor="t_window", organisation_id=ent,
                                       channel="window", window_id=park)
        db.session.commit()
        ent_user_id = db.session.scalar(sa.text("select id from ab_user where username = :u"), {"u": ent_user})
        inst_user_id = db.session.scalar(sa.text("select id from ab_user where username = :u"), {"u": inst_user})
        out.update(ent=ent, ent_user=ent_user, ent_user_id=ent_user_id, inst=inst, inst_user=inst_user,
                   inst_user_id=inst_user_id, item_id=item.id, park=park, inst_window=inst_window,
                   ent_window=ent_window, need_id=need.id, number=need.number)
    out["staff"] = login_client(app, "t_window")
    out["platform"] = login_client(app, "t_platform")
    out["enterprise"] = login_client(app, ent_user, MEMBER_PASSWORD)
    out["institution"] = login_client(app, inst_user, MEMBER_PASSWORD)
    out["anonymous"] = app.test_client()
    return out


def grows(world, pages, add, up_to_few, up_to_many, slack=None):
    """Count each (client key, url, row prefix, page size) of ``pages`` with ``up_to_few`` rows made
    by ``add(start, stop)``, then with ``up_to_many``; assert the counts equal (plus ``slack`` per
    page, when given) and that a list never shows more rows than its page size."""
    app = world["app"]
    add(0, up_to_few)
    few = {url: statements_of(app, world[who], url)[0] for who, url, _, _ in pages}
    add(up_to_few, up_to_many)
    for who, url, prefix, size in pages:
        count, html = statements_of(app, world[who], url)
        print(f"sql-count {url}: {few[url]} with {up_to_few} rows, {count} with {up_to_many}")
        assert count <= few[url] + (slack or {}).get(url, 0), (url, few[url], count)
        if prefix:
            shown = marks(html, prefix)
            assert 0 < shown <= size, (url, shown)
    return few


# -- windows -------------------------------------------------------------------------------------

def test_the_network_the_staff_list_and_coverage_do_not_query_per_window(world):
    def add(start, stop):
        from app.accounts.models import Organisation
        from app.testing.orgs import new_uscc

        with world["app"].app_context():
            for i in range(start, stop):
                kind = ("park", "institution", "enterprise")[i % 3]
                owner = None
                if kind != "park":  # each its own organisation: the staff list names it on every row
                    owner = Organisation(kind=kind, uscc=new_uscc(), name=f"计数网点单位-{i:03d}",
                                         legal_representative="张三", address="银川", region_code="640106",
                                         contact_person="李四", contact_phone="13800000000", status="approved")
                    db.session.add(owner)
                    db.session.flush()
                make_window(kind, f"计数网点-{i:03d}", region_code=("640100", "640300")[i % 2],
                            organisation_id=owner.id if owner else None)

    # One statement more once a list is full: its count (a first page that is not full has none).
    grows(world, [("anonymous", "/windows/", "计数网点", 50), ("platform", "/windows/manage/", "计数网点", 50),
                  ("platform", "/windows/coverage/", None, 0)], add, FEW, MANY,
          slack={"/windows/": 1, "/windows/manage/": 1})


def test_the_window_page_does_not_query_per_service(world):
    with world["app"].app_context():
        items = db.session.scalars(sa.select(ServiceItem.id).where(ServiceItem.visible.is_(True))
                                   .where(ServiceItem.id != world["item_id"]).order_by(ServiceItem.id)).all()
        categories = db.session.scalars(sa.select(ServiceCategory.id).order_by(ServiceCategory.id)).all()
    # an item and a category among the first two: each kind has one query of its own, whatever the count
    refs = [("item", items[0]), ("category", categories[0])] + [("item", i) for i in items[1:]] + \
        [("category", c) for c in categories[1:]]
    assert len(refs) >= 10  # the catalog holds enough to see a query per service

    def add(start, stop):
        with world["app"].app_context():
            for kind, ref in refs[start:stop]:
                db.session.add(WindowService(window_id=world["park"], **{f"{kind}_id": ref}))
            db.session.commit()

    grows(world, [("anonymous", "/windows/count-park", None, 0)], add, 2, len(refs))


# -- appointments --------------------------------------------------------------------------------

def test_booking_day_sheet_and_appointment_lists_do_not_query_per_appointment(world):
    with world["app"].app_context():
        window = db.session.get(ServiceWindow, world["park"])
        today = slot_offer.now_local().date()
        free = [slot for day, slots in sorted(slot_offer.offered(db.session, window).items())
                if day != today for slot in slots]
    assert len(free) >= 40  # the weeks the booking page offers, each slot booked once
    day = free[0].starts_at.date().isoformat()

    def add(start, stop):
        with world["app"].app_context():
            for i, slot in enumerate(free[start:stop], start):
                row = AppointmentSlot(window_id=world["park"], starts_at=slot.starts_at, ends_at=slot.ends_at,
                                      capacity=2, booked=1)
                db.session.add(row)
                db.session.flush()
                db.session.add(Appointment(number=f"YY-2099-{900000 + next(_serial)}", token=f"count-{i}",
                                           slot_id=row.id, window_id=world["park"], organisation_id=world["ent"],
                                           user_id=world["ent_user_id"], item_id=world["item_id"],
                                           starts_at=slot.starts_at, ends_at=slot.ends_at, note=f"计数预约-{i:03d}"))
            db.session.commit()

    grows(world, [("enterprise", "/appointments/book/count-park", None, 0),
                  ("staff", f"/appointments/day/?window=count-park&day={day}", None, 0),
                  ("platform", "/appointments/list/", None, 0),
                  ("enterprise", "/appointments/mine/", None, 0)], add, FEW, len(free),
          slack={"/appointments/list/": 1})  # the count of a FAB list page now full (app.list_loading)
    html = statements_of(world["app"], world["enterprise"], "/appointments/mine/")[1]
    assert html.count('class="qi-appointment-row"') == 25  # one page of the enterprise's appointments


# -- visits --------------------------------------------------------------------------------------

def test_the_visit_list_and_report_do_not_query_per_visit(world):
    def add(start, stop):
        with world["app"].app_context():
            for i in range(start, stop):
                visit = EnterpriseVisit(window_id=world["park"], organisation_id=world["ent"], planned_on=dt.date.today(),
                                        purpose=f"计数走访-{i:03d}", visitor="t_window", created_by="t_window")
                if i % 2:
                    visit.state, visit.done_on, visit.met = DONE, dt.date.today(), "李四"
                db.session.add(visit)
            db.session.commit()

    grows(world, [("staff", "/visits/?list=all", "计数走访", 25), ("staff", "/visits/report/", None, 0)],
          add, FEW, MANY)


# -- samples, the need's case page ---------------------------------------------------------------

def test_the_sample_list_and_the_case_page_do_not_query_per_sample_or_team(world):
    def add(start, stop):
        with world["app"].app_context():
            need = db.session.get(needs_flow.Need, world["need_id"])
            window = db.session.get(ServiceWindow, world["park"])
            for i in range(start, stop):
                samples_flow.receive_sample(db.session, need, window, name=f"计数样品-{i:03d}", actor="t_window")
                team = ExpertTeam(window_id=world["ent_window"], organisation_id=world["ent"], name=f"计数团队-{i:03d}")
                team.members = [ExpertMember(name=f"专家{i}-{k}", field="product") for k in range(2)]
                db.session.add(team)
                db.session.flush()
                db.session.add(TeamNeed(team_id=team.id, need_id=need.id, attached_by="t_window"))
            db.session.commit()

    grows(world, [("staff", "/samples/", "计数样品", 25), ("staff", f"/needs/case/{world['number']}", None, 0)],
          add, FEW, MANY, slack={"/samples/": 1})  # the count of a list now full


# -- equipment -----------------------------------------------------------------------------------

def test_the_equipment_lists_do_not_query_per_instrument_or_booking(world):
    start_day = dt.datetime.combine(dt.date.today() + dt.timedelta(days=3), dt.time(9))

    def add(start, stop):
        with world["app"].app_context():
            for i in range(start, stop):
                instrument = SharedInstrument(organisation_id=world["inst"], name=f"计数仪器-{i:03d}",
                                              measures="拉伸强度", location="银川")
                db.session.add(instrument)
                db.session.flush()
                db.session.add(EquipmentBooking(instrument_id=instrument.id, organisation_id=world["ent"],
                                                institution_id=world["inst"], user_id=world["ent_user_id"],
                                                starts_at=start_day + dt.timedelta(days=i),
                                                ends_at=start_day + dt.timedelta(days=i, hours=2)))
            db.session.commit()

    grows(world, [("anonymous", "/equipment/", "计数仪器", 25), ("institution", "/equipment/own/", "计数仪器", 25),
                  ("institution", "/equipment/bookings/", "计数仪器", 25)], add, FEW, MANY)


# -- packages and teams --------------------------------------------------------------------------

def test_the_package_list_and_page_do_not_query_per_package_or_need(world):
    with world["app"].app_context():
        first = NeedPackage(title="计数包-000", industry="塑料制品", window_id=world["inst_window"],
                            institution_id=world["inst"], stages="production", created_by="t_window")
        db.session.add(first)
        db.session.commit()
        first_id = first.id

    def add(start, stop):
        with world["app"].app_context():
            for i in range(start, stop):
                need, _ = needs_flow.file_need(db.session, need_type="service", title=f"计数包需求{i}",
                                               contact_name="张三", contact="13800000000", actor="t_window",
                                               organisation_id=world["ent"], channel="window",
                                               window_id=world["inst_window"])
                db.session.add(PackageNeed(package_id=first_id, need_id=need.id, open_need_id=need.id,
                                           added_by="t_window"))
                if i:
                    db.session.add(NeedPackage(title=f"计数包-{i:03d}", industry="塑料制品",
                                               window_id=world["inst_window"], institution_id=world["inst"],
                                               stages="production", created_by="t_window"))
            db.session.commit()

    grows(world, [("staff", "/packages/", "计数包", 25), ("staff", f"/packages/{first_id}", None, 0)],
          add, FEW, MANY)


def test_the_team_list_and_page_do_not_query_per_team_member_or_need(world):
    with world["app"].app_context():
        first = ExpertTeam(window_id=world["ent_window"], organisation_id=world["ent"], name="计数专家组-000")
        db.session.add(first)
        db.session.commit()
        first_id = first.id

    def add(start, stop):
        with world["app"].app_context():
            for i in range(start, stop):
                need, _ = needs_flow.file_need(db.session, need_type="service", title=f"计数组需求{i}",
                                               contact_name="张三", contact="13800000000", actor="t_window",
                                               organisation_id=world["ent"], channel="window",
                                               window_id=world["ent_window"])
                db.session.add(ExpertMember(team_id=first_id, name=f"专家{i}", field="product"))
                db.session.add(TeamNeed(team_id=first_id, need_id=need.id, attached_by="t_window"))
                if i:
                    team = ExpertTeam(window_id=world["ent_window"], organisation_id=world["ent"],
                                      name=f"计数专家组-{i:03d}")
                    team.members = [ExpertMember(name=f"组员{i}", field="product")]
                    db.session.add(team)
            db.session.commit()

    grows(world, [("staff", "/teams/", "计数专家组", 25), ("staff", f"/teams/{first_id}", None, 0)],
          add, FEW, MANY)


# -- every default order is read from an index -----------------------------------------------------

def page_query_plan(app, client, url: str, table: str) -> str:
    """SQLite's plan of the statement that reads the page of rows of ``table`` (the one with a LIMIT)."""
    with counting(app) as sent:
        assert client.get(url).status_code == 200, url
    statement, parameters = next((s, p) for s, p in sent if re.search(rf"\bFROM {table}\b", s) and "LIMIT" in s
                                 and "count(" not in s)
    with app.app_context(), db.engine.connect() as connection:
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
    return " | ".join(row[-1] for row in rows)


@pytest.mark.parametrize("who, url, table", [
    ("anonymous", "/windows/", "qi_window"),
    ("platform", "/windows/manage/", "qi_window"),
    ("platform", "/appointments/list/", "qi_appointment"),
    ("platform", "/visits/?list=all", "qi_visit"),
    ("platform", "/samples/", "qi_sample"),
    ("anonymous", "/equipment/", "qi_equipment"),
    ("platform", "/equipment/bookings/", "qi_equipment_booking"),
    ("platform", "/packages/", "qi_need_package"),
    ("platform", "/teams/", "qi_expert_team"),
])
def test_each_list_reads_its_default_order_from_an_index(world, db_kind, who, url, table):
    if db_kind != "sqlite":
        pytest.skip("the plan is read from SQLite's EXPLAIN QUERY PLAN; PostgreSQL's depends on its statistics")
    plan = page_query_plan(world["app"], world[who], url, table)
    assert "TEMP B-TREE FOR ORDER BY" not in plan, plan
