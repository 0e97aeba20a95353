"""One test per hook of app/plugins/hookspecs.py, driven through the dummy plugin.

tests/plugins/test_contract.py fails when a hook has no ``test_hook_<name>`` here.
"""
import sqlalchemy as sa

from app.extensions import db


def test_hook_qi_plugin_info(app, login_as):
    record = app.extensions["qi_plugins"].records["dummy"]
    assert (record.title_zh, record.title_en, record.version) == ("测试插件", "Dummy plugin", "1.2.3")
    assert app.config["QI_PLUGIN_SETTINGS"]["dummy"] == {"greeting_count": 1}
    page = login_as("t_admin").get("/admin/plugins/").get_data(as_text=True)
    assert "测试插件" in page and "1.2.3" in page


def test_hook_qi_plugin_info_settings_are_overridable(make_app):
    app = make_app(init=False, QI_PLUGIN_SETTINGS={"dummy": {"greeting_count": 3}})
    assert app.config["QI_PLUGIN_SETTINGS"]["dummy"] == {"greeting_count": 3}


def test_hook_qi_service_categories(client):
    page = client.get("/").get_data(as_text=True)
    assert "测试类别" in page
    assert client.get("/category/dummy").status_code == 200


def test_hook_qi_service_items(app):
    # The dummy plugin ships its item and guide in its own catalog.json; `flask qi init` seeded them.
    client = app.test_client()
    category = client.get("/category/dummy").get_data(as_text=True)
    assert "留样复核服务" in category and "/item/dummy-sample-retention" in category
    item = client.get("/item/dummy-sample-retention").get_data(as_text=True)
    assert "留样登记表" in item and "受理后 5 个工作日" in item
    client.get("/lang/en")
    item = client.get("/item/dummy-sample-retention").get_data(as_text=True)
    assert "Retained-sample review" in item and "5 working days after acceptance" in item


def _folder_plugin(tmp_path, name: str, body: str) -> str:
    folder = tmp_path / f"qi_test_{name}_plugins"
    (folder / name).mkdir(parents=True)
    (folder / name / "__init__.py").write_text("from app.plugins import hookimpl\n\n" + body)
    return str(folder)


def test_hook_qi_service_items_are_checked_and_cannot_take_over_an_item(make_app, tmp_path):
    misspelt = _folder_plugin(tmp_path, "misspelt", (
        "@hookimpl\ndef qi_service_items():\n"
        "    return [{'category': 'quality', 'code': 'misspelt-item', 'name_zh': '错拼', 'name_en': 'Misspelt',\n"
        "             'sumary_en': 'a typo'}]\n"))
    taker = _folder_plugin(tmp_path, "taker", (
        "@hookimpl\ndef qi_service_categories():\n"
        "    return [{'code': 'taker', 'name_zh': '抢占类别', 'name_en': 'Taker'}]\n\n"
        "@hookimpl\ndef qi_service_items():\n"
        "    return [{'category': 'quality', 'code': 'quality-diagnosis', 'name_zh': '冒名诊断', 'name_en': 'Fake'}]\n"))
    app = make_app(QI_PLUGINS_DIRS=[misspelt, taker])
    records = app.extensions["qi_plugins"].records
    assert records["misspelt"].status == "failed" and "unknown keys ['sumary_en']" in records["misspelt"].error
    assert records["taker"].status == "failed"
    assert "'quality-diagnosis' is already contributed by core" in records["taker"].error
    client = app.test_client()
    assert "质量诊断" in client.get("/item/quality-diagnosis").get_data(as_text=True)
    assert "冒名诊断" not in client.get("/category/quality").get_data(as_text=True)
    assert "抢占类别" not in client.get("/").get_data(as_text=True)  # refused whole


