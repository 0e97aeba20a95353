"""Booking, cancelling, moving and marking appointments through the pages, and who sees what (4.2.2-3)."""
import datetime as dt
import re

import pytest
from sqlalchemy import select, update

from app.appointments import slots as slot_offer
from app.appointments.models import Appointment
from app.extensions import db
from app.testing.fixtures import login_client
from app.testing.orgs import MEMBER_PASSWORD
from app.windows.models import WindowHours

from .helpers import appointment, bookable_slots, booked, first_item_code, holding, window_with_item

TOKENS = iter(f"{n:032x}" for n in range(10**6, 10**7))


@pytest.fixture
def enterprise(app, org_factory):
    """A signed-in member of a new enterprise: (client, organisation id)."""
    org_id, username = org_factory("enterprise", "预约企业有限公司")
    return login_client(app, username, MEMBER_PASSWORD), org_id


def _book(client, code, slot, token=None, item=None, phone="13912345678"):
    return client.post(f"/appointments/book/{code}/slot?at={slot.key}",
                       data={"token": token or next(TOKENS), "item": item or first_item_code(client.application), "note": "带样品 3 件",
                             "contact_phone": phone})


def _number(response):
    return response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]


@pytest.mark.clause("4.2.2-3")
def test_an_enterprise_books_a_free_place_from_the_week_view(app, window_factory, enterprise):
    client, org_id = enterprise
    window_id, code = window_with_item(app, capacity=2)
    slot = bookable_slots(app, window_id)[0]
    week = client.get(f"/appointments/book/{code}")
    assert week.status_code == 200
    assert f'href="/appointments/book/{code}/slot?at={slot.key}"'.encode() in week.data.replace(b"&amp;", b"&")
    form = client.get(f"/appointments/book/{code}/slot?at={slot.key}")
    assert form.status_code == 200 and b'name="token"' in form.data
    assert b'value="13800000000"' in form.data  # the phone for the reminder: the enterprise's contact phone
    response = _book(client, code, slot)
    assert response.status_code == 302
    number = _number(response)
    assert re.fullmatch(r"YY-\d{4}-\d{6}", number)
    page = client.get(f"/appointments/show/{number}")
    assert page.status_code == 200 and slot.starts_at.strftime("%Y-%m-%d %H:%M").encode() in page.data
    assert booked(app, window_id, slot.starts_at) == 1
    stored = appointment(app, number)
    assert (stored.organisation_id, stored.state, stored.note) == (org_id, "booked", "带样品 3 件")
    assert number.encode() in client.get("/appointments/mine/").data
    # the week view now shows one free place left in that slot
    assert f'data-slot="{slot.key}" data-free="1"'.encode() in client.get(f"/appointments/book/{code}").data


@pytest.mark.clause("4.2.2-3")
def test_a_full_slot_is_refused_and_nothing_changes(app, window_factory, enterprise, org_factory):
    client, _ = enterprise
    window_id, code = window_with_item(app, capacity=1)
    slot = bookable_slots(app, window_id)[0]
    assert _book(client, code, slot).status_code == 302
    other = login_client(app, org_factory("enterprise", "晚到企业")[1], MEMBER_PASSWORD)
    refused = _book(other, code, slot)
    assert refused.status_code == 409
    assert "已约满".encode() in refused.data
    assert booked(app, window_id, slot.starts_at) == 1 == holding(app, window_id, slot.starts_at)


def test_a_form_sent_twice_books_once(app, window_factory, enterprise):
    client, _ = enterprise
    window_id, code = window_with_item(app, capacity=3)
    slot = bookable_slots(app, window_id)[0]
    first, second = _book(client, code, slot, token="a" * 32), _book(client, code, slot, token="a" * 32)
    assert _number(first) == _number(second)
    assert booked(app, window_id, slot.starts_at) == 1 == holding(app, window_id, slot.starts_at)


def test_an_enterprise_books_a_slot_once(app, window_factory, enterprise):
    client, _ = enterprise
    window_id, code = window_with_item(app, capacity=3)
    slot = bookable_slots(app, window_id)[0]
    assert _book(client, code, slot).status_code == 302
    again = _book(client, code, slot)
    assert again.status_code == 409 and "已有一个预约".encode() in again.data
    assert booked(app, window_id, slot.starts_at) == 1


def test_only_the_services_of_the_window_can_be_booked(app, window_factory, enterprise):
    from app.catalog.models import ServiceItem

    client, _ = enterprise
    window_id, code = window_with_item(app)
    slot = bookable_slots(app, window_id)[0]
    with app.app_context():
        other_item = db.session.scalar(select(ServiceItem.code).where(ServiceItem.code != first_item_code(app),
                                                                      ServiceItem.visible.is_(True)))
    refused = _book(client, code, slot, item=other_item)
    assert refused.status_code == 422 and booked(app, window_id, slot.starts_at) is None
    # a window that lists no services takes any item
    open_id, open_code = window_with_item(app, listed=False)
    assert _book(client, open_code, bookable_slots(app, open_id)[0], item=other_item).status_code == 302


