"""Shared equipment (4.2.1-2): the public list, booking without overlaps (one after the other and
at the same moment, on the engine under test), the owner's approval, cancelling, scoping, bad arguments."""
from __future__ import annotations

import datetime as dt
import threading

import pytest
import sqlalchemy as sa

from app.equipment.models import APPROVED, CANCELLED, REFUSED, REQUESTED, EquipmentBooking, SharedInstrument
from app.extensions import db
from app.testing.fixtures import login_client
from app.testing.orgs import MEMBER_PASSWORD, make_org
from app.workdays import today

TOMORROW = (today() + dt.timedelta(days=1)).isoformat()


@pytest.fixture(scope="module")
def world(make_app):
    """An app of its own: two institutions (A with an instrument), two enterprises (each with two members)."""
    app = make_app()
    out = {"app": app}
    with app.app_context():
        for key, kind, name in [("inst_a", "institution", "甲仪器检测中心"), ("inst_b", "institution", "乙仪器检测中心"),
                                ("ent_a", "enterprise", "甲仪器用户企业"), ("ent_b", "enterprise", "乙仪器用户企业")]:
            out[key] = dict(zip(("org", "user"), make_org(kind, name, types="testing" if kind == "institution" else "")))
        from app.accounts.models import UserProfile
        from app.cli import ensure_user

        # a second member of enterprise A: the requester alone cancels
        ensure_user("ent_a_2", MEMBER_PASSWORD, "Enterprise", "ent_a_2@test.local", "二", "")
        user = app.appbuilder.sm.find_user(username="ent_a_2")
        db.session.add(UserProfile(user_id=user.id, organisation_id=out["ent_a"]["org"], real_name="赵六",
                                   id_number="11010519491231002X", display_name="二"))
        db.session.commit()
    return out


def client_of(world, key):
    username = world[key]["user"] if key in world else key
    return login_client(world["app"], username, MEMBER_PASSWORD)


def instrument(world, name="扫描电子显微镜", active=True) -> int:
    with world["app"].app_context():
        row = SharedInstrument(organisation_id=world["inst_a"]["org"], name=name, model="SU8010",
                               measures="表面形貌、微区成分", location="银川市金凤区检测大楼 3 楼", price="600 元/小时",
                               rules="须经培训后上机", active=active)
        db.session.add(row)
        db.session.commit()
        return row.id


def book(client, pk, starts="10:00", ends="12:00", day=TOMORROW):
    return client.post(f"/equipment/{pk}/book", data={"day": day, "starts": starts, "ends": ends, "purpose": "测样"})


def bookings(world, pk) -> list[EquipmentBooking]:
    with world["app"].app_context():
        rows = db.session.scalars(sa.select(EquipmentBooking).where(EquipmentBooking.instrument_id == pk)
                                  .order_by(EquipmentBooking.id)).all()
        db.session.expunge_all()
        return rows


@pytest.mark.clause("4.2.1-2")
def test_an_overlapping_booking_is_refused_and_an_adjacent_one_is_taken(world):
    pk = instrument(world)
    ent_a, ent_b = client_of(world, "ent_a"), client_of(world, "ent_b")
    assert book(ent_a, pk, "10:00", "12:00").status_code == 302
    refused = book(ent_b, pk, "11:30", "13:00")
    assert refused.status_code == 409
    assert "10:00" in refused.get_data(as_text=True)  # says which range is taken
    assert book(ent_b, pk, "09:00", "14:00").status_code == 409  # covering it
    assert book(ent_b, pk, "12:00", "13:00").status_code == 302  # starts when the other ends
    assert [(b.starts_at.hour, b.ends_at.hour) for b in bookings(world, pk)] == [(10, 12), (12, 13)]


@pytest.mark.clause("4.2.1-2")
def test_concurrent_overlapping_bookings_one_succeeds(world):
    """Eight members book overlapping ranges of one instrument at the same moment (own client, own
    session, own thread each): exactly one booking is made, the others are told the time is taken."""
    pk = instrument(world, "电感耦合等离子体质谱仪")
    clients = [client_of(world, "ent_a" if i % 2 else "ent_b") for i in range(8)]
    ranges = [(f"{9 + i % 3:02d}:00", f"{12 + i % 2:02d}:30") for i in range(8)]  # all overlap 11:00–12:30
    barrier, responses, errors = threading.Barrier(len(clients), timeout=60), [], []

    def send(client, rng):
        try:
            barrier.wait()
            responses.append(book(client, pk, *rng).status_code)
        except Exception as exc:  # reported below: a thread's failure must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(c, r)) for c, r in zip(clients, ranges)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert sorted(responses) == [302] + [409] * 7
    assert len(bookings(world, pk)) == 1


