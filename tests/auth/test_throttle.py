"""Sign-in throttling (issue 10, finding 6): per account and per client address, in the database, so
that it holds across worker processes; the form flashes a translated message, the REST login says 429."""
import datetime as dt

import pytest

from app.auth import throttle
from app.cli import ensure_user
from tests.conftest import login

MAX, PER_ADDRESS, MINUTES = 3, 6, 10
SETTINGS = {"QI_LOGIN_MAX_FAILURES": MAX, "QI_LOGIN_MAX_FAILURES_PER_ADDRESS": PER_ADDRESS,
            "QI_LOGIN_LOCKOUT_MINUTES": MINUTES}
LOCKED = "Too many failed sign-in attempts"


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves: ``clock.advance(minutes=…)``."""
    class Clock:
        current = dt.datetime(2026, 11, 26, 9, 0)

        def advance(self, **delta):
            self.current += dt.timedelta(**delta)

    moving = Clock()
    monkeypatch.setattr(throttle, "now", lambda: moving.current)
    return moving


@pytest.fixture
def throttled(make_app):
    app = make_app(**SETTINGS)
    with app.app_context():
        ensure_user("victim", "pw-victim-123", "Enterprise", "victim@test.local", "V", "T")
        ensure_user("attacker", "pw-attacker-123", "Enterprise", "attacker@test.local", "A", "T")
    return app


def api_login(client, username, password, address="127.0.0.1"):
    return client.post("/api/v1/security/login", json={"username": username, "password": password, "provider": "db"},
                       environ_base={"REMOTE_ADDR": address})


def form_login(client, username, password, address="127.0.0.1"):
    client.environ_base["REMOTE_ADDR"] = address
    response = client.post("/login/", data={"username": username, "password": password}, follow_redirects=True)
    return response


@pytest.mark.clause("4.1-6")
def test_failures_lock_the_account_on_form_and_api_and_the_right_password_is_refused(throttled, clock):
    client = throttled.test_client()
    for n in range(MAX):
        assert api_login(client, "victim", f"wrong-{n}", address=f"10.0.0.{n}").status_code == 401
    locked = api_login(client, "victim", "pw-victim-123", address="10.9.9.9")
    assert locked.status_code == 429 and "登录失败次数过多" in locked.get_json()["message"]  # zh by default
    page = form_login(client, "victim", "pw-victim-123", address="10.9.9.8")
    assert "登录失败次数过多" in page.get_data(as_text=True)
    assert "/login/" in page.request.path  # still signed out


def test_an_unknown_name_is_locked_the_same_way(throttled, clock):
    """The message does not tell whether the account exists."""
    client = throttled.test_client()
    for n in range(MAX):
        assert api_login(client, "nobody-here", "wrong", address=f"10.1.0.{n}").status_code == 401
    assert api_login(client, "nobody-here", "wrong", address="10.1.9.9").status_code == 429


def test_lockout_holds_across_two_processes_on_one_database(throttled, make_app, clock):
    """Two apps on one database are two workers' views: failures in one lock the account in the other."""
    other = make_app(init=False, SQLALCHEMY_DATABASE_URI=throttled.config["SQLALCHEMY_DATABASE_URI"], **SETTINGS)
    first, second = throttled.test_client(), other.test_client()
    for n in range(MAX):
        worker = first if n % 2 else second
        assert api_login(worker, "victim", "wrong", address=f"10.2.0.{n}").status_code == 401
    for worker in (first, second):
        assert api_login(worker, "victim", "pw-victim-123", address="10.2.9.9").status_code == 429


def test_lockout_ends_after_the_configured_time(throttled, clock):
    client = throttled.test_client()
    for n in range(MAX):
        api_login(client, "victim", "wrong", address=f"10.3.0.{n}")
    clock.advance(minutes=MINUTES - 1)
    assert api_login(client, "victim", "pw-victim-123", address="10.3.9.9").status_code == 429
    clock.advance(minutes=1, seconds=1)
    assert api_login(client, "victim", "pw-victim-123", address="10.3.9.9").status_code == 200


def test_a_success_clears_the_account_count_only(throttled, clock):
    """The owner's good sign-in restarts their account's count."""
    client = throttled.test_client()
    for n in range(MAX - 1):
        api_login(client, "victim", "wrong", address=f"10.4.0.{n}")
    assert api_login(client, "victim", "pw-victim-123", address="10.4.9.9").status_code == 200
    for n in range(MAX - 1):
        assert api_login(client, "victim", "wrong", address=f"10.4.1.{n}").status_code == 401
    assert api_login(client, "victim", "pw-victim-123", address="10.4.9.9").status_code == 200


def test_per_address_limit_is_independent_of_the_account(throttled, clock):
    """One address trying many names is locked out, and its own good sign-in does not clear that."""
    client = throttled.test_client()
    attacker = "10.5.5.5"
    for n in range(PER_ADDRESS - 1):
        assert api_login(client, f"guess-{n}", "wrong", address=attacker).status_code == 401
    assert api_login(client, "attacker", "pw-attacker-123", address=attacker).status_code == 200
    assert api_login(client, "guess-x", "wrong", address=attacker).status_code == 401
    # PER_ADDRESS failures now, none of them MAX times against one name
    assert api_login(client, "victim", "pw-victim-123", address=attacker).status_code == 429
    assert api_login(client, "attacker", "pw-attacker-123", address=attacker).status_code == 429
    # the victim, from elsewhere, is not locked: the account count never reached its limit
    assert api_login(client, "victim", "pw-victim-123", address="10.5.9.9").status_code == 200


def test_the_form_flashes_the_translated_message(throttled, clock):
    client = throttled.test_client()
    for n in range(MAX):
        assert form_login(client, "victim", "wrong", address=f"10.6.0.{n}").status_code == 200
    zh = form_login(client, "victim", "pw-victim-123", address="10.6.9.9").get_data(as_text=True)
    assert "登录失败次数过多" in zh
    client.get("/lang/en")
    en = form_login(client, "victim", "pw-victim-123", address="10.6.9.9").get_data(as_text=True)
    assert LOCKED in en
