"""Turning due instruments into a calibration request (5.2 (2)), a need of the platform, and the institution's
answer through the need's steps."""
import datetime as dt

import pytest
import sqlalchemy as sa

from app.accounts.models import Organisation
from app.extensions import db
from app.needs import states as need_states
from app.needs.flow import FlowError, file_need, take_step
from app.needs.matching import candidates
from app.needs.models import Need, NeedEvent
from plugins.metrology.ledger import candidates_for
from plugins.metrology.models import Instrument, MetrologyCapability, add_months
from tests.accounts.helpers import make_org
from tests.conftest import login

PASSWORD = "pw-member-123"
TODAY = dt.date.today()


@pytest.fixture(scope="module")
def world(app):
    """An enterprise with due instruments; a near institution covering pressure gauges and balances, a
    far one covering only balances, one with an expired authorisation and one for calibration only."""
    with app.app_context():
        enterprise, user = make_org("enterprise", "丁请求测试有限公司")
        near, near_user = make_org("institution", "银川请求测试计量所", types="metrology")
        far, far_user = make_org("institution", "外省请求测试计量院", types="metrology")
        expired, _ = make_org("institution", "过期请求测试计量所", types="metrology")
        db.session.get(Organisation, far).region_code = "110105"  # another province
        caps = [(near, "压力表", "verification", None), (near, "电子天平", "verification", None),
                (far, "电子天平", "verification", None), (expired, "压力表", "verification", dt.date(2020, 1, 1)),
                (far, "温湿度计", "calibration", None)]
        for org, kind, method, until in caps:
            db.session.add(MetrologyCapability(organisation_id=org, instrument_type=kind, method=method,
                                               authorisation_number=f"(宁)法计{org}{kind}", valid_until=until))
        due = add_months(TODAY, -12) + dt.timedelta(days=5)
        ids = {}
        for serial, name, method in [("RQ-1", "精密压力表", "verification"), ("RQ-2", "电子天平", "verification"),
                                     ("RQ-3", "温湿度计", "calibration"), ("RQ-4", "扭矩扳手", "calibration")]:
            instrument = Instrument(organisation_id=enterprise, name=name, serial_number=serial, method=method,
                                    cycle_months=12, last_date=due)
            db.session.add(instrument)
            db.session.flush()
            ids[serial] = instrument.id
        db.session.commit()
        return {"enterprise": enterprise, "user": user, "near": near, "near_user": near_user, "far": far,
                "far_user": far_user, "expired": expired, "ids": ids}


def client_of(app, username):
    client = app.test_client()
    assert login(client, username, PASSWORD).status_code == 302
    return client


@pytest.mark.clause("5.2")
def test_candidates_cover_by_type_and_method_nearest_first(app, world):
    with app.app_context():
        instruments = list(db.session.scalars(sa.select(Instrument).where(Instrument.id.in_(world["ids"].values()))))
        found = candidates_for(db.session, instruments, region="640106")
        by_name = {c.institution.id: c for c in found}
        assert world["expired"] not in by_name  # an expired authorisation covers nothing
        assert by_name[world["near"]].covered == {world["ids"]["RQ-1"], world["ids"]["RQ-2"]}  # 压力表 covers 精密压力表
        assert by_name[world["far"]].covered == {world["ids"]["RQ-2"], world["ids"]["RQ-3"]}
        # both cover two; the one in the enterprise's region comes first
        order = [c.institution.id for c in found]
        assert order.index(world["near"]) < order.index(world["far"])
        order = [c.institution.id for c in candidates_for(db.session, instruments, region="110105")]
        assert order.index(world["far"]) < order.index(world["near"])


def _need(app, token):
    with app.app_context():
        return db.session.scalar(sa.select(Need).where(Need.token == token))


def _history(app, need_id):
    with app.app_context():
        return [e.action for e in db.session.scalars(sa.select(NeedEvent).where(NeedEvent.need_id == need_id)
                                                     .order_by(NeedEvent.id))]


def _step(app, need_id, step, kinds, **options):
    with app.app_context():
        need = db.session.get(Need, need_id)
        take_step(db.session, need, step, actor="tester", actor_kinds=kinds, **options)
        db.session.commit()