def test_bad_input_is_refused_with_a_message(app, window_factory, enterprise):
    client, _ = enterprise
    window_id, code = window_with_item(app)
    assert client.get(f"/appointments/book/{code}/slot?at=tomorrow").status_code == 400
    assert client.get("/appointments/book/no-such-window").status_code == 404
    assert client.get("/appointments/mine/?page=x").status_code == 400
    slot = bookable_slots(app, window_id)[0]
    bad_phone = _book(client, code, slot, phone="call me")
    assert bad_phone.status_code == 422 and booked(app, window_id, slot.starts_at) is None
    # a time the window does not open is sent back to the week
    closed = client.get(f"/appointments/book/{code}/slot?at={slot.starts_at.date()}T03:00")
    assert closed.status_code == 302 and closed.headers["Location"].endswith(f"/appointments/book/{code}")


def test_the_anonymous_are_sent_to_sign_in_and_others_only_look(app, window_factory, anonymous_client,
                                                                 window_staff_client, institution_client):
    _, code = window_with_item(app)
    response = anonymous_client.get(f"/appointments/book/{code}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    staff_view = window_staff_client.get(f"/appointments/book/{code}")
    assert staff_view.status_code == 200 and b"qi-slot-book" not in staff_view.data
    assert institution_client.get(f"/appointments/book/{code}").status_code == 403


@pytest.mark.clause("4.2.2-3")
def test_cancelling_gives_the_place_back(app, window_factory, enterprise):
    client, _ = enterprise
    window_id, code = window_with_item(app, capacity=1)
    slot = bookable_slots(app, window_id)[0]
    number = _number(_book(client, code, slot))
    assert client.post(f"/appointments/show/{number}/cancel").status_code == 302
    assert booked(app, window_id, slot.starts_at) == 0
    assert client.post(f"/appointments/show/{number}/cancel").status_code == 302  # refused, counted once
    assert booked(app, window_id, slot.starts_at) == 0
    assert _book(client, code, slot).status_code == 302  # the place, and the enterprise's slot, are free again


@pytest.mark.clause("4.2.2-3")
def test_moving_takes_the_new_place_and_gives_the_old_back_or_changes_nothing(app, window_factory, enterprise,
                                                                              org_factory):
    client, _ = enterprise
    window_id, code = window_with_item(app, capacity=1)
    first, second, third = bookable_slots(app, window_id)[:3]
    number = _number(_book(client, code, first))
    other = login_client(app, org_factory("enterprise", "占位企业")[1], MEMBER_PASSWORD)
    assert _book(other, code, third).status_code == 302
    assert client.get(f"/appointments/show/{number}/move").status_code == 200
    full = client.post(f"/appointments/show/{number}/move", data={"at": third.key})
    assert full.status_code == 302 and full.headers["Location"].endswith("/move")
    assert (booked(app, window_id, first.starts_at), booked(app, window_id, third.starts_at)) == (1, 1)
    moved = client.post(f"/appointments/show/{number}/move", data={"at": second.key})
    assert moved.status_code == 302 and moved.headers["Location"].endswith(f"/appointments/show/{number}")
    assert (booked(app, window_id, first.starts_at), booked(app, window_id, second.starts_at)) == (0, 1)
    assert appointment(app, number).starts_at == second.starts_at
    assert client.post(f"/appointments/show/{number}/move", data={"at": "soon"}).status_code == 400


def test_window_staff_mark_attended_or_no_show_once_the_slot_has_started(app, window_factory, enterprise,
                                                                         window_staff_client, monkeypatch):
    client, _ = enterprise
    window_id, code = window_with_item(app)
    slot = bookable_slots(app, window_id)[0]
    number = _number(_book(client, code, slot))
    early = window_staff_client.post(f"/appointments/show/{number}/mark", data={"state": "attended"})
    assert early.status_code == 302
    assert appointment(app, number).state == "booked"
    monkeypatch.setattr(slot_offer, "now_local", lambda: slot.starts_at + dt.timedelta(minutes=5))
    # the enterprise cannot mark its own appointment
    client.post(f"/appointments/show/{number}/mark", data={"state": "attended"})
    assert appointment(app, number).state == "booked"
    sheet = window_staff_client.get(f"/appointments/day/?window={code}&day={slot.starts_at.date()}")
    assert sheet.status_code == 200 and number.encode() in sheet.data and b"qi-mark-form" in sheet.data
    # the day's sheet shows the bookers' phones: reading it is in the audit trail, and so is the
    # appointment's page opened by staff, not the enterprise's own look at it
    window_staff_client.get(f"/appointments/show/{number}")
    client.get(f"/appointments/show/{number}")
    with app.app_context():
        from app.audit.models import AuditEntry

        stored_id = db.session.scalar(select(Appointment.id).where(Appointment.number == number))
        views = db.session.execute(select(AuditEntry.actor, AuditEntry.record_id, AuditEntry.details)
                                   .where(AuditEntry.kind == "view_personal", AuditEntry.table_name == "qi_appointment",
                                          AuditEntry.details.like(f'%"{code}"%') | (AuditEntry.record_id == str(stored_id)))
                                   .order_by(AuditEntry.id)).all()
    assert [(v.actor, v.record_id) for v in views] == [("t_window", None), ("t_window", str(stored_id))], views
    assert f"[{stored_id}]" in views[0].details
    assert window_staff_client.post(f"/appointments/show/{number}/mark",
                                    data={"state": "gone"}).status_code == 400
    done = window_staff_client.post(f"/appointments/show/{number}/mark", data={"state": "no_show", "back": "day"})
    assert done.status_code == 302 and "/appointments/day/" in done.headers["Location"]
    assert appointment(app, number).state == "no_show"
    # started: it can no longer be cancelled or moved
    client.post(f"/appointments/show/{number}/cancel")
    assert appointment(app, number).state == "no_show"


@pytest.mark.clause("4.2.2-3")
def test_each_role_sees_only_its_appointments(app, window_factory, enterprise, org_factory, window_staff_client,
                                              platform_staff_client):
    client, _ = enterprise
    mine_id, mine_code = window_with_item(app)  # worked by t_window
    other_id, other_code = window_with_item(app, staff=())
    ours = _number(_book(client, mine_code, bookable_slots(app, mine_id)[0]))
    theirs_client = login_client(app, org_factory("enterprise", "别家企业")[1], MEMBER_PASSWORD)
    theirs = _number(_book(theirs_client, other_code, bookable_slots(app, other_id)[0]))
    assert theirs_client.get(f"/appointments/show/{ours}").status_code == 404
    assert theirs_client.post(f"/appointments/show/{ours}/cancel").status_code == 404
    assert ours.encode() not in theirs_client.get("/appointments/mine/").data
    assert window_staff_client.get(f"/appointments/show/{ours}").status_code == 200
    assert window_staff_client.get(f"/appointments/show/{theirs}").status_code == 404
    listed = window_staff_client.get("/appointments/list/").data
    assert ours.encode() in listed and theirs.encode() not in listed
    exported = window_staff_client.get("/appointments/export/").data
    assert ours.encode() in exported and theirs.encode() not in exported
    assert window_staff_client.get(f"/appointments/day/?window={other_code}").status_code == 400
    platform = platform_staff_client.get("/appointments/list/").data
    assert ours.encode() in platform and theirs.encode() in platform
    assert platform_staff_client.get(f"/appointments/day/?window={other_code}").status_code == 200


def test_lowering_the_capacity_keeps_the_appointments_and_refuses_new_ones(app, window_factory,
                                                                           enterprise, org_factory):
    client, _ = enterprise
    window_id, code = window_with_item(app, capacity=2)
    slot = bookable_slots(app, window_id)[0]
    second = login_client(app, org_factory("enterprise", "第二家企业")[1], MEMBER_PASSWORD)
    assert _book(client, code, slot).status_code == 302 and _book(second, code, slot).status_code == 302
    with app.app_context():
        db.session.execute(update(WindowHours).where(WindowHours.window_id == window_id).values(capacity=1))
        db.session.commit()
    third = login_client(app, org_factory("enterprise", "第三家企业")[1], MEMBER_PASSWORD)
    assert _book(third, code, slot).status_code == 409
    assert booked(app, window_id, slot.starts_at) == 2 == holding(app, window_id, slot.starts_at)
    # one cancels: still at the new capacity, so no place opens
    with app.app_context():
        number = db.session.scalar(select(Appointment.number).where(Appointment.window_id == window_id).limit(1))
    client.post(f"/appointments/show/{number}/cancel")
    second.post(f"/appointments/show/{number}/cancel")
    assert booked(app, window_id, slot.starts_at) == 1
    assert _book(third, code, slot).status_code == 409


def test_the_booker_is_told_when_the_window_cancels_or_moves_their_appointment(app, window_factory, enterprise,
                                                                               window_staff_client):
    from app.notify.models import Message

    client, _ = enterprise
    window_id, code = window_with_item(app, capacity=2)
    first, second = bookable_slots(app, window_id)[:2]
    own, theirs = _number(_book(client, code, first)), _number(_book(client, code, second))
    booker = appointment(app, own).user_id

    def titles():
        with app.app_context():
            return list(db.session.scalars(select(Message.title_zh).where(Message.user_id == booker)
                                           .order_by(Message.id)))

    client.post(f"/appointments/show/{own}/cancel")  # the enterprise's own cancellation: no message
    assert titles() == []
    window_staff_client.post(f"/appointments/show/{theirs}/move", data={"at": first.key})
    window_staff_client.post(f"/appointments/show/{theirs}/cancel")
    assert titles() == [f"您的预约 {theirs} 已被窗口改约", f"您的预约 {theirs} 已被窗口取消"]
