"""The last place of a slot goes to exactly one booker, even at the same moment (4.2.2-3).

Each racer runs in its own thread with its own application context, so its own session and its own
database connection, and they start together at a barrier; on SQLite and PostgreSQL (``--db``).
After every race the slot's counter equals the appointments holding a place in it.
"""
import threading

import pytest
from sqlalchemy import select

from app.appointments import booking
from app.appointments.models import Appointment
from app.catalog.models import ServiceItem
from app.extensions import db
from app.testing.fixtures import login_client
from app.testing.orgs import MEMBER_PASSWORD, make_org
from app.windows.models import ServiceWindow

from .helpers import bookable_slots, booked, first_item_code, holding, window_with_item

RACERS = 10
TIMEOUT = 120


@pytest.fixture(scope="module")
def enterprises(app):
    """RACERS + 2 enterprises: (organisation id, user id, username) each."""
    from flask_appbuilder.security.sqla.models import User

    out = []
    with app.app_context():
        for n in range(RACERS + 2):
            org_id, username = make_org("enterprise", f"抢号企业{n}")
            out.append((org_id, db.session.scalar(select(User.id).where(User.username == username)), username))
    return out


def _race(target, arguments) -> tuple[list, list]:
    """Run ``target(start, *args)`` for each args at once; (results, errors)."""
    start = threading.Barrier(len(arguments))
    results, errors = [], []

    def run(*args):
        try:
            results.append(target(start, *args))
        except Exception as exc:  # reported by the test: a racer's failure must fail it
            errors.append(repr(exc))

    threads = [threading.Thread(target=run, args=args) for args in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a racer is still waiting"
    return results, errors


def _book(app, window_id, slot, org_id, user_id, token, start=None):
    """Book in a fresh application context (own session and connection); True when booked."""
    with app.app_context():
        try:
            window = db.session.get(ServiceWindow, window_id)
            item = db.session.scalar(select(ServiceItem).where(ServiceItem.code == first_item_code(app)))
            if start is not None:
                start.wait(timeout=30)
            _, new = booking.book(db.session, window=window, starts_at=slot.starts_at, organisation_id=org_id,
                                  user_id=user_id, item=item, token=token)
            return new
        except booking.BookingError:
            return False
        finally:
            db.session.remove()


@pytest.mark.clause("4.2.2-3")
def test_racing_bookers_for_the_last_place_get_it_exactly_once(app, enterprises, db_kind):
    window_id, _ = window_with_item(app, capacity=3, staff=())
    slot = bookable_slots(app, window_id)[0]
    for n, (org_id, user_id, _) in enumerate(enterprises[:2]):
        assert _book(app, window_id, slot, org_id, user_id, f"{n:032x}")
    racers = [(app, window_id, slot, org_id, user_id, f"{n + 100:032x}")
              for n, (org_id, user_id, _) in enumerate(enterprises[2:])]
    results, errors = _race(lambda start, *args: _book(*args, start=start), racers)
    assert errors == []
    assert sorted(results) == [False] * (RACERS - 1) + [True], db_kind
    assert booked(app, window_id, slot.starts_at) == 3 == holding(app, window_id, slot.starts_at)


def _move(app, number, slot, start):
    with app.app_context():
        try:
            appointment = db.session.scalar(select(Appointment).where(Appointment.number == number))
            start.wait(timeout=30)
            booking.reschedule(db.session, appointment, slot.starts_at, actor="racer")
            return True
        except booking.BookingError:
            return False
        finally:
            db.session.remove()


@pytest.mark.clause("4.2.2-3")
def test_racing_moves_into_the_last_place_get_it_exactly_once(app, enterprises, db_kind):
    movers, fillers = enterprises[:6], enterprises[6:11]
    window_id, _ = window_with_item(app, capacity=len(movers), staff=())
    here, there = bookable_slots(app, window_id)[:2]
    for n, (org_id, user_id, _) in enumerate(movers):
        assert _book(app, window_id, here, org_id, user_id, f"{n + 200:032x}")
    for n, (org_id, user_id, _) in enumerate(fillers):
        assert _book(app, window_id, there, org_id, user_id, f"{n + 300:032x}")
    with app.app_context():
        numbers = list(db.session.scalars(select(Appointment.number).where(Appointment.window_id == window_id,
                                                                           Appointment.starts_at == here.starts_at)))
    results, errors = _race(lambda start, number: _move(app, number, there, start), [(n,) for n in numbers])
    assert errors == []
    assert sorted(results) == [False] * (len(movers) - 1) + [True], db_kind
    assert booked(app, window_id, there.starts_at) == len(movers) == holding(app, window_id, there.starts_at)
    assert booked(app, window_id, here.starts_at) == len(movers) - 1 == holding(app, window_id, here.starts_at)


@pytest.mark.clause("4.2.2-3")
def test_racing_requests_through_the_booking_page_fill_the_slot_and_no_more(app, enterprises, db_kind):
    """The whole request path at once: each racer a signed-in client posting the booking form; one of
    them sends its form twice at the same moment, which books once."""
    window_id, code = window_with_item(app, capacity=2, staff=())
    slot = bookable_slots(app, window_id)[0]
    clients = [login_client(app, username, MEMBER_PASSWORD) for _, _, username in enterprises[:6]]
    item = first_item_code(app)
    posts = [(client, f"{n + 400:032x}") for n, client in enumerate(clients)] + [(clients[0], f"{400:032x}")]

    def post(start, client, token):
        start.wait(timeout=30)
        response = client.post(f"/appointments/book/{code}/slot?at={slot.key}",
                               data={"token": token, "item": item, "contact_phone": "13900000000"})
        return response.status_code, response.headers.get("Location", "")

    results, errors = _race(post, posts)
    assert errors == []
    codes = sorted(status for status, _ in results)
    assert set(codes) <= {302, 409}, codes
    assert booked(app, window_id, slot.starts_at) == 2 == holding(app, window_id, slot.starts_at), db_kind
    shown = {location.rsplit("/", 1)[-1] for status, location in results if status == 302}
    assert len(shown) == 2  # the double post landed on its first booking, or lost with its twin
