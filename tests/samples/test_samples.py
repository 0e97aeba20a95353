"""Samples at a park station (4.2.1-1): received for a need, sent to the institution, tested, report
issued and handed over, strictly in order, each step timed and written to the need's history, seen
by the enterprise, the institution it was sent to and the station's staff only."""
import io
import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.form_tokens import new_token
from app.needs.models import NeedDocument, NeedEvent
from app.samples.models import Sample

PDF = b"%PDF-1.4\n% a small test report\n"


def _receive(world, client=None, **extra):
    data = {"need_number": world["number"], "window_id": world["station"], "name": "PP 拉伸样条",
            "quantity": "5 根", "token": extra.pop("token", None) or new_token(), **extra}
    return (client or world["staff"]).post("/samples/receive", data=data)


def _sample_id(response) -> int:
    assert response.status_code == 303, response.data[:400]
    return int(re.search(r"/samples/(\d+)$", response.headers["Location"]).group(1))


def _sample(app, sample_id) -> Sample:
    with app.app_context():
        return db.session.get(Sample, sample_id)


def _events(app, need_id) -> list[str]:
    with app.app_context():
        return [e.comment for e in db.session.scalars(select(NeedEvent).where(NeedEvent.need_id == need_id,
                                                                              NeedEvent.action == "sample")
                                                      .order_by(NeedEvent.id))]


@pytest.mark.clause("4.2.1-1")
def test_a_sample_goes_through_its_steps_timed_and_the_enterprise_follows_them(app, samples_world):
    w = samples_world
    sample_id = _sample_id(_receive(w))
    sample = _sample(app, sample_id)
    assert sample.number.startswith("YP-") and sample.state == "received" and sample.received_by == "t_window"
    assert sample.organisation_id == w["enterprise"] and sample.institution_id is None
    staff = w["staff"]
    assert staff.post(f"/samples/{sample_id}/step", data={"step": "send", "institution_id": w["institution"]}
                      ).status_code == 303
    inst = w["institution_client"]
    assert inst.post(f"/samples/{sample_id}/step", data={"step": "start"}).status_code == 303
    response = inst.post(f"/samples/{sample_id}/step", data={
        "step": "report", "report_number": "BG-2026-0042",
        "report_file": (io.BytesIO(PDF), "报告.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 303
    assert staff.post(f"/samples/{sample_id}/step", data={"step": "hand_over"}).status_code == 303
    sample = _sample(app, sample_id)
    assert sample.state == "handed_over" and sample.report_number == "BG-2026-0042"
    stamps = [sample.received_at, sample.sent_at, sample.testing_at, sample.reported_at, sample.handed_at]
    assert all(stamps) and stamps == sorted(stamps)
    assert (sample.sent_by, sample.reported_by, sample.handed_by) == ("t_window", w["institution_user"], "t_window")
    with app.app_context():
        document = db.session.get(NeedDocument, sample.document_id)
        assert document.need_id == w["need_id"] and document.kind == "report"
    # each step is in the need's history
    events = _events(app, w["need_id"])
    assert len(events) == 5 and sample.number in events[0] and "BG-2026-0042" in events[3]
    # the enterprise sees its sample, its steps with the time between them, and the history on its case page
    enterprise = w["enterprise_client"]
    assert sample.number in enterprise.get("/samples/").get_data(as_text=True)
    page = enterprise.get(f"/samples/{sample_id}?_l_=en").get_data(as_text=True)
    assert page.count("<tr data-state=") == 5 and "BG-2026-0042" in page
    case = enterprise.get(f"/needs/case/{w['number']}").get_data(as_text=True)
    assert f'data-number="{sample.number}"' in case and 'data-state="handed_over"' in case
    assert "BG-2026-0042" in case  # the report step in the history
    assert "qi-receive-sample" not in case  # the enterprise receives no sample
    assert "qi-receive-sample" in w["staff"].get(f"/needs/case/{w['number']}").get_data(as_text=True)
    assert enterprise.get(f"/needs/documents/{sample.document_id}").status_code == 200


@pytest.mark.clause("4.2.1-1")
@pytest.mark.parametrize("step", ["start", "report", "hand_over"])
def test_a_step_out_of_order_is_refused_and_changes_nothing(app, samples_world, step):
    w = samples_world
    sample_id = _sample_id(_receive(w))
    response = w["staff"].post(f"/samples/{sample_id}/step?_l_=en", data={"step": step, "report_number": "BG-1"},
                               follow_redirects=True)
    assert "Its steps are taken in order." in response.get_data(as_text=True)
    sample = _sample(app, sample_id)
    assert sample.state == "received" and sample.testing_at is None and sample.report_number is None
    assert len(_events(app, w["need_id"])) == 1


def test_a_double_click_records_a_step_once(app, samples_world):
    w = samples_world
    sample_id = _sample_id(_receive(w))
    send = {"step": "send", "institution_id": w["institution"]}
    assert w["staff"].post(f"/samples/{sample_id}/step", data=send).status_code == 303
    first = _sample(app, sample_id).sent_at
    w["staff"].post(f"/samples/{sample_id}/step", data=send)
    assert _sample(app, sample_id).sent_at == first
    assert len(_events(app, w["need_id"])) == 2


def test_the_same_receiving_form_sent_twice_receives_one_sample(app, samples_world):
    w, token = samples_world, new_token()
    assert _sample_id(_receive(w, token=token)) == _sample_id(_receive(w, token=token))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Sample).where(Sample.need_id == w["need_id"])) == 1


def test_a_report_needs_its_number_and_sending_needs_an_institution(app, samples_world):
    w = samples_world
    sample_id = _sample_id(_receive(w))
    w["staff"].post(f"/samples/{sample_id}/step", data={"step": "send", "institution_id": ""})
    assert _sample(app, sample_id).state == "received"
    w["staff"].post(f"/samples/{sample_id}/step", data={"step": "send", "institution_id": w["enterprise"]})
    assert _sample(app, sample_id).state == "received"  # an enterprise is not a testing institution
    w["staff"].post(f"/samples/{sample_id}/step", data={"step": "send", "institution_id": w["institution"]})
    w["institution_client"].post(f"/samples/{sample_id}/step", data={"step": "start"})
    w["institution_client"].post(f"/samples/{sample_id}/step", data={"step": "report", "report_number": " "})
    assert _sample(app, sample_id).state == "testing"


def test_samples_are_received_only_at_a_park_station_the_staff_work(app, samples_world):
    w = samples_world
    assert _receive(w, window_id=w["counter"]).status_code == 422  # an institution window
    assert _receive(w, window_id=w["other_station"]).status_code == 422  # not t_window's
    # window B's staff may not see the need of window A's station at all
    assert _receive(w, client=w["b"], window_id=w["other_station"]).status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Sample).where(Sample.need_id == w["need_id"])) == 0


