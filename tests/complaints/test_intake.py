"""Filing a complaint (6.4.2-2): on the website (signed in or with a contact) and by staff for
phone, window and letter; exactly the standard's fields; refusals that save nothing; one complaint
per form; attachments checked and served only within the complaint's scope."""
from __future__ import annotations

import hashlib
import io
import re

import pytest
import sqlalchemy as sa

from app.complaints.models import ComplaintFile
from app.extensions import db
from app.needs import flow as need_flow

from .conftest import count, filed, form_token, member, post_complaint, staff, stored, zh

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.clause("6.4.2-2")
def test_anyone_files_a_complaint_with_the_standard_fields_and_gets_number_and_code_once(world):
    app, client = world["app"], world["app"].test_client()
    page = client.get("/complaints/new").get_data(as_text=True)
    for field in ("institution_find", "institution_id", "institution_name", "complaint_type", "content", "request",
                  "attachments"):
        assert f'name="{field}"' in page, field
    assert 'name="case_number"' not in page  # only a signed-in complainant links one of their cases
    token = form_token(client)
    data = {"token": token, "institution_id": str(world["inst_c"]["org"]), "complaint_type": "price",
            "content": "收费高于公示价格", "request": "退还多收费用", "complainant_name": "赵女士",
            "contact": "zhao@example.cn"}
    first = client.post("/complaints/new", data=data)
    number, code = filed(first)
    assert re.fullmatch(r"TS-\d{4}-\d{6}", number) and code
    complaint = stored(world, number)
    assert (complaint.channel, complaint.institution_id, complaint.institution_name, complaint.complaint_type,
            complaint.content, complaint.request, complaint.contact, complaint.organisation_id,
            complaint.filed_by_id) == ("online", world["inst_c"]["org"], None, "price", "收费高于公示价格",
                                       "退还多收费用", "zhao@example.cn", None, None)
    assert complaint.code_hash == hashlib.sha256(code.encode()).hexdigest()
    again = client.post("/complaints/new", data=data).get_data(as_text=True)  # a double post
    assert number in again and code not in again
    assert count(world) == count(world)  # (read twice: stable)
    with app.app_context():
        from app.complaints.models import Complaint
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Complaint).where(Complaint.token == token)) == 1


def test_a_signed_in_enterprise_files_for_its_organisation_with_its_own_case(world):
    app = world["app"]
    ent = member(world, "ent_a")
    with app.app_context():
        mine, _ = need_flow.file_need(db.session, need_type="service", title="检测", contact_name="甲",
                                      contact="13800000000", actor="t", organisation_id=world["ent_a"]["org"])
        theirs, _ = need_flow.file_need(db.session, need_type="service", title="检测", contact_name="乙",
                                        contact="13800000000", actor="t", organisation_id=world["ent_b"]["org"])
        db.session.commit()
        mine, theirs = mine.number, theirs.number
    refused = post_complaint(world, client=ent, case_number=theirs, complainant_name="", contact="")
    assert refused.status_code == 422 and zh(app, "You have no case with this number.") in refused.get_data(as_text=True)
    number, _ = filed(post_complaint(world, client=ent, case_number=mine, complainant_name="", contact=""))
    complaint = stored(world, number)
    assert complaint.organisation_id == world["ent_a"]["org"] and complaint.filed_by_id is not None
    assert complaint.need_id is not None and complaint.complainant_name and complaint.contact  # from the profile


@pytest.mark.parametrize("change, field_message", [
    ({"institution_id": ""}, "Choose the platform institution you complain about, or type the name of an outside "
                             "one: exactly one of the two."),
    ({"institution_name": "平台外某公司"}, "Choose the platform institution you complain about, or type the name of "
                                       "an outside one: exactly one of the two."),
    ({"institution_id": "999999"}, "Choose an institution from the list found."),
    ({"complaint_type": "bribery"}, "Choose the type of complaint from the list."),
    ({"complaint_type": ""}, "Choose the type of complaint from the list."),
    ({"content": "   "}, "Please describe what you complain about."),
    ({"request": ""}, "Please say what you ask the platform to do."),
    ({"complainant_name": ""}, "Please give the name of the complainant."),
    ({"contact": "not a phone"}, "This is neither a phone number nor an e-mail address."),
])
@pytest.mark.clause("6.4.2-2")
def test_bad_input_is_refused_with_a_translated_message_and_nothing_is_saved(world, change, field_message):
    app = world["app"]
    before = count(world)
    response = post_complaint(world, **change)
    assert response.status_code == 422
    assert zh(app, field_message) in response.get_data(as_text=True)
    assert count(world) == before


def test_an_enterprise_is_never_offered_and_never_accepted_as_the_institution(world):
    client = world["app"].test_client()
    token = form_token(client)
    found = client.post("/complaints/new", data={"token": token, "institution_find": "投诉", "find": "1"})
    html = found.get_data(as_text=True)
    assert found.status_code == 200 and world["inst_c"]["name"] in html and world["inst_d"]["name"] in html
    assert world["ent_a"]["name"] not in html  # only approved platform institutions
    assert world["inst_c"]["name"] not in client.get("/complaints/new").get_data(as_text=True)  # no drop-down of all
    before = count(world)
    assert post_complaint(world, institution_id=str(world["ent_a"]["org"])).status_code == 422
    assert count(world) == before


@pytest.mark.clause("6.4.2-2")
def test_staff_record_phone_window_and_letter_complaints_with_the_channel_kept(world):
    window_staff = staff(world, "t_window")
    page = window_staff.get("/complaints/intake").get_data(as_text=True)
    assert 'value="phone"' in page and 'value="letter"' in page and 'value="window"' in page
    number, code = filed(post_complaint(world, client=window_staff, path="/complaints/intake", channel="phone",
                                        window=str(world["window"])))
    complaint = stored(world, number)
    assert (complaint.channel, complaint.recorded_by, complaint.window_id, complaint.filed_by_id) == (
        "phone", "t_window", world["window"], None)
    assert code  # told to the caller, to follow the complaint
    before = count(world)
    other = post_complaint(world, client=window_staff, path="/complaints/intake", channel="letter",
                           window=str(world["other_window"]))
    assert other.status_code == 422 and count(world) == before
    platform = staff(world)
    number, _ = filed(post_complaint(world, client=platform, path="/complaints/intake", channel="letter", window=""))
    assert (stored(world, number).channel, stored(world, number).window_id) == ("letter", None)


def test_attachments_are_checked_stored_and_served_only_within_the_complaint_scope(world):
    app = world["app"]
    before = count(world)
    refused = post_complaint(world, attachments=[(io.BytesIO(b"MZ not a pdf"), "virus.pdf")])
    assert refused.status_code == 422 and count(world) == before
    ent = member(world, "ent_a")
    number, _ = filed(post_complaint(world, client=ent, attachments=[(io.BytesIO(PDF), "报告.pdf")]))
    with app.app_context():
        file_id = db.session.scalar(sa.select(ComplaintFile.id).join(ComplaintFile.complaint)
                                    .where(ComplaintFile.complaint.has(number=number)))
    assert file_id is not None
    assert ent.get(f"/complaints/files/{file_id}").data == PDF
    assert staff(world).get(f"/complaints/files/{file_id}").data == PDF
    assert member(world, "ent_b").get(f"/complaints/files/{file_id}").status_code == 404
    assert member(world, "inst_c").get(f"/complaints/files/{file_id}").status_code == 404  # not forwarded yet
