"""Who sees which complaint: the institution only those forwarded to it, an enterprise only its own,
window staff only their windows', staff all; following without an account needs the right code."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.complaints.models import Complaint, ComplaintEvent
from app.extensions import db

from .conftest import count, filed, member, post_complaint, staff, step, stored, zh


def _forwarded(world, about="inst_c", client=None):
    number, code = filed(post_complaint(world, client=client, institution_id=str(world[about]["org"])))
    platform = staff(world)
    step(platform, number, "investigate")
    step(platform, number, "forward", "请答复")
    return number, code


@pytest.mark.clause("6.4.2-3")
def test_an_institution_sees_only_the_complaints_forwarded_to_it(world):
    about_c, _ = _forwarded(world, "inst_c")
    about_d, _ = _forwarded(world, "inst_d")
    waiting, _ = filed(post_complaint(world))  # about C, not forwarded yet
    inst_c = member(world, "inst_c")
    assert inst_c.get(f"/complaints/case/{about_c}").status_code == 200
    assert inst_c.get(f"/complaints/case/{about_d}").status_code == 404
    assert inst_c.get(f"/complaints/case/{waiting}").status_code == 404
    listed = inst_c.get("/complaints/incoming/?show=all").get_data(as_text=True)
    assert about_c in listed and about_d not in listed and waiting not in listed
    assert step(inst_c, about_d, "reply", "不是我们", follow=False).status_code == 404
    assert stored(world, about_d).state == "forwarded"


def test_an_enterprise_sees_only_its_own_complaints(world):
    ent_a, ent_b = member(world, "ent_a"), member(world, "ent_b")
    mine, _ = filed(post_complaint(world, client=ent_a))
    theirs, _ = filed(post_complaint(world, client=ent_b))
    anonymous, _ = filed(post_complaint(world))
    assert ent_a.get(f"/complaints/case/{mine}").status_code == 200
    assert ent_a.get(f"/complaints/case/{theirs}").status_code == 404
    assert ent_a.get(f"/complaints/case/{anonymous}").status_code == 404
    listed = ent_a.get("/complaints/mine/").get_data(as_text=True)
    assert mine in listed and theirs not in listed and anonymous not in listed


def test_window_staff_see_only_their_windows_complaints_and_staff_see_all(world):
    ours, _ = filed(post_complaint(world, client=staff(world, "t_window"), path="/complaints/intake",
                                   channel="window", window=str(world["window"])))
    platform = staff(world)
    elsewhere, _ = filed(post_complaint(world, client=platform, path="/complaints/intake", channel="phone",
                                        window=str(world["other_window"])))
    online, _ = filed(post_complaint(world))
    window_staff = staff(world, "t_window")
    listed = window_staff.get("/complaints/list/?show=all").get_data(as_text=True)
    assert ours in listed and elsewhere not in listed and online not in listed
    assert window_staff.get(f"/complaints/case/{elsewhere}").status_code == 404
    assert 'data-step="investigate"' in window_staff.get(f"/complaints/case/{ours}").get_data(as_text=True)
    everything = platform.get("/complaints/list/?show=all").get_data(as_text=True)
    assert all(n in everything for n in (ours, elsewhere, online))


@pytest.mark.clause("6.4.2-3")
def test_following_without_an_account_needs_the_number_and_its_code(world):
    app = world["app"]
    number, code = filed(post_complaint(world))
    other, other_code = filed(post_complaint(world))
    client = app.test_client()
    right = client.post("/complaints/follow", data={"number": number, "code": code.lower()})
    assert right.status_code == 200 and zh(app, "Complaint received") in right.get_data(as_text=True)
    not_found = zh(app, "No complaint has this number and secret code.")
    for wrong in ({"number": number, "code": other_code}, {"number": "TS-2099-000001", "code": code},
                  {"number": "XQ-2026-000001", "code": code}):
        response = app.test_client().post("/complaints/follow", data=wrong)
        html = response.get_data(as_text=True)
        assert response.status_code == 404 and not_found in html and "报告数据前后矛盾" not in html
    # the follower sees no staff names and no contact data
    assert "13995112233" not in right.get_data(as_text=True) and "t_platform" not in right.get_data(as_text=True)


def test_get_changes_nothing(world):
    number, _ = filed(post_complaint(world))
    platform = staff(world)
    before = (count(world), len(_events(world)))
    for path in ["/complaints/new", "/complaints/intake", "/complaints/follow", f"/complaints/case/{number}",
                 "/complaints/list/", "/complaints/list/?show=overdue", "/complaints/mine/", "/complaints/incoming/",
                 f"/complaints/case/{number}/step?step=investigate", "/complaints/follow/reopen"]:
        platform.get(path)
    assert (count(world), len(_events(world))) == before
    assert stored(world, number).state == "received"


def _events(world):
    with world["app"].app_context():
        return db.session.scalars(sa.select(ComplaintEvent.id)).all()


@pytest.mark.parametrize("path", ["/complaints/list/?page=x", "/complaints/list/?page=-1",
                                  "/complaints/list/?show=nope", "/complaints/list/?page=99999999999"])
def test_bad_list_arguments_are_a_400(world, path):
    response = staff(world).get(path)
    assert response.status_code == 400


def test_bad_list_arguments_of_the_institution_and_complainant_lists_are_a_400(world):
    assert member(world, "inst_c").get("/complaints/incoming/?show=zzz").status_code == 400
    assert member(world, "ent_a").get("/complaints/mine/?page=abc").status_code == 400


def test_overdue_complaints_are_highlighted_in_the_list(world):
    number, _ = filed(post_complaint(world))
    with world["app"].app_context():
        row = db.session.scalar(sa.select(Complaint).where(Complaint.number == number))
        row.due_on = row.due_on.replace(year=2020)
        db.session.commit()
    html = staff(world).get("/complaints/list/?show=overdue").get_data(as_text=True)
    assert f'class="qi-complaint-row danger qi-overdue" data-number="{number}"' in html


def test_the_institution_does_not_see_the_complainants_contact(world):
    number, _ = _forwarded(world, "inst_c")
    page = member(world, "inst_c").get(f"/complaints/case/{number}").get_data(as_text=True)
    assert "报告数据前后矛盾" in page and "请答复" in page
    assert "13995112233" not in page and "qi-complaint-contact" not in page
    assert "13995112233" in staff(world).get(f"/complaints/case/{number}").get_data(as_text=True)


def test_my_complaints_pages_through_both_kinds_of_mine_once_each_newest_first(world):
    """"My complaints" are those the user filed and those of their enterprise (filed by a colleague
    or recorded by staff); a complaint that is both is listed once, and the pages are newest first."""
    import datetime as dt

    from app.complaints.views import PAGE_SIZE

    app = world["app"]
    with app.app_context():
        user_id = db.session.scalar(sa.text("SELECT id FROM ab_user WHERE username = :u"),
                                    {"u": world["ent_b"]["user"]})
        org, other = world["ent_b"]["org"], world["ent_a"]["org"]
        start = dt.datetime(2020, 1, 1)
        # (filed by the user?, organisation): both, the user's alone, the enterprise's alone, someone else's
        kinds = [(True, org), (True, None), (False, org), (False, other)]
        db.session.execute(sa.insert(Complaint), [
            {"number": f"TS-2020-{i:06d}", "code_hash": "x", "token": f"union{i}", "complaint_type": "quality",
             "content": "c", "request": "r", "complainant_name": "n", "contact": "c",
             "filed_by_id": user_id if kinds[i % 4][0] else None, "organisation_id": kinds[i % 4][1],
             "submitted_at": start + dt.timedelta(minutes=i)} for i in range(2 * PAGE_SIZE + 10)])
        db.session.commit()
    try:
        mine = [f"TS-2020-{i:06d}" for i in reversed(range(2 * PAGE_SIZE + 10)) if i % 4 != 3]
        client = member(world, "ent_b")
        shown = []  # every page, to the first empty one (other tests' complaints come first: newer)
        for page in range(20):
            rows = re.findall(r'data-number="([^"]+)"', client.get(f"/complaints/mine/?page={page}").get_data(as_text=True))
            if not rows:
                break
            shown += rows
        assert [n for n in shown if n.startswith("TS-2020-")] == mine and len(shown) == len(set(shown))
        world["app"].config["QI_LIST_COUNT_CAP"] = 30  # counted up to the lists' cap, and paged on
        try:
            html = client.get("/complaints/mine/?page=1&_l_=en").get_data(as_text=True)
        finally:
            world["app"].config["QI_LIST_COUNT_CAP"] = 10000
        assert re.findall(r'data-number="([^"]+)"', html) == shown[PAGE_SIZE:2 * PAGE_SIZE]
        assert "Page 2 of 2" in html
    finally:
        with app.app_context():
            db.session.execute(sa.delete(Complaint).where(Complaint.token.like("union%")))
            db.session.commit()