def test_hook_qi_institution_types(app):
    from tests.accounts.test_registration import form, post

    client = app.test_client()
    page = client.get("/register/?kind=institution").get_data(as_text=True)
    assert 'value="dummy_lab"' in page and "留样复核实验室" in page
    client.get("/lang/en")
    assert "Sample review laboratory" in client.get("/register/?kind=institution").get_data(as_text=True)
    response = post(app, form("institution", n="dummylab@qi.example.cn", institution_types=["dummy_lab"]))
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    with app.app_context():
        from app.accounts.models import Organisation

        org = db.session.scalar(sa.select(Organisation).where(Organisation.name.contains("dummylab@")))
        assert (org.institution_types, org.types, org.categories) == ("dummy_lab", ["dummy_lab"], ["dummy"])
        pk = org.id
    # The label is the reader's, whatever language the applicant registered in.
    staff = app.test_client()
    staff.post("/login/", data={"username": "t_platform", "password": "pw-platform-1"})
    assert "留样复核实验室" in staff.get(f"/review/organisation/{pk}").get_data(as_text=True)
    staff.get("/lang/en")
    assert "Sample review laboratory" in staff.get(f"/review/organisation/{pk}").get_data(as_text=True)


def test_hook_qi_institution_types_unknown_or_taken_are_refused(app, make_app, tmp_path):
    from tests.accounts.test_registration import form, post

    response = post(app, form("institution", n="nonesuch@qi.example.cn", institution_types=["nonesuch"]))
    assert response.status_code == 422
    with app.app_context():
        from app.accounts.models import Organisation

        assert db.session.scalar(sa.select(Organisation.id).where(Organisation.name.contains("nonesuch@"))) is None

    taken = _folder_plugin(tmp_path, "taken", (
        "@hookimpl\ndef qi_institution_types():\n"
        "    return [{'code': 'metrology', 'label_zh': '冒名计量', 'label_en': 'Fake metrology'}]\n"))
    other = make_app(init=False, QI_PLUGINS_DIRS=[str(__import__("app").config.PROJECT_ROOT / "plugins"), taken])
    record = other.extensions["qi_plugins"].records["taken"]
    assert record.status == "failed" and "'metrology' is already declared by metrology" in record.error
    with other.test_request_context():
        from app.accounts.institution_types import institution_types

        assert institution_types()["metrology"].label_zh == "计量"


def test_hook_qi_models(app, login_as):
    assert app.extensions["qi_plugins"].records["dummy"].tables == ["dummy_record"]
    with app.app_context():
        assert "dummy_record" in sa.inspect(db.engine).get_table_names()
    assert "dummy_record" in login_as("t_admin").get("/admin/plugins/").get_data(as_text=True)


def test_hook_qi_migration_dirs(app):
    from alembic.script import ScriptDirectory

    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config(app.extensions["migrate"].directory)
        script = ScriptDirectory.from_config(config)
        applied = set(db.session.scalars(sa.text("SELECT version_num FROM alembic_version")))
    assert "dummy_0001" in script.get_heads() and "dummy_0001" in applied
    with app.app_context():
        assert {"dummy_record", "qi_service_category"} <= set(sa.inspect(db.engine).get_table_names())
    assert script.get_revision("dummy_0001").path.endswith("dummy_plugin/migrations/dummy_0001_dummy_record.py")