def test_each_role_sees_only_its_samples(app, samples_world):
    w = samples_world
    sample_id = _sample_id(_receive(w))
    number = _sample(app, sample_id).number
    # before it is sent, no institution sees it
    for client in (w["b"], w["other_client"], w["institution_client"], w["other_institution"]):
        assert number not in client.get("/samples/").get_data(as_text=True)
        assert client.get(f"/samples/{sample_id}").status_code == 404
    w["staff"].post(f"/samples/{sample_id}/step", data={"step": "send", "institution_id": w["institution"]})
    assert w["institution_client"].get(f"/samples/{sample_id}").status_code == 200
    assert number in w["institution_client"].get("/samples/").get_data(as_text=True)
    for client in (w["b"], w["other_client"], w["other_institution"]):
        assert number not in client.get("/samples/").get_data(as_text=True)
        assert client.get(f"/samples/{sample_id}").status_code == 404
        assert client.post(f"/samples/{sample_id}/step", data={"step": "start"}).status_code in (403, 404)
    # the enterprise reads but takes no step; window B's staff take none either
    assert w["enterprise_client"].post(f"/samples/{sample_id}/step", data={"step": "start"}).status_code == 403
    assert _sample(app, sample_id).state == "sent"


@pytest.mark.parametrize("query", ["state=lost", "page=-2", "page=abc"])
def test_bad_list_arguments_are_a_400(samples_world, query):
    assert samples_world["staff"].get(f"/samples/?{query}").status_code == 400


def test_get_never_changes_a_sample(app, samples_world):
    w = samples_world
    sample_id = _sample_id(_receive(w))
    assert w["staff"].get(f"/samples/{sample_id}/step?step=send&institution_id={w['institution']}").status_code == 405
    for url in ("/samples/", f"/samples/{sample_id}", f"/samples/receive?need={w['number']}"):
        assert w["staff"].get(url).status_code == 200
    assert _sample(app, sample_id).state == "received"
    assert len(_events(app, w["need_id"])) == 1
