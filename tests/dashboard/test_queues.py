"""Each role's dashboard starts with its own work queues, counted right and only over its own rows,
each count a link to the list it counts; below them the pages are a short list of links per menu
group, not a wall of tiles (4.1-4c). The dashboard sends the same statements whatever the rows."""
from __future__ import annotations

import datetime as dt

import pytest

from app.accounts.models import SUBMITTED, Organisation
from app.extensions import db
from app.testing.fixtures import add_users, login_client
from app.testing.orgs import MEMBER_PASSWORD, make_org
from app.testing.windows import make_window
from app.workdays import today
from tests.windows.test_sql_counts import statements_of

from . import helpers as make
from .helpers import queue_counts


@pytest.fixture(scope="module")
def world(make_app):
    app = make_app()
    add_users(app)
    out = {"app": app}
    with app.app_context():
        yesterday, later = today() - dt.timedelta(days=1), today() + dt.timedelta(days=30)
        inst_a, inst_a_user = make_org("institution", "看板机构甲", types="testing")
        inst_b, inst_b_user = make_org("institution", "看板机构乙", types="testing")
        ent_a, ent_a_user = make_org("enterprise", "看板企业甲")
        ent_b, ent_b_user = make_org("enterprise", "看板企业乙")
        applicant, _ = make_org("enterprise", "看板待审企业", status=SUBMITTED)
        db.session.get(Organisation, applicant).review_due_on = yesterday
        mine = make_window("park", "看板窗口甲", code="dash-mine", staff=("t_window",))
        other = make_window("park", "看板窗口乙", code="dash-other")
        for _ in range(2):
            make.need(organisation_id=ent_a, institution_id=inst_a, state="matched")
        make.need(organisation_id=ent_a, institution_id=inst_a, state="in_service")
        make.need(organisation_id=ent_a, state="to_evaluate")
        make.need(organisation_id=ent_b, institution_id=inst_b, state="matched")
        make.need(window_id=mine, respond_due=yesterday)
        make.need(window_id=other, respond_due=yesterday)
        make.complaint(state="forwarded", forwarded_to_id=inst_a, due_on=yesterday)
        for _ in range(2):
            make.complaint(state="forwarded", forwarded_to_id=inst_b)
        make.complaint(state="received", window_id=mine, due_on=yesterday)
        make.complaint(state="investigating", organisation_id=ent_a)
        make.complaint(state="closed", organisation_id=ent_a, forwarded_to_id=inst_a, window_id=mine)
        make.dissatisfaction(institution_id=inst_a)
        make.dissatisfaction(institution_id=inst_a, state="closed")
        for _ in range(2):
            make.dissatisfaction(institution_id=inst_b)
        make.dissatisfaction(window_id=mine)
        make.action(due_on=yesterday, owner_org_id=inst_a)
        make.action(due_on=later, owner_org_id=inst_a)
        make.action(due_on=yesterday, owner_org_id=inst_a, state="done")
        for _ in range(2):
            make.action(due_on=yesterday, owner_org_id=inst_b)
        make.action(due_on=yesterday, window_id=mine)
        db.session.commit()
        out.update(inst_a=inst_a, inst_b=inst_b, ent_a=ent_a, ent_b=ent_b, mine=mine)
    out["clients"] = {
        "inst_a": login_client(app, inst_a_user, MEMBER_PASSWORD), "inst_b": login_client(app, inst_b_user, MEMBER_PASSWORD),
        "ent_a": login_client(app, ent_a_user, MEMBER_PASSWORD), "ent_b": login_client(app, ent_b_user, MEMBER_PASSWORD),
        "window": login_client(app, "t_window"), "platform": login_client(app, "t_platform"),
        "admin": login_client(app, "t_admin"),
    }
    return out