@pytest.mark.clause("5.2")
@pytest.mark.clause("6.3.2-2")
def test_due_instruments_become_one_need_matched_to_the_chosen_institution(app, world):
    enterprise = client_of(app, world["user"])
    page = enterprise.get("/metrology/ledger/request").get_data(as_text=True)  # every due instrument
    assert "银川请求测试计量所" in page and "过期请求测试计量所" not in page and "扭矩扳手" in page
    assert 'value="platform"' in page  # or let the platform find one
    form = {"ids": list(map(str, world["ids"].values())), "institution": str(world["near"]), "token": "tok-rq-1",
            "message": "请下周上门"}
    first = enterprise.post("/metrology/ledger/request", data=form)
    second = enterprise.post("/metrology/ledger/request", data=form)  # a double click files nothing more
    assert first.status_code == second.status_code == 302 and first.location == second.location
    with app.app_context():
        needs = list(db.session.scalars(sa.select(Need).where(Need.token == "tok-rq-1")))
        assert len(needs) == 1
        need = needs[0]
        assert first.location.endswith(f"/needs/case/{need.number}")
        assert need.need_type == "metrology_calibration" and need.category.code == "metrology"
        assert set(need.details["instruments"]) == {world["ids"]["RQ-1"], world["ids"]["RQ-2"]}  # what it covers
        # the enterprise's choice is the plan: the need went straight to the institution, on the clock
        assert (need.state, need.institution_id) == ("matched", world["near"])
        assert need.responded_at is not None and need.answered_at is not None and need.description == "请下周上门"
        number, pk = need.number, need.id
    assert _history(app, pk) == ["file", "plan", "match"]
    # the far institution never sees it; the near one has it in its list, linked to the need page
    far = client_of(app, world["far_user"])
    assert number not in far.get("/metrology/requests/").get_data(as_text=True)
    assert far.get(f"/metrology/requests/{number}/complete").status_code == 404
    institution = client_of(app, world["near_user"])
    listed = institution.get("/metrology/requests/").get_data(as_text=True)
    assert "丁请求测试有限公司" in listed and f'href="/needs/case/{number}"' in listed
    # the enterprise cannot accept or record its own request
    with pytest.raises(FlowError):
        _step(app, pk, "accept", {need_states.ENTERPRISE})
    assert enterprise.get(f"/metrology/requests/{number}/complete").status_code == 403
    _step(app, pk, "accept", {need_states.INSTITUTION})  # on the need page
    bad = institution.post(f"/metrology/requests/{number}/complete",
                           data={"completed_on": "2999-01-01", "result": "合格"}).get_data(as_text=True)
    assert "不得晚于今天" in bad
    done = institution.post(f"/metrology/requests/{number}/complete",
                            data={"completed_on": TODAY.isoformat(), "result": "证书 JD-2026-001 合格"})
    assert done.status_code == 302 and done.location.endswith(f"/needs/case/{number}")
    with app.app_context():
        need = db.session.get(Need, pk)
        assert (need.state, need.result) == ("delivered", "证书 JD-2026-001 合格")
        gauge = db.session.get(Instrument, world["ids"]["RQ-1"])
        assert gauge.last_date == TODAY and gauge.next_due == add_months(TODAY, 12)  # the ledger moved on
        assert db.session.get(Instrument, world["ids"]["RQ-4"]).last_date != TODAY
    assert _history(app, pk) == ["file", "plan", "match", "accept", "deliver"]


@pytest.mark.clause("6.3.2-2")
def test_a_decline_needs_a_reason_and_hands_the_need_back_to_staff_with_candidates(app, world):
    enterprise = client_of(app, world["user"])
    enterprise.post("/metrology/ledger/request", data={"ids": [str(world["ids"]["RQ-2"])], "institution": str(world["far"]),
                                                      "token": "tok-rq-2"})
    pk = _need(app, "tok-rq-2").id
    with pytest.raises(FlowError):
        _step(app, pk, "decline", {need_states.INSTITUTION})
    _step(app, pk, "decline", {need_states.INSTITUTION}, comment="本月排满")
    with app.app_context():
        need = db.session.get(Need, pk)
        assert (need.state, need.institution_id) == ("planned", None)
        # staff match it again: the institutions covering its balance, the nearest first
        found = {c.institution_id: c for c in candidates(db.session, need, limit=50)}
        order = list(found)
        assert order.index(world["near"]) < order.index(world["far"]) and world["expired"] not in found
        assert "电子天平" in found[world["near"]].reason and found[world["near"]].score == 1.0
    assert need.number not in client_of(app, world["far_user"]).get("/metrology/requests/").get_data(as_text=True)


def test_an_institution_that_covers_nothing_is_refused(app, world):
    enterprise = client_of(app, world["user"])
    page = enterprise.post("/metrology/ledger/request", data={"ids": [str(world["ids"]["RQ-4"])],
                                                             "institution": str(world["near"]), "token": "tok-rq-3",
                                                             "message": "急"}).get_data(as_text=True)
    assert "不能检定或校准所选的任何器具" in page and "qi-no-candidates" in page
    assert _need(app, "tok-rq-3") is None


@pytest.mark.clause("6.3.2-3")
def test_without_a_chosen_institution_the_need_waits_for_staff(app, world):
    enterprise = client_of(app, world["user"])
    ids = [str(world["ids"]["RQ-3"]), str(world["ids"]["RQ-4"])]
    page = enterprise.get("/metrology/ledger/request", query_string={"ids": ids}).get_data(as_text=True)
    assert "外省请求测试计量院" in page  # covers the hygrometer only
    response = enterprise.post("/metrology/ledger/request", data={"ids": ids, "institution": "platform",
                                                                 "token": "tok-rq-4"})
    need = _need(app, "tok-rq-4")
    assert response.location.endswith(f"/needs/case/{need.number}")
    assert (need.state, need.institution_id) == ("submitted", None) and need.responded_at is None
    assert set(need.details["instruments"]) == {world["ids"]["RQ-3"], world["ids"]["RQ-4"]}
    assert _history(app, need.id) == ["file"]
    with app.app_context():
        found = {c.institution_id: c for c in candidates(db.session, db.session.get(Need, need.id), limit=50)}
        assert found[world["far"]].score == 0.5 and world["near"] not in found  # covers 1 of 2; near none


def test_a_link_to_a_request_of_before_needs_opens_its_need(app, world):
    with app.app_context():
        need, _ = file_need(db.session, need_type="metrology_calibration", title="迁移", contact_name="n",
                            contact="c", actor="a", organisation_id=world["enterprise"], token="metr_request-424242")
        db.session.commit()
        number = need.number
    response = client_of(app, world["user"]).get("/metrology/requests/424242")
    assert response.status_code == 302 and response.location.endswith(f"/needs/case/{number}")
    assert client_of(app, world["far_user"]).get("/metrology/requests/424242").status_code == 404
