"""The demo's published passwords (issue 10, finding 16): ``flask qi demo`` refuses a database that is
not a demo, and outside demo mode no sign-in with a demo password succeeds, form or REST, even on a
database that got the demo users."""
from app.demo import DEMO_USERS, demo_logins
from tests.conftest import login


def test_demo_refuses_to_run_outside_demo_mode(make_app):
    app = make_app(QI_DEMO=False)
    refused = app.test_cli_runner().invoke(args=["qi", "demo"])
    assert refused.exit_code != 0 and "QI_DEMO=1" in refused.output
    with app.app_context():
        assert app.appbuilder.sm.find_user(username="admin") is None
    confirmed = app.test_cli_runner().invoke(args=["qi", "demo", "--yes-this-is-a-demo"])
    assert confirmed.exit_code == 0, confirmed.output
    with app.app_context():
        assert app.appbuilder.sm.find_user(username="admin") is not None


def test_demo_passwords_sign_nobody_in_outside_demo_mode(make_app):
    demo = make_app(QI_DEMO=True)
    assert demo.test_cli_runner().invoke(args=["qi", "demo"]).exit_code == 0
    production = make_app(init=False, QI_DEMO=False, SQLALCHEMY_DATABASE_URI=demo.config["SQLALCHEMY_DATABASE_URI"])
    for _role, user, password in demo_logins():
        assert "/login/" in login(production.test_client(), user, password).headers["Location"], user
        api = production.test_client().post("/api/v1/security/login", json={
            "username": user, "password": password, "provider": "db"})
        assert api.status_code == 401, user
    # the same accounts and passwords work where demo mode is on
    admin_password = next(pw for user, _role, pw, *_ in DEMO_USERS if user == "admin")
    assert login(demo.test_client(), "admin", admin_password).headers["Location"].endswith("/dashboard/")