def dashboard(world, who: str) -> str:
    response = world["clients"][who].get("/dashboard/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.clause("4.1-4c")
def test_an_institution_sees_its_new_requests_complaints_and_cases_not_another_institutions(world):
    a, b = queue_counts(dashboard(world, "inst_a")), queue_counts(dashboard(world, "inst_b"))
    assert a == {"requests_new": 2, "requests_in_service": 1, "complaints_to_answer": 1, "dissatisfied": 1,
                 "actions_overdue": 1}
    assert b == {"requests_new": 1, "requests_in_service": 0, "complaints_to_answer": 2, "dissatisfied": 2,
                 "actions_overdue": 2}


def test_each_count_links_to_the_list_it_counts(world):
    html = dashboard(world, "inst_a")
    assert '<li class="qi-queue qi-queue-warning" data-queue="requests_new">\n        <a href="/needs/incoming/?state=matched">' in html
    staff = dashboard(world, "platform")
    assert 'href="/needs/board/?show=overdue"' in staff.split('data-queue="needs_overdue"')[1][:120]
    assert 'href="/review/"' in staff.split('data-queue="review"')[1][:80]


def test_an_enterprise_sees_its_open_cases_cases_to_evaluate_and_its_complaints(world):
    assert queue_counts(dashboard(world, "ent_a")) == {"cases_open": 3, "cases_to_evaluate": 1, "complaints_mine": 1}
    assert queue_counts(dashboard(world, "ent_b")) == {"cases_open": 1, "cases_to_evaluate": 0, "complaints_mine": 0}


def test_window_staff_see_their_windows_queues_only(world):
    counts = queue_counts(dashboard(world, "window"))
    assert counts["needs_overdue"] == 1 and counts["needs_open"] == 1
    assert (counts["complaints_open"], counts["complaints_overdue"], counts["complaints_to_answer"]) == (1, 1, 1)
    assert (counts["dissatisfied"], counts["actions_overdue"]) == (1, 1)
    assert "review" not in counts


@pytest.mark.clause("4.1-4c")
def test_staff_see_the_platforms_queues(world):
    counts = queue_counts(dashboard(world, "platform"))
    assert (counts["review"], counts["review_overdue"]) == (1, 1)
    assert counts["needs_overdue"] == 2
    # open complaints: 1 + 2 forwarded, 1 at a window, 1 investigated; due yesterday: 2; not at an institution: 2
    assert (counts["complaints_open"], counts["complaints_overdue"], counts["complaints_to_answer"]) == (5, 2, 2)
    assert (counts["dissatisfied"], counts["actions_overdue"]) == (4, 4)


def test_the_admin_dashboard_starts_with_the_queues_and_lists_pages_as_links_not_tiles(world):
    html = dashboard(world, "admin")
    assert "qi-tile" not in html  # the 46 tiles are gone
    queues, links = html.index('class="qi-queues"'), html.index('class="qi-links"')
    assert html.index("<h1>") < queues < links
    groups = html.count('class="qi-link-group"')
    assert 10 <= groups <= 25, groups  # one line per menu group
    assert 'href="/windows/manage/"' in html.split('class="qi-links"')[1]  # every page is still one click away


def test_the_dashboard_runs_the_same_statements_whatever_the_number_of_rows(world):
    app = world["app"]
    few = {who: statements_of(app, world["clients"][who], "/dashboard/")[0] for who in ("admin", "inst_a", "window", "ent_a")}
    with app.app_context():
        yesterday = today() - dt.timedelta(days=1)
        for _ in range(30):
            make.need(organisation_id=world["ent_a"], institution_id=world["inst_a"], state="matched")
            make.need(window_id=world["mine"], respond_due=yesterday)
            make.complaint(state="forwarded", forwarded_to_id=world["inst_a"], due_on=yesterday)
            make.complaint(state="received", window_id=world["mine"], organisation_id=world["ent_a"])
            make.dissatisfaction(institution_id=world["inst_a"], window_id=world["mine"])
            make.action(due_on=yesterday, owner_org_id=world["inst_a"], window_id=world["mine"])
        db.session.commit()
    for who, count in few.items():
        more, html = statements_of(app, world["clients"][who], "/dashboard/")
        assert more == count, (who, count, more)
        assert count <= 40, (who, count)
    assert queue_counts(statements_of(app, world["clients"]["inst_a"], "/dashboard/")[1])["requests_new"] == 32
