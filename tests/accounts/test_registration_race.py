"""Eight simultaneous identical self-registrations (issue 10, finding 15): one account, seven clear
translated refusals, no 500, and nothing of the winner's deleted by the losers' cleanup."""
import threading

import sqlalchemy as sa

from app.accounts.models import Organisation, UserProfile
from app.extensions import db
from tests.conftest import login

from .test_registration import form

RACERS = 8


def test_simultaneous_identical_registrations_make_one_account(make_app):
    app = make_app()
    data = form(n="racer@race.example.cn")
    start = threading.Barrier(RACERS, timeout=30)
    results = [None] * RACERS

    def register(i):
        client = app.test_client()
        client.get("/lang/en")
        payload = {k: (v if not isinstance(v, tuple) else (__import__("io").BytesIO(v[0].getvalue()), v[1]))
                   for k, v in data.items()}
        start.wait()
        response = client.post("/register/", data=payload, content_type="multipart/form-data")
        results[i] = (response.status_code, response.get_data(as_text=True))

    threads = [threading.Thread(target=register, args=(i,), daemon=True) for i in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(not t.is_alive() for t in threads) and all(results)
    codes = sorted(code for code, _ in results)
    assert codes == [302] + [422] * (RACERS - 1), codes
    refusals = [body for code, body in results if code == 422]
    assert all("This login name is taken." in body for body in refusals)
    with app.app_context():
        users = db.session.scalars(sa.select(app.appbuilder.sm.user_model)
                                   .where(app.appbuilder.sm.user_model.username == data["login"])).all()
        assert len(users) == 1
        orgs = db.session.scalars(sa.select(Organisation).where(Organisation.uscc == data["uscc"])).all()
        assert len(orgs) == 1
        profile = db.session.scalar(sa.select(UserProfile).where(UserProfile.user_id == users[0].id))
        assert profile is not None and profile.organisation_id == orgs[0].id
    assert login(app.test_client(), data["login"], data["password"]).status_code == 302
