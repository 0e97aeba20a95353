"""Turning due instruments into a calibration request (5.2 (2)), and the institution's answer."""
import datetime as dt

import pytest
import sqlalchemy as sa

from app.accounts.models import Organisation
from app.extensions import db
from app.notify.models import Message
from plugins.metrology.ledger import candidates_for
from plugins.metrology.models import CalibrationRequest, Instrument, MetrologyCapability, add_months
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


@pytest.mark.clause("5.2")
def test_due_instruments_become_one_request_that_the_institution_answers(app, world):
    enterprise = client_of(app, world["user"])
    page = enterprise.get("/metrology/ledger/request").get_data(as_text=True)  # every due instrument
    assert "银川请求测试计量所" in page and "过期请求测试计量所" not in page and "扭矩扳手" in page
    form = {"ids": list(map(str, world["ids"].values())), "institution": str(world["near"]), "token": "tok-rq-1",
            "message": "请下周上门"}
    first = enterprise.post("/metrology/ledger/request", data=form)
    second = enterprise.post("/metrology/ledger/request", data=form)  # a double click files nothing more
    assert first.status_code == second.status_code == 302 and first.location == second.location
    with app.app_context():
        requests = list(db.session.scalars(sa.select(CalibrationRequest).where(CalibrationRequest.token == "tok-rq-1")))
        assert len(requests) == 1
        request = requests[0]
        assert {i.instrument.serial_number for i in request.items} == {"RQ-1", "RQ-2"}  # only what it covers
        near_user = app.appbuilder.sm.find_user(username=world["near_user"])
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Message).where(
            Message.user_id == near_user.id, Message.url == f"/metrology/requests/{request.id}")) == 1
        pk = request.id
    # the far institution and another enterprise never see it
    assert client_of(app, world["far_user"]).get(f"/metrology/requests/{pk}").status_code == 404
    assert "tok-rq-1" not in client_of(app, world["far_user"]).get("/metrology/requests/").get_data(as_text=True)
    institution = client_of(app, world["near_user"])
    assert "丁请求测试有限公司" in institution.get("/metrology/requests/").get_data(as_text=True)
    # the enterprise cannot accept its own request
    enterprise.post(f"/metrology/requests/{pk}/decide", data={"status": "accepted"})
    assert "不能再这样更改" in enterprise.get(f"/metrology/requests/{pk}").get_data(as_text=True)
    institution.post(f"/metrology/requests/{pk}/decide", data={"status": "accepted", "reply": "周三上门"})
    bad = institution.post(f"/metrology/requests/{pk}/decide", data={"status": "completed", "completed_on": "2999-01-01"},
                           follow_redirects=True).get_data(as_text=True)
    assert "不得晚于今天" in bad
    institution.post(f"/metrology/requests/{pk}/decide", data={"status": "completed", "completed_on": TODAY.isoformat()})
    with app.app_context():
        request = db.session.get(CalibrationRequest, pk)
        assert request.status == "completed"
        gauge = db.session.get(Instrument, world["ids"]["RQ-1"])
        assert gauge.last_date == TODAY and gauge.next_due == add_months(TODAY, 12)  # the ledger moved on
        assert db.session.get(Instrument, world["ids"]["RQ-4"]).last_date != TODAY
        enterprise_user = app.appbuilder.sm.find_user(username=world["user"])
        titles = list(db.session.scalars(sa.select(Message.title_zh).where(Message.user_id == enterprise_user.id)))
        assert any("已受理" in t for t in titles) and any("已完成检定或校准" in t for t in titles)


def test_declining_needs_a_reason(app, world):
    enterprise = client_of(app, world["user"])
    enterprise.post("/metrology/ledger/request", data={"ids": [str(world["ids"]["RQ-2"])], "institution": str(world["far"]),
                                                      "token": "tok-rq-2"})
    with app.app_context():
        pk = db.session.scalar(sa.select(CalibrationRequest.id).where(CalibrationRequest.token == "tok-rq-2"))
    far = client_of(app, world["far_user"])
    page = far.post(f"/metrology/requests/{pk}/decide", data={"status": "declined"}, follow_redirects=True)
    assert "请说明拒绝的原因" in page.get_data(as_text=True)
    far.post(f"/metrology/requests/{pk}/decide", data={"status": "declined", "reply": "本月排满"})
    with app.app_context():
        assert db.session.get(CalibrationRequest, pk).status == "declined"


def test_an_institution_that_covers_nothing_is_refused(app, world):
    enterprise = client_of(app, world["user"])
    page = enterprise.post("/metrology/ledger/request", data={"ids": [str(world["ids"]["RQ-4"])],
                                                             "institution": str(world["near"]), "token": "tok-rq-3",
                                                             "message": "急"}).get_data(as_text=True)
    assert "不能检定或校准所选的任何器具" in page and "qi-no-candidates" in page
    with app.app_context():
        assert db.session.scalar(sa.select(CalibrationRequest.id).where(CalibrationRequest.token == "tok-rq-3")) is None
