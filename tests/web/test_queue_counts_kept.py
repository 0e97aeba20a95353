"""The navbar's queue counts are kept a few seconds in the user's own session (issue 16): a staff page
no longer counts four queues on every request, yet the user's own changes, another language and the
dashboard always show counts of now."""
from __future__ import annotations

import re

import pytest

from app.accounts.models import Organisation
from app.extensions import db
from app.testing.fixtures import login_client
from app.testing.orgs import new_uscc

QUEUE = re.compile(r'data-queue="(\w+)">.*?<span class="badge">(\d+)</span>', re.S)


def _review_count(client, url="/needs/list/") -> int:
    page = client.get(url)
    assert page.status_code == 200
    return int(dict(QUEUE.findall(page.get_data(as_text=True)))["review"])


def _one_more_pending(app) -> None:
    with app.app_context():
        db.session.add(Organisation(kind="enterprise", uscc=new_uscc(), name="待审企业", legal_representative="张三",
                                    address="银川", region_code="640106", contact_person="李四",
                                    contact_phone="13800000000", status="submitted"))
        db.session.commit()


@pytest.fixture
def staff(app):
    app.config["QI_QUEUE_COUNTS_SECONDS"] = 600
    yield login_client(app, "t_platform", "pw-platform-1")
    app.config.pop("QI_QUEUE_COUNTS_SECONDS")


def test_counts_are_kept_between_pages_and_fresh_on_the_dashboard(app, staff):
    before = _review_count(staff)
    _one_more_pending(app)
    assert _review_count(staff) == before  # kept: no four counts on this page
    assert _review_count(staff, "/dashboard/") == before + 1  # the dashboard counts now
    assert _review_count(staff) == before + 1  # and keeps what it counted


def test_a_post_of_the_user_counts_again(app, staff):
    before = _review_count(staff)
    _one_more_pending(app)
    # Any POST of the user's, even one answered by a redirect that renders no navbar (signing in
    # again while signed in).
    answer = staff.post("/login/", data={})
    assert answer.status_code == 302
    with staff.session_transaction() as kept:
        assert "qi_queues" not in kept
    assert _review_count(staff) == before + 1


def test_another_language_counts_again(app, staff):
    before = _review_count(staff)
    _one_more_pending(app)
    staff.get("/lang/en")
    page = staff.get("/needs/list/")
    counts = dict(QUEUE.findall(page.get_data(as_text=True)))
    assert int(counts["review"]) == before + 1
    assert "Organisations to review" in page.get_data(as_text=True)


def test_without_keeping_every_page_counts(app):
    client = login_client(app, "t_platform", "pw-platform-1")
    app.config["QI_QUEUE_COUNTS_SECONDS"] = 0
    try:
        before = _review_count(client)
        _one_more_pending(app)
        assert _review_count(client) == before + 1
    finally:
        app.config.pop("QI_QUEUE_COUNTS_SECONDS")
