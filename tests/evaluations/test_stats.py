"""Quarterly statistics (7.1-3) against figures computed by hand from a small set of rows.

The world (``build_world``): 2026 Q1 has three evaluations, four needs, four invitations and three
complaints; 2025 Q4 one evaluation; the figures below are worked out on paper from those rows.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import itertools

import pytest
from sqlalchemy import select

from app.catalog.models import ServiceCategory
from app.complaints.models import Complaint
from app.evaluations import stats
from app.evaluations.models import Evaluation, EvaluationContent, SurveyInvitation
from app.extensions import db
from app.needs import flow
from app.testing.orgs import make_org
from app.testing.windows import make_window

_serial = itertools.count(1)


def add_evaluation(session, ratings, *, year, quarter, window_id=None, institution_id=None, categories=(),
                   submitted_at=None):
    """One evaluation row of ``year``/``quarter`` with ``ratings`` (nine ints, or one int for all)."""
    ratings = [ratings] * 9 if isinstance(ratings, int) else list(ratings)
    n = next(_serial)
    row = Evaluation(respondent=f"c:stats-{n}", user_name="统计测试企业", service_date=dt.date(year, 3 * quarter - 1, 1),
                     contact_name="张三", phone="13800000000", institution_name="统计测试机构",
                     window_id=window_id, institution_id=institution_id, year=year, quarter=quarter,
                     submitted_at=submitted_at or dt.datetime(year, 3 * quarter - 1, 10, 2, 0),
                     **{f"r{k + 1}": r for k, r in enumerate(ratings)})
    session.add(row)
    session.flush()
    for category_id in categories:
        session.add(EvaluationContent(evaluation_id=row.id, category_id=category_id))
    session.flush()
    return row


def add_complaint(session, submitted_at, institution_id=None, window_id=None, institution_name=None):
    n = next(_serial)
    session.add(Complaint(number=f"TS-T-{n:06d}", code_hash=hashlib.sha256(b"x").hexdigest(), token=f"stats-{n}",
                          institution_id=institution_id, institution_name=institution_name, window_id=window_id,
                          complaint_type="quality", content="内容", request="要求", complainant_name="李四",
                          contact="13800000000", submitted_at=submitted_at))
    session.flush()


def add_need(session, submitted_at, window_id=None, institution_id=None):
    need, _ = flow.file_need(session, need_type="service", title="统计测试需求", contact_name="张三",
                             contact="13800000000", actor="tester", submitted_at=submitted_at, window_id=window_id)
    need.institution_id = institution_id
    session.flush()
    return need


def add_invitation(session, need, created_at, used_at=None):
    n = next(_serial)
    session.add(SurveyInvitation(need_id=need.id, token_hash=hashlib.sha256(f"stats-{n}".encode()).hexdigest(),
                                 created_at=created_at, expires_at=created_at + dt.timedelta(days=30), used_at=used_at))
    session.flush()


def build_world(app) -> dict:
    """The rows of the hand-computed fixture; returns their ids."""
    with app.app_context():
        session = db.session
        i1 = make_org("institution", "统计一号检测院", types="testing")[0]
        i2 = make_org("institution", "统计二号计量所", types="metrology")[0]
        w1 = make_window("park", "统计一号服务站", code="stats-w1", name_en="Stats Station One")
        w2 = make_window("park", "统计二号服务站", code="stats-w2")
        metrology = session.scalar(select(ServiceCategory.id).where(ServiceCategory.code == "metrology"))
        testing = session.scalar(select(ServiceCategory.id).where(ServiceCategory.code == "testing"))
        # 2026 Q1
        add_evaluation(session, [10, 10, 2, 10, 10, 10, 10, 10, 10], year=2026, quarter=1, window_id=w1,
                       institution_id=i1, categories=[metrology])
        add_evaluation(session, 6, year=2026, quarter=1, window_id=w1, institution_id=i2,
                       categories=[metrology, testing])
        add_evaluation(session, [9, 9, 9, 9, 9, 9, 9, 9, 4], year=2026, quarter=1, window_id=w2, institution_id=i1,
                       categories=[testing])
        # 2025 Q4: the previous quarter
        add_evaluation(session, 7, year=2025, quarter=4, window_id=w1, institution_id=i1, categories=[metrology])
        # needs submitted in 2026 Q1 (a Monday, 10:00 China time): their deadlines from the platform's clock
        submitted = dt.datetime(2026, 2, 2, 2, 0)
        n1, n2, n3, _n4 = (add_need(session, submitted, window_id=w1, institution_id=i1) for _ in range(4))

        def at_china(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:  # naive UTC of a China time
            return dt.datetime.combine(day, dt.time(hour, minute)) - dt.timedelta(hours=8)

        n1.responded_at = at_china(n1.respond_due, 23, 30)  # the last half hour of the due day: on time
        n1.answered_at = at_china(n1.answer_due + dt.timedelta(days=1), 9)  # a day late
        n2.responded_at = at_china(n2.respond_due + dt.timedelta(days=1), 0, 30)  # half an hour late
        n3.responded_at = at_china(n3.respond_due, 9)
        n3.answered_at = at_china(n3.answer_due, 9)
        # invitations: four created in 2026 Q1, two used in it, one used after it ended; one of 2025 Q4
        holder = add_need(session, dt.datetime(2025, 8, 4, 2, 0))
        add_invitation(session, holder, dt.datetime(2026, 1, 5), used_at=dt.datetime(2026, 1, 6))
        add_invitation(session, holder, dt.datetime(2026, 2, 5), used_at=dt.datetime(2026, 3, 6))
        add_invitation(session, holder, dt.datetime(2026, 3, 25), used_at=dt.datetime(2026, 4, 5))
        add_invitation(session, holder, dt.datetime(2026, 3, 26))
        add_invitation(session, holder, dt.datetime(2025, 12, 1), used_at=dt.datetime(2025, 12, 2))
        # complaints: three in 2026 Q1 (two about i1, one of them taken at w1; one about an outside body)
        add_complaint(session, dt.datetime(2026, 1, 10), institution_id=i1, window_id=w1)
        add_complaint(session, dt.datetime(2026, 3, 10), institution_id=i1)
        add_complaint(session, dt.datetime(2026, 2, 10), institution_name="区外某检测公司")
        add_complaint(session, dt.datetime(2026, 3, 31, 16, 0))  # 2026-04-01 00:00 China time: Q2
        session.commit()
        return {"i1": i1, "i2": i2, "w1": w1, "w2": w2, "metrology": metrology, "testing": testing}


@pytest.fixture(scope="module")
def world(make_app):
    app = make_app()
    return app, build_world(app)


def _by_id(lines, key):
    return next(line for line in lines if line["id"] == key)


def _means(figures):
    return [figures["means"][f"r{k}"] for k in range(1, 10)]


@pytest.mark.clause("7.1-3")
def test_quarter_figures_equal_the_hand_computed_ones(world):
    app, ids = world
    with app.app_context():
        result = stats.quarter_stats(db.session, 2026, 1)
    platform = result["platform"]
    assert platform["count"] == 3
    # r1: (10 + 6 + 9) / 3, r3: (2 + 6 + 9) / 3, r9: (10 + 6 + 4) / 3
    assert _means(platform) == pytest.approx([25 / 3, 25 / 3, 17 / 3, 25 / 3, 25 / 3, 25 / 3, 25 / 3, 25 / 3, 20 / 3],
                                             abs=1e-4)
    assert platform["overall"] == pytest.approx(212 / 27, abs=1e-4)  # (7 × 25/3 + 17/3 + 20/3) / 9
    assert platform["bands"]["r1"] == [0, 0, 1, 0, 2]  # 6 neutral, 10 and 9 very satisfied
    assert platform["bands"]["r3"] == [1, 0, 1, 0, 1]  # 2 very dissatisfied
    assert platform["bands"]["r9"] == [0, 1, 1, 0, 1]  # 4 rather dissatisfied
    # the previous quarter: one evaluation, all 7
    assert platform["previous"]["count"] == 1 and platform["previous"]["overall"] == pytest.approx(7)
    assert platform["delta"]["count"] == 2
    assert platform["delta"]["overall"] == pytest.approx(212 / 27 - 7, abs=1e-4)

    w1, w2 = _by_id(result["windows"], ids["w1"]), _by_id(result["windows"], ids["w2"])
    assert (w1["count"], w2["count"]) == (2, 1)
    assert w1["overall"] == pytest.approx(68 / 9, abs=1e-4)  # (8 × 8 + 4) / 9
    assert w2["overall"] == pytest.approx(76 / 9, abs=1e-4)  # (8 × 9 + 4) / 9
    assert [w["id"] for w in result["windows"]] == [ids["w2"], ids["w1"]]  # the ranking: best overall first
    assert w1["name"] == "统计一号服务站" and w1["name_en"] == "Stats Station One"
    assert w1["delta"]["overall"] == pytest.approx(68 / 9 - 7, abs=1e-4) and w2["delta"] is None

    i1, i2 = _by_id(result["institutions"], ids["i1"]), _by_id(result["institutions"], ids["i2"])
    assert i1["count"] == 2 and i1["overall"] == pytest.approx(79 / 9, abs=1e-4)  # (7 × 9.5 + 5.5 + 7) / 9
    assert i2["count"] == 1 and i2["overall"] == pytest.approx(6)
    assert i1["bands"]["r3"] == [1, 0, 0, 0, 1]

    metrology, testing = _by_id(result["categories"], ids["metrology"]), _by_id(result["categories"], ids["testing"])
    assert (metrology["count"], testing["count"]) == (2, 2)  # the second evaluation ticked both
    assert metrology["code"] == "metrology" and metrology["overall"] == pytest.approx(68 / 9, abs=1e-4)
    assert testing["overall"] == pytest.approx(65 / 9, abs=1e-4)  # (8 × 7.5 + 5) / 9
    assert metrology["previous"]["count"] == 1 and testing["previous"] is None


@pytest.mark.clause("7.1-3")
def test_response_rate_sla_and_complaints_equal_the_hand_computed_ones(world):
    app, ids = world
    with app.app_context():
        result = stats.quarter_stats(db.session, 2026, 1)
    # four invitations created in the quarter; two used before it ended (one used in April is late)
    assert result["response"] == {"sent": 4, "used": 2, "rate": 0.5}
    assert result["previous"]["response"] == {"sent": 1, "used": 1, "rate": 1.0}
    # four needs: responded on time n1 (23:30 on its due day) and n3; n2 half an hour late; answered on time: n3
    assert result["sla"] == {"needs": 4, "responded_on_time": 2, "answered_on_time": 1, "respond_rate": 0.5,
                             "answer_rate": 0.25}
    assert _by_id(result["windows"], ids["w1"])["sla"]["needs"] == 4
    assert _by_id(result["institutions"], ids["i1"])["sla"]["responded_on_time"] == 2
    # complaints: three in the quarter (the one at 00:00 on 1 April China time is Q2's)
    assert result["complaints"] == 3
    assert _by_id(result["institutions"], ids["i1"])["complaints"] == 2
    assert _by_id(result["windows"], ids["w1"])["complaints"] == 1
    assert _by_id(result["windows"], ids["w2"])["complaints"] == 0


@pytest.mark.clause("7.1-3")
def test_a_closed_quarter_stays_the_same_when_later_rows_arrive(world):
    app, ids = world
    with app.app_context():
        before = stats.quarter_stats(db.session, 2026, 1)
        # a paper survey typed in during Q2 belongs to Q2, as do later needs, invitations and complaints
        add_evaluation(db.session, 1, year=2026, quarter=2, window_id=ids["w1"], institution_id=ids["i1"],
                       categories=[ids["metrology"]])
        add_complaint(db.session, dt.datetime(2026, 5, 1), institution_id=ids["i1"], window_id=ids["w1"])
        holder = add_need(db.session, dt.datetime(2026, 5, 4, 2, 0), window_id=ids["w1"], institution_id=ids["i1"])
        add_invitation(db.session, holder, dt.datetime(2026, 5, 5), used_at=dt.datetime(2026, 5, 6))
        db.session.commit()
        after = stats.quarter_stats(db.session, 2026, 1)
        later = stats.quarter_stats(db.session, 2026, 2)
    assert after == before
    assert later["platform"]["count"] == 1 and later["platform"]["previous"]["count"] == 3


def test_an_empty_quarter_has_zero_counts_and_no_means(world):
    app, _ = world
    with app.app_context():
        result = stats.quarter_stats(db.session, 2019, 3)
    assert result["platform"]["count"] == 0 and result["platform"]["overall"] is None
    assert result["windows"] == [] and result["response"]["rate"] is None and result["sla"]["respond_rate"] is None


@pytest.mark.parametrize("year, quarter", [("x", 1), (2026, 5), (2026, 0), (1800, 1), (None, None), ("2026", "Q9")])
def test_a_quarter_that_does_not_exist_is_refused(year, quarter):
    with pytest.raises(stats.QuarterError):
        stats.checked_quarter(year, quarter)


def test_quarters_are_china_time():
    assert stats.quarter_of(dt.datetime(2026, 3, 31, 16, 0)) == (2026, 2)
    assert stats.quarter_of(dt.datetime(2026, 3, 31, 15, 59)) == (2026, 1)
    assert stats.quarter_bounds(2026, 4) == (dt.datetime(2026, 9, 30, 16), dt.datetime(2026, 12, 31, 16))
