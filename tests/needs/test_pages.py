"""The need pages: filing from every guide and at intake, the case page and its steps, my cases,
incoming work, the SLA board, the scoped list, following a case without an account."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from app.accounts.models import Organisation
from app.catalog.models import ServiceItem
from app.extensions import db
from app.needs import flow
from app.needs.models import Need, NeedEvent
from app.testing.fixtures import USERS, add_users, login_client
from app.testing.orgs import MEMBER_PASSWORD, make_org
from tests.dashboard.helpers import queue_counts

ITEM = "testing-demand-matching"
TOKEN = re.compile(r'name="token" type="hidden" value="([0-9a-f]{32})"')
NUMBER = re.compile(r"XQ-\d{4}-\d{6}")


@pytest.fixture(scope="module")
def world(make_app):
    """An app of its own (the board counts what is in it): two enterprises, two testing institutions,
    the staff of ``USERS``."""
    app = make_app()
    add_users(app)
    out = {"app": app}
    with app.app_context():
        for key, kind, name in [("ent_a", "enterprise", "甲需求企业有限公司"), ("ent_b", "enterprise", "乙需求企业有限公司"),
                                ("inst_c", "institution", "丙需求检测中心"), ("inst_d", "institution", "丁需求检测所")]:
            org_id, username = make_org(kind, name, types="testing" if kind == "institution" else "")
            out[key] = {"org": org_id, "user": username, "name": name}
    return out


def member(world, key):
    return login_client(world["app"], world[key]["user"], MEMBER_PASSWORD)


def staff(world, username="t_platform"):
    return login_client(world["app"], username, USERS[username][1])


def form_token(client, path):
    html = client.get(path).get_data(as_text=True)
    return TOKEN.search(html).group(1), html


def need_of(world, number) -> Need:
    with world["app"].app_context():
        need = db.session.scalar(sa.select(Need).where(Need.number == number))
        db.session.expunge(need)
        return need


def file_need(world, client=None, **data):
    client = client or world["app"].test_client()
    token, _ = form_token(client, f"/needs/new?item={ITEM}")
    values = {"token": token, "item": ITEM, "title": "检测需求", "description": "需要对枸杞饮料做农残检测",
              "contact_name": "王经理", "contact": "13995112233", **data}
    response = client.post("/needs/new", data=values)
    assert response.status_code == 200, response.get_data(as_text=True)[:400]
    html = response.get_data(as_text=True)
    return NUMBER.search(html).group(0), html


def step(client, number, name, follow=True, **data):
    return client.post(f"/needs/case/{number}/step", data={"step": name, **data}, follow_redirects=follow)


def count_needs(world, **where):
    with world["app"].app_context():
        query = sa.select(sa.func.count()).select_from(Need)
        for key, value in where.items():
            query = query.where(getattr(Need, key) == value)
        return db.session.scalar(query)


# -- filing -------------------------------------------------------------------------------------------

@pytest.mark.clause("6.2-5", "4.1-4a")  # every published service can be handled online
def test_every_guide_page_offers_apply_online_prefilled_with_its_item(world):
    app, client = world["app"], world["app"].test_client()
    with app.app_context():
        codes = [i.code for i in db.session.scalars(sa.select(ServiceItem)) if i.is_public]
    assert len(codes) > 10
    for code in codes:
        assert f'href="/needs/new?item={code}"' in client.get(f"/item/{code}").get_data(as_text=True), code
    html = client.get(f"/needs/new?item={ITEM}").get_data(as_text=True)
    assert f'<option selected value="{ITEM}">' in html


@pytest.mark.clause("6.3.1-1")
def test_anyone_files_a_need_and_sees_its_number_due_dates_and_code_once(world):
    client = world["app"].test_client()
    token, _ = form_token(client, f"/needs/new?item={ITEM}")
    data = {"token": token, "item": ITEM, "title": "农残检测", "description": "枸杞饮料农残检测，约20个样品",
            "contact_name": "王经理", "contact": "wang@example.cn"}
    first = client.post("/needs/new", data=data).get_data(as_text=True)
    number = NUMBER.search(first).group(0)
    code = re.search(r'class="qi-secret-code"><strong>([A-Z2-9]{8})</strong>', first).group(1)
    assert "只显示这一次" in first and "答复期限" in first and "年" in first  # due dates in the reader's language
    again = client.post("/needs/new", data=data).get_data(as_text=True)  # a double click
    assert number in again and code not in again
    assert count_needs(world, token=token) == 1
    need = need_of(world, number)
    assert (need.channel, need.organisation_id, need.contact) == ("online", None, "wang@example.cn")
    assert flow.code_matches(need, code)


def test_a_bad_need_is_refused_with_translated_errors_and_keeps_the_input(world):
    client = world["app"].test_client()
    token, _ = form_token(client, "/needs/new")
    before = count_needs(world)
    response = client.post("/needs/new", data={"token": token, "item": ITEM, "title": "检测需求",
                                                "description": "想做一个检测", "contact_name": "李女士",
                                                "contact": "not a phone"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "请填写正确的电话号码或电子邮箱地址" in html and 'value="李女士"' in html and "想做一个检测" in html
    client.get("/lang/en")
    html = client.post("/needs/new", data={"token": token, "item": "no-such-item", "title": "", "description": "x",
                                           "contact_name": "", "contact": "a@b.cn"}).get_data(as_text=True)
    assert "Please tell us your name." in html and "Not a valid choice" in html
    assert count_needs(world) == before


def test_bad_query_arguments_are_400(world):
    client = world["app"].test_client()
    assert client.get("/needs/new?item=no-such-item").status_code == 400
    enterprise, institution, platform = member(world, "ent_a"), member(world, "inst_c"), staff(world)
    for response in (enterprise.get("/needs/mine/?page=x"), enterprise.get("/needs/mine/?page=-1"),
                     institution.get("/needs/incoming/?state=bogus"), institution.get("/needs/incoming/?page=9x"),
                     platform.get("/needs/board/?show=everything"), platform.get("/needs/board/?category=abc"),
                     platform.get("/needs/board/?page=99999999999")):
        assert response.status_code == 400, response.request.url


@pytest.mark.clause("6.3.1-1")
def test_a_signed_in_enterprise_files_for_its_organisation_and_finds_it_in_my_cases(world):
    client = member(world, "ent_a")
    _, form = form_token(client, f"/needs/new?item={ITEM}")
    assert 'value="王五"' in form and 'value="13800000000"' in form  # contact from the profile and organisation
    number, _ = file_need(world, client, contact_name="王五", contact="13800000000")
    assert need_of(world, number).organisation_id == world["ent_a"]["org"]
    mine = client.get("/needs/mine/").get_data(as_text=True)
    assert number in mine and "已提交" in mine
    assert queue_counts(client.get("/dashboard/").get_data(as_text=True))["cases_open"] >= 1
    other = member(world, "ent_b")
    assert number not in other.get("/needs/mine/").get_data(as_text=True)
    assert other.get(f"/needs/case/{number}").status_code == 404
    assert client.get(f"/needs/case/{number}").status_code == 200


@pytest.mark.clause("6.3.1-1")
def test_staff_record_a_need_from_the_phone_for_a_registered_enterprise(world):
    app, client = world["app"], staff(world)
    with app.app_context():
        uscc = db.session.get(Organisation, world["ent_b"]["org"]).uscc
    token, _ = form_token(client, "/needs/intake")
    data = {"token": token, "channel": "phone", "need_type": "service", "item": ITEM, "title": "电话来电：检测",
            "description": "来电咨询检测并希望平台匹配机构", "contact_name": "赵先生", "contact": "0951-1234567", "uscc": "9" * 18}
    refused = client.post("/needs/intake", data=data)
    assert refused.status_code == 422 and "没有使用该统一社会信用代码的已注册企业" in refused.get_data(as_text=True)
    html = client.post("/needs/intake", data={**data, "uscc": uscc}).get_data(as_text=True)
    number = NUMBER.search(html).group(0)
    need = need_of(world, number)
    assert (need.channel, need.organisation_id, need.filed_by_id is not None) == ("phone", world["ent_b"]["org"], True)
    assert number in member(world, "ent_b").get("/needs/mine/").get_data(as_text=True)
    assert "电话" in client.get(f"/needs/case/{number}").get_data(as_text=True)


# -- the case page and its steps ---------------------------------------------------------------------------

@pytest.mark.clause("6.3.2-1")
def test_staff_respond_once_and_refused_steps_change_nothing(world):
    number, _ = file_need(world)
    client = staff(world)
    page = client.get(f"/needs/case/{number}").get_data(as_text=True)
    assert 'data-step="respond"' in page and 'data-step="accept"' not in page
    assert "已完成：响应" in step(client, number, "respond").get_data(as_text=True)
    again = step(client, number, "respond").get_data(as_text=True)  # a double post
    assert "现在不能“响应”" in again
    refused = step(client, number, "plan", comment="  ").get_data(as_text=True)  # a plan needs its text
    assert "请填写服务方案" in refused
    with world["app"].app_context():
        actions = db.session.scalars(sa.select(NeedEvent.action).join(Need).where(Need.number == number)
                                     .order_by(NeedEvent.id)).all()
    assert actions == ["file", "respond"] and need_of(world, number).state == "responded"


def test_an_enterprise_may_not_take_staff_steps_on_its_own_need(world):
    client = member(world, "ent_a")
    number, _ = file_need(world, client)
    page = client.get(f"/needs/case/{number}").get_data(as_text=True)
    assert 'data-step="respond"' not in page and 'data-step="cancel"' in page
    step(client, number, "respond")
    assert need_of(world, number).state == "submitted"


@pytest.mark.clause("6.3.2-2")
def test_matching_offers_the_platform_institutions_of_the_category(world):
    number, _ = file_need(world)
    client = staff(world)
    step(client, number, "respond")
    step(client, number, "plan", comment="安排检测机构")
    page = client.get(f"/needs/case/{number}").get_data(as_text=True)
    options = re.search(r'<select class="form-control" name="institution_id".*?</select>', page, re.S).group(0)
    assert world["inst_c"]["name"] in options and world["inst_d"]["name"] in options
    assert "请选择服务机构" in step(client, number, "match", institution_id="abc").get_data(as_text=True)
    step(client, number, "match", institution_id=str(world["inst_c"]["org"]))
    assert need_of(world, number).institution_id == world["inst_c"]["org"]


@pytest.mark.clause("6.3.2-2")
def test_platform_institutions_are_proposed_before_outside_ones(world, monkeypatch):
    from app.needs import matching
    from app.needs.types import MatchCandidate

    number, _ = file_need(world)
    client = staff(world)
    step(client, number, "respond")
    step(client, number, "plan", comment="匹配机构")
    outside = MatchCandidate(world["inst_d"]["org"], "平台外某研究院", outside=True)
    platform = MatchCandidate(world["inst_c"]["org"], world["inst_c"]["name"])
    monkeypatch.setattr(matching, "candidates", lambda session, need, limit=10: [outside, platform])
    page = client.get(f"/needs/case/{number}").get_data(as_text=True)
    options = re.findall(r'<option value="(\d+)">', re.search(r'name="institution_id".*?</select>', page, re.S).group(0))
    assert options == [str(world["inst_c"]["org"]), str(world["inst_d"]["org"])]
    assert "平台外某研究院 (平台外)" in page


@pytest.mark.clause("4.1-4d")
def test_an_institution_sees_and_acts_only_on_needs_matched_to_it(world):
    number, _ = file_need(world)
    client = staff(world)
    for name, extra in [("respond", {}), ("plan", {"comment": "送检"}),
                        ("match", {"institution_id": str(world["inst_c"]["org"])})]:
        step(client, number, name, **extra)
    mine, other = member(world, "inst_c"), member(world, "inst_d")
    assert number in mine.get("/needs/incoming/").get_data(as_text=True)
    assert number not in other.get("/needs/incoming/").get_data(as_text=True)
    assert other.get(f"/needs/case/{number}").status_code == 404
    step(other, number, "accept", follow=False)
    assert need_of(world, number).state == "matched"
    dashboard = mine.get("/dashboard/").get_data(as_text=True)
    assert queue_counts(dashboard)["requests_new"] >= 1
    step(mine, number, "decline", comment="满负荷")
    need = need_of(world, number)
    assert (need.state, need.institution_id) == ("planned", None)
    assert mine.get(f"/needs/case/{number}").status_code == 404


def test_window_staff_see_only_their_windows_needs(world, monkeypatch):
    import app.needs.views as views
    import app.scoping as scoping

    app = world["app"]
    with app.app_context():
        ours, _ = flow.file_need(db.session, need_type="service", title="窗口受理", contact_name="甲", contact="13800000001",
                                 actor="t", channel="window", window_id=7)
        theirs, _ = flow.file_need(db.session, need_type="service", title="别的窗口", contact_name="乙",
                                   contact="13800000002", actor="t", channel="window", window_id=8)
        db.session.commit()
        ours, theirs = ours.number, theirs.number
    for module in (views, scoping):
        monkeypatch.setattr(module, "user_window_ids", lambda user: [7])
    client = staff(world, "t_window")
    assert client.get(f"/needs/case/{ours}").status_code == 200
    assert client.get(f"/needs/case/{theirs}").status_code == 404
    listing = client.get("/needs/list/?psize_NeedListView=100").get_data(as_text=True)
    assert ours in listing and theirs not in listing
    export = client.get("/needs/export/").get_data(as_text=True)
    assert ours in export and theirs not in export and "<a href" not in export
    board = client.get("/needs/board/?show=open").get_data(as_text=True)
    assert ours in board and theirs not in board


# -- following without an account ------------------------------------------------------------------------

@pytest.mark.clause("6.3.2-1")
def test_anyone_with_the_number_and_code_follows_the_case_and_nobody_else(world):
    client = world["app"].test_client()
    number, html = file_need(world, client)
    code = re.search(r'class="qi-secret-code"><strong>([A-Z2-9]{8})</strong>', html).group(1)
    step(staff(world), number, "respond")
    page = client.post("/needs/follow", data={"number": number.lower(), "code": code.lower()})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "已响应" in text and "t_platform" not in text and "13995112233" not in text
    for number_, code_ in [(number, "AAAAAAAA"), ("XQ-2000-000001", code), ("nonsense", code)]:
        wrong = client.post("/needs/follow", data={"number": number_, "code": code_})
        assert wrong.status_code == 404 and "没有找到" in wrong.get_data(as_text=True)


def test_wrong_codes_are_throttled(world):
    app = world["app"]
    client = app.test_client()
    number, _ = file_need(world, client)
    statuses = [client.post("/needs/follow", data={"number": number, "code": "WRONGWRO"}).status_code
                for _ in range(6)]
    assert statuses[:5] == [404] * 5 and statuses[5] == 429


# -- the SLA board ----------------------------------------------------------------------------------------

@pytest.mark.clause("6.3.2-1")
def test_the_board_counts_overdue_and_due_today(world, monkeypatch):
    import app.needs.views as views

    client = staff(world)
    number, _ = file_need(world)
    need = need_of(world, number)
    monkeypatch.setattr(views, "today", lambda: need.respond_due)
    page = client.get("/needs/board/?show=today").get_data(as_text=True)
    assert number in page
    monkeypatch.setattr(views, "today", lambda: need.respond_due + dt.timedelta(days=1))
    page = client.get("/needs/board/?show=overdue").get_data(as_text=True)
    row = re.search(rf'<tr class="qi-need-row" data-number="{number}">.*?</tr>', page, re.S).group(0)
    assert "qi-overdue" in row
    dashboard = client.get("/dashboard/").get_data(as_text=True)
    assert queue_counts(dashboard)["needs_open"] >= 1
    step(client, number, "respond")
    page = client.get("/needs/board/?show=overdue").get_data(as_text=True)
    assert number not in page


def test_the_boards_list_comes_soonest_due_first_page_after_page(world):
    import app.needs.views as views

    client = staff(world)
    with world["app"].app_context():
        for n in range(views.PAGE_SIZE + 3):
            flow.file_need(db.session, need_type="service", title=f"到期顺序{n}", contact_name="甲",
                           contact="13800000001", actor="t")
        db.session.commit()
        expected = [number for (number,) in db.session.execute(
            sa.select(Need.number).where(Need.state.in_(views.OPEN))
            .order_by(Need.respond_due, Need.answer_due, Need.id))]

    def numbers(page):
        html = client.get(f"/needs/board/?show=open&page={page}").get_data(as_text=True)
        return re.findall(r'<tr class="qi-need-row" data-number="([^"]+)">', html)

    shown = [n for page in range(-(-len(expected) // views.PAGE_SIZE)) for n in numbers(page)]
    assert shown == expected


def test_the_board_runs_the_same_statements_whatever_the_number_of_needs(world):
    app, client = world["app"], staff(world)

    def statements():
        seen = []
        with app.app_context():
            engine = db.engine
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        client.get("/needs/board/?show=open")  # once first: the navbar's queue counts are then kept
        sa.event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get("/needs/board/?show=open").status_code == 200
        finally:
            sa.event.remove(engine, "before_cursor_execute", listener)
        return len(seen)

    before = statements()
    with app.app_context():
        for n in range(30):
            flow.file_need(db.session, need_type="service", title=f"批量{n}", contact_name="甲", contact="13800000001",
                           actor="t")
        db.session.commit()
    assert statements() == before


# -- consultations are needs ---------------------------------------------------------------------------------

def open_count(client) -> int:
    board = client.get("/needs/board/").get_data(as_text=True)
    return int(re.search(r'data-count="open">\s*<span class="qi-tile-name">(\d+)</span>', board).group(1))


@pytest.mark.clause("6.3.2-1")
def test_a_consultation_is_a_need_on_the_same_clock(world):
    client = world["app"].test_client()
    before = open_count(staff(world))
    token, _ = form_token(client, f"/item/{ITEM}")
    response = client.post(f"/item/{ITEM}/consult", data={"token": token, "name": "张工", "contact": "13995112233",
                                                          "question": "农残检测需要多少样品？"})
    assert response.headers["Location"] == f"/consultation/{token}"
    with world["app"].app_context():
        need = db.session.scalar(sa.select(Need).where(Need.token == token))
        assert (need.need_type, need.description) == ("consultation", "农残检测需要多少样品？")
        assert need.respond_due == flow.clock.deadlines(need.submitted_at)[1]
        number = need.number
    assert "咨询" in client.get(f"/consultation/{token}").get_data(as_text=True)
    assert open_count(staff(world)) == before + 1
    assert number in staff(world).get(f"/needs/case/{number}").get_data(as_text=True)


def test_a_step_raced_by_another_request_is_taken_once(world, monkeypatch):
    """Two posts of the same step at once: the second read the need before the first committed; it
    finds the need moved on and takes nothing (one history step, not two)."""
    import app.needs.views as views

    number, _ = file_need(world)
    client = staff(world)
    real = views.actor_kinds

    def first_commits_meanwhile(user, need):
        with db.engine.begin() as conn:  # the other request's respond, committed after this one read the need
            conn.execute(sa.update(Need).where(Need.id == need.id).values(state="responded"))
            conn.execute(sa.insert(NeedEvent).values(need_id=need.id, actor="other", action="respond",
                                                     from_state="submitted", to_state="responded",
                                                     at=dt.datetime(2026, 1, 1)))
        monkeypatch.setattr(views, "actor_kinds", real)
        return real(user, need)

    monkeypatch.setattr(views, "actor_kinds", first_commits_meanwhile)
    page = step(client, number, "respond").get_data(as_text=True)
    assert "刚被他人处理" in page
    with world["app"].app_context():
        actions = db.session.scalars(sa.select(NeedEvent.action).join(Need).where(Need.number == number)).all()
    assert actions == ["file", "respond"]