@pytest.mark.clause("4.2.1-2")
def test_only_the_owner_approves_and_a_refusal_frees_the_range(world):
    pk = instrument(world, "X 射线衍射仪")
    ent_a = client_of(world, "ent_a")
    assert book(ent_a, pk, "14:00", "16:00").status_code == 302
    booking = bookings(world, pk)[0]
    for outsider in (client_of(world, "inst_b"), ent_a):
        assert outsider.post(f"/equipment/bookings/{booking.id}/approve").status_code in (403, 404)
    assert bookings(world, pk)[0].state == REQUESTED
    owner = client_of(world, "inst_a")
    assert owner.get(f"/equipment/bookings/{booking.id}/approve").status_code == 405  # GET changes nothing
    assert owner.post(f"/equipment/bookings/{booking.id}/refuse", data={"reason": ""}).status_code == 302
    assert bookings(world, pk)[0].state == REQUESTED  # a refusal needs its reason
    assert owner.post(f"/equipment/bookings/{booking.id}/refuse", data={"reason": "当天设备维护"}).status_code == 302
    refused = bookings(world, pk)[0]
    assert refused.state == REFUSED and refused.reason == "当天设备维护"
    assert book(ent_a, pk, "14:00", "16:00").status_code == 302  # the range is free again
    second = bookings(world, pk)[1]
    assert owner.post(f"/equipment/bookings/{second.id}/approve").status_code == 302
    assert bookings(world, pk)[1].state == APPROVED
    assert owner.post(f"/equipment/bookings/{second.id}/refuse", data={"reason": "晚了"}).status_code == 302
    assert bookings(world, pk)[1].state == APPROVED  # decided once
    assert book(client_of(world, "ent_b"), pk, "15:00", "17:00").status_code == 409  # approved holds its range


def test_the_requester_alone_cancels(world):
    pk = instrument(world, "激光粒度仪")
    ent_a = client_of(world, "ent_a")
    assert book(ent_a, pk, "08:00", "09:00").status_code == 302
    booking = bookings(world, pk)[0]
    colleague = client_of(world, "ent_a_2")
    assert colleague.post(f"/equipment/bookings/{booking.id}/cancel").status_code == 403
    assert ent_a.post(f"/equipment/bookings/{booking.id}/cancel").status_code == 302
    assert bookings(world, pk)[0].state == CANCELLED
    assert book(colleague, pk, "08:00", "09:00").status_code == 302


@pytest.mark.parametrize("day, starts, ends, message", [
    ((today() - dt.timedelta(days=1)).isoformat(), "10:00", "11:00", "past"),
    (TOMORROW, "11:00", "10:00", "end after"),
    (TOMORROW, "04:00", "05:00", "from 06:00 to 22:00"),
    ((today() + dt.timedelta(days=400)).isoformat(), "10:00", "11:00", "days ahead"),
])
def test_a_range_out_of_bounds_is_refused_with_a_reason(world, day, starts, ends, message):
    pk = instrument(world, "热分析仪")
    client = client_of(world, "ent_a")
    client.get("/lang/en")
    response = book(client, pk, starts, ends, day)
    assert response.status_code == 409 and message in response.get_data(as_text=True)
    assert bookings(world, pk) == []


def test_each_side_sees_only_its_bookings(world):
    pk = instrument(world, "气相色谱仪")
    assert book(client_of(world, "ent_a"), pk, "10:00", "11:00").status_code == 302
    assert book(client_of(world, "ent_b"), pk, "11:00", "12:00").status_code == 302
    mine = bookings(world, pk)

    def listed(key):
        html = client_of(world, key).get("/equipment/bookings/").get_data(as_text=True)
        return {b.id for b in mine if f'data-id="{b.id}"' in html}

    assert listed("inst_a") == {mine[0].id, mine[1].id}
    assert listed("inst_b") == set()
    assert listed("ent_a") == {mine[0].id}
    assert listed("ent_b") == {mine[1].id}
    assert client_of(world, "ent_b").post(f"/equipment/bookings/{mine[0].id}/cancel").status_code == 404


def test_the_public_list_shows_active_instruments_and_searches(world):
    active, hidden = instrument(world, "原子力显微镜"), instrument(world, "停用的老旧天平", active=False)
    anonymous = world["app"].test_client()
    html = anonymous.get("/equipment/?q=原子力").get_data(as_text=True)
    assert f'data-id="{active}"' in html and f'data-id="{hidden}"' not in html
    assert f'data-id="{hidden}"' not in anonymous.get("/equipment/").get_data(as_text=True)
    assert f'data-id="{active}"' in anonymous.get("/equipment/?region=64").get_data(as_text=True)  # 宁夏
    assert f'data-id="{active}"' not in anonymous.get("/equipment/?region=33").get_data(as_text=True)
    assert f'data-id="{active}"' in anonymous.get("/equipment/?region=640100").get_data(as_text=True)
    assert f'data-id="{active}"' not in anonymous.get("/equipment/?region=640110").get_data(as_text=True)
    assert anonymous.get(f"/equipment/{hidden}").status_code == 404
    page = anonymous.get(f"/equipment/{active}").get_data(as_text=True)
    assert "原子力显微镜" in page and "须经培训后上机" in page
    assert book(client_of(world, "ent_a"), hidden).status_code == 404


@pytest.mark.parametrize("path", ["/equipment/?page=x", "/equipment/?institution=abc", "/equipment/?q=" + "x" * 101,
                                  "/equipment/?region=64x", "/equipment/?region=6401051",
                                  "/equipment/bookings/?state=nope", "/equipment/bookings/?page=-1"])
