"""Every hook, answered with the smallest thing that shows it works."""
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.kit import hookimpl

HERE = Path(__file__).parent


@hookimpl
def qi_plugin_info():
    return {"title_zh": "测试插件", "title_en": "Dummy plugin", "version": "1.2.3",
            "min_platform": "0.1", "settings": {"greeting_count": 1}}


@hookimpl
def qi_service_categories():
    return [{"code": "dummy", "name_zh": "测试类别", "name_en": "Dummy category", "icon": "fa-flask", "order": 99}]


@hookimpl
def qi_service_items():
    from app.kit import load_service_items

    return load_service_items(HERE / "catalog.json")


@hookimpl
def qi_institution_types():
    return [{"code": "dummy_lab", "label_zh": "留样复核实验室", "label_en": "Sample review laboratory",
             "category": "dummy", "order": 90}]


@hookimpl
def qi_dictionaries():
    # the codes of dummy records' titles, for the test of the hook (a code in use is never deleted)
    return [{"code": "dummy_grade", "name_zh": "复核等级", "name_en": "Review grades",
             "items": [{"code": "grade_a", "label_zh": "甲级", "label_en": "Grade A"},
                       {"code": "grade_b", "label_zh": "乙级", "label_en": "Grade B"}],
             "used_by": ["dummy_record.title"]}]


@hookimpl
def qi_models():
    from .models import DummyRecord

    return [DummyRecord]


@hookimpl
def qi_migration_dirs():
    return [str(HERE / "migrations")]


@hookimpl
def qi_views():
    from .views import DummyPublicView, DummyRecordApi, DummyRecordView

    return [
        {"view": DummyRecordView, "name": _l("Dummy records"), "menu": _l("Dummy menu"), "icon": "fa-flask",
         "category": "dummy", "roles": {"Enterprise": ["can_read"], "PlatformStaff": ["can_read", "can_write"]}},
        {"view": DummyRecordApi, "roles": {"Enterprise": ["can_read"]}},
        {"view": DummyPublicView, "name": _l("Dummy greeting page"), "category": "dummy",
         "roles": {"Public": ["can_read"], "Enterprise": ["can_read"]}},
    ]


@hookimpl
def qi_template_dirs():
    return [str(HERE / "templates")]


@hookimpl
def qi_translation_dirs():
    return [str(HERE / "translations")]


@hookimpl
def qi_search_providers():
    from app.kit import SearchDocument, SearchProvider

    from .models import DummyRecord

    return [SearchProvider(
        kind="dummy", label=_l("Dummy records"), model=DummyRecord,
        document=lambda r: SearchDocument(title=r.title, url=f"/dummy/dummyrecordview/show/{r.id}", summary=r.code,
                                          category="dummy", region="640104", public=not r.code.startswith("X")),
    )]


@hookimpl
def qi_generate(ctx):
    from app.kit import bulk_insert

    from .models import DummyRecord

    rows = ({"code": f"G-{i:05d}", "title": f"生成的记录 {i}"} for i in range(ctx.count("dummy_records")))
    return {"dummy_record": bulk_insert(ctx.session, DummyRecord, rows)}


@hookimpl
def qi_demo_data(session, app):
    from .models import DummyRecord

    wanted = {"D-001": "第一条测试记录", "D-002": "第二条测试记录"}
    have = set(session.scalars(select(DummyRecord.code).where(DummyRecord.code.in_(wanted))))
    for code, title in wanted.items():
        if code not in have:
            session.add(DummyRecord(code=code, title=title))
    return len(wanted) - len(have)


@hookimpl
def qi_periodic_tasks():
    from app.kit import PeriodicTask

    from .models import DummyRecord

    def tick(session):
        """Idempotent: the record is added once, however often the task runs."""
        if session.scalar(select(DummyRecord.id).where(DummyRecord.code == "D-TICK")):
            return 0
        session.add(DummyRecord(code="D-TICK", title="定时任务记录"))
        return 1

    return [PeriodicTask(name="dummy-tick", run=tick, description="adds the D-TICK record once")]


@hookimpl
def qi_need_types():
    from app.kit import NeedType

    return [NeedType("dummy_sample_review", _l("Sample review"), category="dummy",
                     summary=lambda need: (need.details or {}).get("sample", ""))]


@hookimpl
def qi_need_matchers():
    from app.kit import MatchCandidate, NeedMatcher, Organisation

    def labs(session, need, limit):
        """Approved institutions of the type dummy_lab, by name."""
        rows = session.scalars(select(Organisation).where(Organisation.institution_types.contains("dummy_lab"),
                                                          Organisation.status == "approved")
                               .order_by(Organisation.name).limit(limit))
        return [MatchCandidate(o.id, o.name, 1.0, "dummy_lab") for o in rows]

    return [NeedMatcher("dummy_labs", _l("Sample review laboratories"), labs, categories=("dummy",))]


@hookimpl
def qi_form_sources():
    # records for a form's "record" field: two per organisation; one source that always fails, to show
    # a broken source leaves the form working
    from app.kit import FormSource

    records = {"1": "复核样品一", "2": "复核样品二"}

    def search(session, organisation_id, text, page):
        return [(k, v) for k, v in records.items() if text in v], False

    def broken(*_args):
        raise RuntimeError("the dummy source is down")

    return [FormSource("dummy_sample", _l("Dummy samples"), search, lambda s, o, i: records.get(i)),
            FormSource("dummy_broken", _l("Dummy broken source"), broken, broken)]
