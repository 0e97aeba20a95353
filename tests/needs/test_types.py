"""Need types and matchers contributed by plugins: one clock and one list for every type, checked at
start-up, matchers merged with platform institutions first, a failing matcher isolated."""
import datetime as dt
import textwrap

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.needs import flow, matching
from app.needs.models import Need, NeedEvent
from app.needs.types import BUILT_IN, MATCHERS_KEY, TYPES_KEY, MatchCandidate, NeedMatcher, NeedType
from app.plugins.failures import NEED_MATCHER, NEED_STEP, PluginFailure
from app.plugins.manager import LOADED

MONDAY_10H_CHINA = dt.datetime(2026, 11, 16, 2, 0)  # a Monday without holidays around it


def _file(need_type, **extra):
    need, _ = flow.file_need(db.session, need_type=need_type, title="t", contact_name="n", contact="c", actor="a",
                             submitted_at=MONDAY_10H_CHINA, **extra)
    return need


@pytest.mark.clause("6.3.2-1")
def test_need_types_of_two_plugins_run_on_one_clock_and_in_one_list(app, org_factory):
    enterprise, _ = org_factory("enterprise", "两类需求测试有限公司")
    with app.app_context():
        types = {t.code: t for t in app.extensions[TYPES_KEY]}
        assert [t.code for t in app.extensions[TYPES_KEY][:2]] == [t.code for t in BUILT_IN]  # the platform's first
        assert types["metrology_calibration"].plugin == "metrology" and types["ip_navigation"].plugin == "ip"
        calibration = _file("metrology_calibration", organisation_id=enterprise, details={"instruments": []})
        navigation = _file("ip_navigation", organisation_id=enterprise, details={"field": "f", "goal": "g"})
        for need in (calibration, navigation):
            assert (need.counted_from, need.respond_due, need.answer_due) == (
                dt.date(2026, 11, 16), dt.date(2026, 11, 17), dt.date(2026, 11, 19))
            assert need.number.startswith("XQ-2026-")
        # filed without an item, each is filed under its type's guide item and category
        assert (calibration.item.code, calibration.category.code) == ("metrology-verification-calibration",
                                                                      "metrology")
        assert (navigation.item.code, navigation.category.code) == ("ip-navigation-protection-finance", "ip")
        listed = db.session.scalars(sa.select(Need.need_type).where(Need.organisation_id == enterprise)
                                    .order_by(Need.id)).all()
        assert listed == ["metrology_calibration", "ip_navigation"]
        db.session.rollback()


def _plugin(folder, name, body):
    package = folder / name
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("from app.kit import hookimpl, NeedType, NeedMatcher\n" + textwrap.dedent(body))


BAD_TYPES = {
    "not_a_type": ("[{'code': 'badtype_x', 'name': 'X'}]", "must return NeedType objects"),
    "not_namespaced": ("[NeedType('calibration', 'X')]", "must be badtype_<name>"),
    "answer_before_response": ("[NeedType('badtype_x', 'X', respond_days=3, answer_days=1)]",
                               "answer_days must not be shorter"),
    "bad_category": ("[NeedType('badtype_x', 'X', category='Metrology!')]", "is not a category code"),
    "listed_twice": ("[NeedType('badtype_x', 'X'), NeedType('badtype_x', 'Y')]", "listed twice"),
}


@pytest.mark.parametrize("case", sorted(BAD_TYPES))
def test_a_malformed_need_type_refuses_its_plugin(make_app, tmp_path, case):
    answer, message = BAD_TYPES[case]
    folder = tmp_path / f"qi_badtype_{case}"
    _plugin(folder, "badtype", f"""
        @hookimpl
        def qi_service_categories():
            return [{{"code": "badtype", "name_zh": "坏类型", "name_en": "Bad type"}}]

        @hookimpl
        def qi_need_types():
            return {answer}
    """)
    _plugin(folder, "goodtype", """
        @hookimpl
        def qi_need_types():
            return [NeedType("goodtype_review", "Review", category="quality")]
    """)
    app = make_app(init=False, QI_PLUGINS_DIRS=[str(folder)])
    records = app.extensions["qi_plugins"].records
    assert records["badtype"].status == "failed" and message in records["badtype"].error
    assert records["goodtype"].status == LOADED
    codes = [t.code for t in app.extensions[TYPES_KEY]]
    assert "goodtype_review" in codes and not any(c.startswith("badtype") for c in codes)
    assert "badtype" not in [c["code"] for _, c in app.extensions["qi_plugins"].contributions("qi_service_categories")]


def test_a_malformed_or_clashing_matcher_refuses_its_plugin(make_app, tmp_path):
    folder = tmp_path / "qi_badmatcher"
    _plugin(folder, "lab", """
        @hookimpl
        def qi_need_matchers():
            return [NeedMatcher("lab_x_rank", "Rank", lambda s, n, l: [])]
    """)
    _plugin(folder, "lab_x", """
        @hookimpl
        def qi_plugin_info():
            return {"table_prefix": "labx_"}

        @hookimpl
        def qi_need_matchers():
            return [NeedMatcher("lab_x_rank", "Rank too", lambda s, n, l: [])]
    """)
    _plugin(folder, "nomatch", """
        @hookimpl
        def qi_need_matchers():
            return [NeedMatcher("nomatch_rank", "Rank", "not a function")]
    """)
    app = make_app(init=False, QI_PLUGINS_DIRS=[str(folder)])
    records = app.extensions["qi_plugins"].records
    assert records["lab"].status == LOADED
    assert records["lab_x"].status == "failed" and "'lab_x_rank' is already declared by lab" in records["lab_x"].error
    assert records["nomatch"].status == "failed" and "match must be a function" in records["nomatch"].error
    assert [(m.code, m.plugin) for m in app.extensions[MATCHERS_KEY] if m.code.startswith(("lab", "nomatch"))] == [
        ("lab_x_rank", "lab")]