def test_bad_list_arguments_are_400(world, path):
    assert client_of(world, "inst_a").get(path).status_code == 400


def test_only_the_owner_edits_an_instrument(world):
    pk = instrument(world, "傅里叶红外光谱仪")
    form = {"name": "傅里叶红外光谱仪", "measures": "红外光谱", "location": "2 楼", "active": "y"}
    assert client_of(world, "inst_b").post(f"/equipment/own/{pk}/edit", data=form).status_code == 403
    owner = client_of(world, "inst_a")
    assert owner.post(f"/equipment/own/{pk}/edit", data={**form, "price": "200 元/小时"}).status_code == 302
    with world["app"].app_context():
        assert db.session.get(SharedInstrument, pk).price == "200 元/小时"
    made = owner.post("/equipment/own/new", data={"name": "新仪器", "measures": "硬度", "location": "1 楼", "active": "y"})
    assert made.status_code == 302
    assert owner.post("/equipment/own/new", data={"name": "", "measures": "", "location": ""}).status_code == 422


def test_get_never_changes_a_booking(world):
    pk = instrument(world, "紫外可见分光光度计")
    ent_a = client_of(world, "ent_a")
    assert book(ent_a, pk, "10:00", "11:00").status_code == 302
    booking = bookings(world, pk)[0]
    for path in ("approve", "refuse", "cancel"):
        assert ent_a.get(f"/equipment/bookings/{booking.id}/{path}").status_code == 405
    assert ent_a.get(f"/equipment/{pk}/book?day={TOMORROW}&starts=12:00&ends=13:00").status_code == 200
    assert [b.state for b in bookings(world, pk)] == [REQUESTED]


@pytest.mark.clause("4.2.1-2")
def test_concurrent_booking_calls_in_own_sessions_make_one_booking(world):
    """The booking function itself, twelve sessions at once on overlapping ranges: one booking."""
    from app.equipment import booking as booking_flow

    app, pk = world["app"], instrument(world, "核磁共振波谱仪")
    with app.app_context():
        user_id = app.appbuilder.sm.find_user(username=world["ent_a"]["user"]).id
    day = today() + dt.timedelta(days=2)
    barrier, outcomes, errors = threading.Barrier(12, timeout=60), [], []

    def attempt(i):
        try:
            with app.app_context():
                barrier.wait()
                try:
                    booking_flow.request_booking(db.session, pk, user_id=user_id, organisation_id=world["ent_a"]["org"],
                                                 day=day, starts=dt.time(8 + i % 4), ends=dt.time(13 + i % 3))
                    db.session.commit()
                    outcomes.append("booked")
                except booking_flow.BookingError:
                    db.session.rollback()
                    outcomes.append("refused")
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert sorted(outcomes) == ["booked"] + ["refused"] * 11
    assert len(bookings(world, pk)) == 1


def test_a_member_without_an_organisation_cannot_book(world, make_app):
    from app.testing.fixtures import USERS, add_users

    add_users(world["app"])
    pk = instrument(world, "无组织不可预约")
    lone = login_client(world["app"], "t_enterprise", USERS["t_enterprise"][1])
    assert book(lone, pk).status_code == 302
    assert bookings(world, pk) == []


def _messages(world, username) -> list[tuple[str, str, str]]:
    with world["app"].app_context():
        return [tuple(r) for r in db.session.execute(sa.text(
            "select m.title_zh, m.title_en, m.body_en from qi_message m join ab_user u on u.id = m.user_id "
            "where u.username = :u order by m.id"), {"u": username})]


def test_the_owner_hears_of_each_request_and_the_requester_of_each_decision(world):
    pk = instrument(world, "原子吸收光谱仪")
    owner_before = len(_messages(world, world["inst_a"]["user"]))
    requester_before = len(_messages(world, world["ent_a"]["user"]))
    ent_a, owner = client_of(world, "ent_a"), client_of(world, "inst_a")
    assert book(ent_a, pk, "09:00", "10:00").status_code == 302
    told = _messages(world, world["inst_a"]["user"])[owner_before:]
    assert [t[1] for t in told] == ["Booking requested: 原子吸收光谱仪"]
    assert told[0][0] == "仪器预约申请：原子吸收光谱仪"
    assert not any("原子吸收光谱仪" in t[0] for t in _messages(world, world["inst_b"]["user"]))  # not the owner
    first = bookings(world, pk)[0]
    assert owner.post(f"/equipment/bookings/{first.id}/refuse", data={"reason": "当天校准"}).status_code == 302
    assert book(ent_a, pk, "10:00", "11:00").status_code == 302
    second = bookings(world, pk)[1]
    assert owner.post(f"/equipment/bookings/{second.id}/approve").status_code == 302
    decisions = _messages(world, world["ent_a"]["user"])[requester_before:]
    assert [t[1] for t in decisions] == ["Booking refused: 原子吸收光谱仪", "Booking approved: 原子吸收光谱仪"]
    assert "当天校准" in decisions[0][2] and "10:00–11:00" in decisions[1][2]