def test_hook_qi_views(app, client, login_as):
    # Enterprise may read the plugin's CRUD view and API, not write; anonymous users may not read.
    assert client.get("/dummy/dummyrecordview/list/").status_code == 302
    enterprise = login_as("t_enterprise")
    assert enterprise.get("/dummy/dummyrecordview/list/").status_code == 200
    assert enterprise.get("/dummy/dummyrecordview/add").status_code == 403
    enterprise.post("/logout/")
    platform = login_as("t_platform")
    response = platform.post("/dummy/dummyrecordview/add", data={"code": "V-1", "title": "视图新增"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.text("SELECT title FROM dummy_record WHERE code = 'V-1'")) == "视图新增"
    menu = platform.get("/dashboard/").get_data(as_text=True)
    assert "/dummy/dummyrecordview/list/" in menu
    assert app.extensions["qi_plugins"].records["dummy"].views == ["DummyRecordView", "DummyRecordApi", "DummyPublicView"]


def test_hook_qi_views_api_is_permission_checked(app):
    client = app.test_client()
    token = client.post("/api/v1/security/login", json={
        "username": "t_enterprise", "password": "pw-enterprise-1", "provider": "db"}).get_json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/dummy_record/", headers=headers).status_code == 200
    assert client.post("/api/v1/dummy_record/", json={"code": "A-1", "title": "x"}, headers=headers).status_code == 403
    assert client.get("/api/v1/dummy_record/").status_code == 401


def test_hook_qi_template_dirs(client):
    response = client.get("/dummy/hello")
    assert response.status_code == 200
    assert 'id="dummy-greeting"' in response.get_data(as_text=True)


def test_hook_qi_translation_dirs(app):
    client = app.test_client()
    assert "测试问候" in client.get("/dummy/hello").get_data(as_text=True)
    client.get("/lang/en")
    assert "Dummy greeting" in client.get("/dummy/hello").get_data(as_text=True)


def test_hook_qi_search_providers(app):
    from app.search.query import search
    from tests.plugins.dummy_plugin.models import DummyRecord

    with app.app_context():
        db.session.add_all([DummyRecord(code="S-1", title="宁夏枸杞检测样品记录"),
                            DummyRecord(code="X-1", title="内部枸杞备忘")])
        db.session.commit()
        found = search(db.session, "枸杞", kind="dummy")
        assert [h.title for h in found.hits] == ["宁夏枸杞检测样品记录"]  # X-1 is not public
        assert found.counts["dummy"] == 1
        assert search(db.session, "枸杞", kind="dummy", region="640100").total == 1  # 640104 is in 6401
        assert search(db.session, "枸杞", kind="dummy", region="640200").total == 0
        record = db.session.scalar(sa.select(DummyRecord).where(DummyRecord.code == "S-1"))
        db.session.delete(record)
        db.session.commit()
        assert search(db.session, "枸杞", kind="dummy").total == 0


def test_hook_qi_search_providers_kind_must_be_unique(make_app, tmp_path):
    folder = tmp_path / "qi_test_search_kinds"
    # A plugin named like a core kind: its namespaced kind is taken by the core.
    (folder / "item").mkdir(parents=True)
    (folder / "item" / "__init__.py").write_text(
        "from app.plugins import hookimpl\n"
        "from app.search.providers import SearchProvider\n"
        "from app.catalog.models import ServiceItem\n\n"
        "@hookimpl\ndef qi_search_providers():\n"
        "    return [SearchProvider(kind='item', label='x', model=ServiceItem, document=lambda o: None)]\n")
    app = make_app(init=False, QI_PLUGINS_DIRS=[str(folder)])
    record = app.extensions["qi_plugins"].records["item"]
    assert record.status == "failed" and "'item' is already taken" in record.error


def test_hook_qi_dictionaries(app, login_as):
    from app.dictionaries.lookup import choices, label
    from app.dictionaries.models import Dictionary, DictionaryItem

    with app.app_context():
        shipped = db.session.scalar(sa.select(Dictionary).where(Dictionary.code == "dummy_grade"))
        assert shipped.plugin == "dummy"
        assert choices("dummy_grade") == [("grade_a", "甲级"), ("grade_b", "乙级")]
        assert label("dummy_grade", "grade_b") == "乙级"
        db.session.execute(sa.text("INSERT INTO dummy_record (code, title) VALUES ('grade-b', 'grade_b')"))
        db.session.commit()
        item_b = db.session.scalar(sa.select(DictionaryItem.id).where(DictionaryItem.dictionary_id == shipped.id,
                                                                      DictionaryItem.code == "grade_b"))
    admin = login_as("t_admin")
    assert "Review grades" in admin.get("/admin/dictionaries/?_l_=en").get_data(as_text=True)
    admin.post(f"/admin/dictionaries/dummy_grade/{item_b}/delete")
    with app.app_context():
        assert db.session.get(DictionaryItem, item_b) is not None  # shipped, and in use by a record
        db.session.execute(sa.text("DELETE FROM dummy_record WHERE code = 'grade-b'"))
        db.session.commit()


def test_hook_qi_demo_data(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["qi", "demo"])
    assert first.exit_code == 0, first.output
    with app.app_context():
        count = db.session.scalar(sa.text("SELECT count(*) FROM dummy_record WHERE code LIKE 'D-%'"))
    assert count == 2
    second = runner.invoke(args=["qi", "demo"])
    assert "plugin dummy: 0 demo records added" in second.output
    with app.app_context():
        assert db.session.scalar(sa.text("SELECT count(*) FROM dummy_record WHERE code LIKE 'D-%'")) == 2


def test_hook_qi_generate(app):
    from app.generate import GenerateContext
    from tests.plugins.dummy_plugin import hooks

    with app.app_context():
        ctx = GenerateContext(db.session, "tiny", 1, {"dummy_records": 3})
        try:
            assert hooks.qi_generate(ctx) == {"dummy_record": 3}
            assert db.session.scalar(sa.text("SELECT count(*) FROM dummy_record WHERE code LIKE 'G-%'")) == 3
        finally:
            db.session.rollback()


def test_hook_qi_periodic_tasks(app):
    runner = app.test_cli_runner()
    listed = runner.invoke(args=["qi", "tasks", "list"])
    assert "dummy-tick" in listed.output
    first = runner.invoke(args=["qi", "tasks", "run", "dummy-tick"])
    assert first.exit_code == 0 and "dummy-tick: 1 done" in first.output, first.output
    again = runner.invoke(args=["qi", "tasks", "run", "dummy-tick"])
    assert "dummy-tick: 0 done" in again.output
    with app.app_context():
        assert db.session.scalar(sa.text("SELECT count(*) FROM dummy_record WHERE code = 'D-TICK'")) == 1
    assert runner.invoke(args=["qi", "tasks", "run", "no-such-task"]).exit_code != 0


def test_a_failing_task_is_rolled_back_and_the_others_still_run(app):
    from app.plugins.tasks import PeriodicTask, run_tasks

    def broken(session):
        session.execute(sa.text("INSERT INTO dummy_record (code, title) VALUES ('D-HALF', '半途')"))
        raise RuntimeError("disk full")

    def fine(session):
        session.execute(sa.text("INSERT INTO dummy_record (code, title) VALUES ('D-FINE', '完成')"))
        return 1

    with app.app_context():
        results = run_tasks(db.session, [PeriodicTask("broken", broken), PeriodicTask("fine", fine)])
        assert results == [("broken", None, "disk full"), ("fine", 1, None)]
        codes = set(db.session.scalars(sa.text("SELECT code FROM dummy_record WHERE code IN ('D-HALF', 'D-FINE')")))
        assert codes == {"D-FINE"}
        db.session.execute(sa.text("DELETE FROM dummy_record WHERE code = 'D-FINE'"))
        db.session.commit()


def test_hook_qi_need_types(app):
    from app.needs import flow
    from app.needs.types import TYPES_KEY

    kind = next(t for t in app.extensions[TYPES_KEY] if t.code == "dummy_sample_review")
    assert (kind.plugin, kind.category, kind.respond_days, kind.answer_days) == ("dummy", "dummy", 1, 3)
    with app.test_request_context("/?_l_=en"):
        assert str(kind.name) == "Sample review"
    with app.app_context():
        need, code = flow.file_need(db.session, need_type="dummy_sample_review", title="留样复核", contact_name="张三",
                                    contact="0951-1234567", actor="t", details={"sample": "S-1"})
        assert need.category.code == "dummy" and need.state == "submitted" and code
        assert kind.summary(need) == "S-1" and need.events[0].action == "file"
        db.session.rollback()


def test_hook_qi_need_matchers(app, org_factory):
    from app.needs import flow
    from app.needs.matching import candidates
    from app.needs.types import MATCHERS_KEY

    lab, _ = org_factory("institution", "钩子留样复核实验室", types="dummy_lab")
    org_factory("institution", "钩子其他实验室", types="other")
    matcher = next(m for m in app.extensions[MATCHERS_KEY] if m.code == "dummy_labs")
    assert (matcher.plugin, matcher.categories) == ("dummy", ("dummy",))
    with app.app_context():
        need, _ = flow.file_need(db.session, need_type="dummy_sample_review", title="t", contact_name="n",
                                 contact="c", actor="t")
        found = candidates(db.session, need, limit=50)
        assert lab in [c.institution_id for c in found] and "钩子其他实验室" not in [c.name for c in found]
        assert all(c.reason == "dummy_lab" for c in found)
        db.session.rollback()


def test_hook_qi_form_sources(app, login_as):
    import io
    import json
    import re

    from app.applications.models import NeedAnswers
    from app.needs.models import Need
    from app.plugins.failures import PluginFailure
    from app.testing.fixtures import login_client
    from app.testing.orgs import MEMBER_PASSWORD, make_org

    assert {"dummy_sample", "dummy_broken"} <= set(app.extensions["qi_form_sources"])
    with app.app_context():
        _org, username = make_org("enterprise", "记录来源测试企业有限公司")
    fields = [{"name": "sample", "kind": "record", "source": "dummy_sample", "label": {"zh": "样品", "en": "Sample"},
               "required": True},
              {"name": "other", "kind": "record", "source": "dummy_broken", "label": {"zh": "坏来源", "en": "Broken"}}]
    admin, item = login_as("t_admin"), "quality-training"
    body = json.dumps({"format": "qi-item-form/1", "fields": fields}).encode()
    assert admin.post(f"/admin/forms/{item}/import", data={"file": (io.BytesIO(body), "f.json")},
                      content_type="multipart/form-data").status_code == 303
    assert admin.post(f"/admin/forms/{item}/publish").status_code == 303
    enterprise = login_client(app, username, MEMBER_PASSWORD)
    found = enterprise.get("/forms/records/dummy_sample?q=二").get_json()
    assert found["results"] == [{"id": "2", "text": "复核样品二"}]
    assert app.test_client().get("/forms/records/dummy_sample").get_json()["results"] == []  # no enterprise
    page = enterprise.get(f"/needs/new?item={item}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "复核样品一" in html and 'data-field="other"' in html  # the broken one is empty
    with app.app_context():
        assert db.session.scalar(sa.select(PluginFailure.count).where(
            PluginFailure.plugin == "dummy", PluginFailure.kind == "form_source")) >= 1
    # an anonymous filer has no records: the field is left out
    assert 'data-field="sample"' not in app.test_client().get(f"/needs/new?item={item}").get_data(as_text=True)

    def file(record):
        html = enterprise.get(f"/needs/new?item={item}").get_data(as_text=True)
        return enterprise.post("/needs/new?_l_=en", data={
            "token": re.search(r'name="token" type="hidden" value="([0-9a-f]{32})"', html).group(1),
            "form_version": re.search(r'name="form_version" type="hidden" value="(\d+)"', html).group(1),
            "item": item, "title": "培训", "description": "需要计量培训", "contact_name": "赵工",
            "contact": "13995110001", "answers-sample": record})

    refused = file("9")
    assert refused.status_code == 422 and "Choose Sample among your own records." in refused.get_data(as_text=True)
    filed = file("2")
    assert filed.status_code == 200
    number = re.search(r"XQ-\d{4}-\d{6}", filed.get_data(as_text=True)).group(0)
    with app.app_context():
        need = db.session.scalar(sa.select(Need).where(Need.number == number))
        assert db.session.get(NeedAnswers, need.id).answers["sample"] == {"id": "2", "label": "复核样品二"}