@pytest.fixture
def matchers(app, monkeypatch):
    """Replace the application's matchers for one test: ``matchers(*NeedMatcher)``."""
    def install(*found):
        monkeypatch.setitem(app.extensions, MATCHERS_KEY, list(found))
    return install


def _fixed(plugin, *candidates, categories=("quality",)):
    return NeedMatcher(f"{plugin}_fixed", plugin, lambda session, need, limit: list(candidates), categories,
                       plugin=plugin)


@pytest.mark.clause("6.3.2-2")
def test_matchers_are_merged_platform_institutions_first_each_once_and_bounded(app, matchers):
    outside, weak, strong = MatchCandidate(1, "外部机构", 1.0, outside=True), MatchCandidate(2, "弱"), \
        MatchCandidate(3, "强", 0.9)
    matchers(_fixed("one", outside, MatchCandidate(2, "弱", 0.2)),
             _fixed("two", strong, MatchCandidate(2, "弱", 0.5, "better reason"), MatchCandidate(1, "外部机构")),
             _fixed("other", MatchCandidate(9, "别的类别"), categories=("metrology",)))
    with app.app_context():
        need = _file("service", item=_item("quality"))
        found = matching.candidates(db.session, need)
        # institution 1 is on the platform according to matcher two, with its best score (1.0) of matcher one
        assert [(c.institution_id, c.outside, c.score) for c in found] == [(1, False, 1.0), (3, False, 0.9),
                                                                           (2, False, 0.5)]
        assert found[2].reason == "better reason"
        matchers(_fixed("one", outside, weak), _fixed("two", strong))
        assert [c.institution_id for c in matching.candidates(db.session, need)] == [3, 2, 1]  # outside last
        assert [c.institution_id for c in matching.candidates(db.session, need, limit=2)] == [3, 2]
        db.session.rollback()


def _item(category):
    from app.catalog.models import ServiceCategory, ServiceItem

    return db.session.scalar(sa.select(ServiceItem).join(ServiceCategory).where(ServiceCategory.code == category)
                             .limit(1))


def _failures(plugin, kind):
    return db.session.scalar(sa.select(PluginFailure.count).where(PluginFailure.plugin == plugin,
                                                                  PluginFailure.kind == kind)) or 0


@pytest.mark.clause("6.3.2-2")
def test_a_raising_matcher_is_isolated_and_counted_and_the_others_still_answer(app, matchers):
    def broken(session, need, limit):
        session.execute(sa.text("SELECT * FROM no_such_table"))  # a failed query, then the error

    def junk(session, need, limit):
        return ["not a candidate"]

    matchers(NeedMatcher("flaky_rank", "Flaky", broken, ("quality",), plugin="flaky"),
             NeedMatcher("junky_rank", "Junky", junk, ("quality",), plugin="junky"),
             _fixed("good", MatchCandidate(7, "好机构", 0.1)))
    with app.app_context():
        before = _failures("flaky", NEED_MATCHER), _failures("junky", NEED_MATCHER)
        need = _file("service", item=_item("quality"))
        db.session.commit()  # the need page reads a need on record
        assert [c.name for c in matching.candidates(db.session, need)] == ["好机构"]
        # the page's session still works after the failed query
        assert db.session.scalar(sa.select(Need.number).where(Need.id == need.id)) == need.number
        db.session.rollback()
        assert (_failures("flaky", NEED_MATCHER), _failures("junky", NEED_MATCHER)) == (before[0] + 1, before[1] + 1)


def test_the_fallback_list_when_no_matcher_serves_the_category_or_every_one_failed(app, matchers, org_factory):
    org_factory("institution", "质量兜底测试院", types="other")

    def broken(session, need, limit):
        raise RuntimeError("down")

    with app.app_context():
        need = _file("service", item=_item("quality"))
        matchers(_fixed("metro", MatchCandidate(9, "计量"), categories=("metrology",)))
        assert "质量兜底测试院" in [c.name for c in matching.candidates(db.session, need, limit=100)]
        matchers(NeedMatcher("flaky_rank", "Flaky", broken, ("quality",), plugin="flaky"))
        assert "质量兜底测试院" in [c.name for c in matching.candidates(db.session, need, limit=100)]
        db.session.rollback()


def test_a_failing_on_step_is_rolled_back_and_counted_and_the_step_stands(app, monkeypatch):
    def on_step(session, need, step):
        need.title = "changed by the plugin"
        raise RuntimeError("plugin bug")

    kind = NeedType("stepper_case", "Stepper", on_step=on_step, plugin="stepper")
    monkeypatch.setitem(app.extensions, TYPES_KEY, [*BUILT_IN, kind])
    with app.app_context():
        before = _failures("stepper", NEED_STEP)
        need = _file("stepper_case")
        flow.take_step(db.session, need, "respond", actor="staff", actor_kinds={"staff"})
        db.session.commit()
        need = db.session.get(Need, need.id)
        assert need.state == "responded" and need.title == "t"
        assert [e.action for e in db.session.scalars(sa.select(NeedEvent).where(NeedEvent.need_id == need.id)
                                                     .order_by(NeedEvent.id))] == ["file", "respond"]
        assert _failures("stepper", NEED_STEP) == before + 2  # on filing and on responding
        db.session.delete(need)  # a need of a type no plugin declares stays out of other tests' lists
        db.session.commit()
