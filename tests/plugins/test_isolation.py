"""A plugin's failure at run time stays its own (issue 11): search-provider callbacks, category-page
forms, periodic tasks and demo data of one plugin may raise without breaking a command, a save, a
page or another plugin; each failure is counted in the database and shown on the Plugins page.
Start-up validation: unknown hooks, malformed category codes and unnamespaced search kinds refuse
the plugin."""
import pytest
import sqlalchemy as sa

from app.extensions import db
from app.plugins.failures import PluginFailure
from app.plugins.manager import LOADED, REFUSED
from tests.conftest import ROOT
from tests.plugins.test_manager import plugin_folder, write_plugin  # noqa: F401  (a fixture)

BROKEN_DOCUMENT = """
    from app.catalog.models import ServiceItem
    from app.plugins import hookimpl
    from app.search.providers import SearchProvider

    def document(item):
        raise RuntimeError("document exploded")

    @hookimpl
    def qi_search_providers():
        return [SearchProvider(kind="brokendoc", label="Broken", model=ServiceItem, document=document)]
"""

GOOD_DOCUMENT = """
    from app.catalog.models import ServiceItem
    from app.plugins import hookimpl
    from app.search.providers import SearchDocument, SearchProvider

    @hookimpl
    def qi_search_providers():
        return [SearchProvider(kind="gooddoc_item", label="Good", model=ServiceItem,
                               document=lambda item: SearchDocument(title=item.name_zh, url="/good"))]
"""

BROKEN_RELATED = """
    from app.accounts.models import Organisation
    from app.catalog.models import ServiceItem
    from app.plugins import hookimpl
    from app.search.providers import SearchProvider

    def related(organisation):
        raise RuntimeError("related exploded")

    @hookimpl
    def qi_search_providers():
        return [SearchProvider(kind="brokenrel", label="Broken", model=ServiceItem, document=lambda item: None,
                               related={Organisation: related})]
"""

BROKEN_FORM = """
    from pathlib import Path

    from flask_appbuilder import BaseView, expose, has_access

    from app.plugins import hookimpl
    from app.roles import EVERYONE_READS

    HERE = Path(__file__).parent

    class BrokenFormPage(BaseView):
        route_base = "/brokenform"
        method_permission_name = {"index": "read"}
        default_view = "index"

        @expose("/")
        @has_access
        def index(self):
            return "broken form page"

    @hookimpl
    def qi_service_categories():
        return [{"code": "brokenform", "name_zh": "坏表单类别", "name_en": "Broken form category"}]

    @hookimpl
    def qi_views():
        return [{"view": BrokenFormPage, "name": "Broken form page", "category": "metrology",
                 "form": "brokenform/_form.html", "roles": EVERYONE_READS}]

    @hookimpl
    def qi_template_dirs():
        return [str(HERE / "templates")]
"""

BROKEN_TASKS = """
    from app.plugins import hookimpl
    from app.plugins.tasks import PeriodicTask

    def explode(session):
        raise RuntimeError("task exploded")

    @hookimpl
    def qi_periodic_tasks():
        return [PeriodicTask(name="brokentask-run", run=explode)]

    @hookimpl
    def qi_demo_data(session, app):
        from app.catalog.models import ServiceCategory

        session.add(ServiceCategory(code="halfdemo", name_zh="半途演示", name_en="Half demo"))
        session.flush()
        raise RuntimeError("demo exploded")
"""

UNLISTED_TASKS = """
    from app.plugins import hookimpl

    @hookimpl
    def qi_periodic_tasks():
        raise RuntimeError("cannot list my tasks")
"""


@pytest.fixture(scope="module")
def broken(make_app, tmp_path_factory):
    """The built-in plugins with a plugin of each kind of run-time failure, on a fresh database;
    returns (app, output of `flask qi init`)."""
    folder = tmp_path_factory.mktemp("iso") / "qi_test_plugins_isolation"
    folder.mkdir()
    write_plugin(folder, "brokendoc", BROKEN_DOCUMENT)
    write_plugin(folder, "gooddoc", GOOD_DOCUMENT)
    write_plugin(folder, "brokenrel", BROKEN_RELATED)
    form = write_plugin(folder, "brokenform", BROKEN_FORM)
    (form / "templates" / "brokenform").mkdir(parents=True)
    (form / "templates" / "brokenform" / "_form.html").write_text("<form>{{ no_such_macro() }}</form>")
    write_plugin(folder, "brokentask", BROKEN_TASKS)
    write_plugin(folder, "unlisted", UNLISTED_TASKS)
    app = make_app(init=False, QI_PLUGINS_DIRS=[str(ROOT / "plugins"), str(folder)])
    for name in ("brokendoc", "gooddoc", "brokenrel", "brokenform", "brokentask", "unlisted"):
        assert app.extensions["qi_plugins"].records[name].status == LOADED, name
    # Not init_app_db: whether init succeeds is what the first test checks.
    return app, app.test_cli_runner().invoke(args=["qi", "init", "--no-admin"])


def failures(app, plugin: str) -> dict[str, PluginFailure]:
    with app.app_context():
        rows = db.session.scalars(sa.select(PluginFailure).where(PluginFailure.plugin == plugin)).all()
        db.session.expunge_all()
        return {row.kind: row for row in rows}


def entries(app, kind: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.text("SELECT count(*) FROM qi_search_entry WHERE kind = :k"), {"k": kind})


def test_init_succeeds_when_a_plugin_document_raises_and_other_documents_are_indexed(broken):
    app, result = broken
    assert result.exit_code == 0 and "service items added" in result.output, result.output + repr(result.exception)
    assert entries(app, "brokendoc") == 0
    assert entries(app, "gooddoc_item") > 0 and entries(app, "item") == entries(app, "gooddoc_item")
    counted = failures(app, "brokendoc")["search_document"]
    assert counted.count >= entries(app, "item") and "document exploded" in counted.last_error


def test_search_rebuild_succeeds_when_a_plugin_document_raises(broken):
    app, _ = broken
    result = app.test_cli_runner().invoke(args=["qi", "search", "rebuild"])
    assert result.exit_code == 0, result.output + repr(result.exception)
    assert "brokendoc 0" in result.output
    assert entries(app, "item") > 0 and entries(app, "gooddoc_item") == entries(app, "item")


def test_demo_and_organisation_save_succeed_when_a_plugin_related_raises(broken):
    app, _ = broken
    result = app.test_cli_runner().invoke(args=["qi", "demo"])
    assert result.exit_code == 0, result.output + repr(result.exception)
    assert "plugin metrology:" in result.output and "demo records added" in result.output
    from app.accounts.models import Organisation

    with app.app_context():
        organisation = db.session.scalars(sa.select(Organisation).order_by(Organisation.id)).first()
        organisation.name = "改名后的机构"
        db.session.commit()
        org_id = organisation.id
    with app.app_context():
        assert db.session.get(Organisation, org_id).name == "改名后的机构"
    assert "related exploded" in failures(app, "brokenrel")["search_related"].last_error


def test_failing_demo_data_is_rolled_back_and_other_plugins_demo_data_loads(broken):
    app, _ = broken
    result = app.test_cli_runner().invoke(args=["qi", "demo"])
    assert result.exit_code == 0, result.output + repr(result.exception)
    assert "plugin brokentask: demo data failed: demo exploded" in result.output
    assert "plugin metrology:" in result.output and "warning: demo data of plugin(s) brokentask" in result.output
    with app.app_context():
        codes = set(db.session.scalars(sa.text("SELECT code FROM qi_service_category")))
        assert "halfdemo" not in codes and "metrology" in codes
        assert db.session.scalar(sa.text("SELECT count(*) FROM dummy_record WHERE code LIKE 'D-00%'")) == 2
    assert failures(app, "brokentask")["demo_data"].count >= 1


def test_a_broken_category_form_leaves_category_pages_working_with_the_other_forms(broken):
    app, _ = broken
    client = app.test_client()
    page = client.get("/category/metrology")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    forms = html.split('class="qi-category-form"')[1:]
    assert len(forms) == 1 and 'name="instrument"' in forms[0]  # metrology's own form, not the broken one
    assert "Broken form page" in html and "no_such_macro" not in html
    for code in ("testing", "brokenform"):
        assert client.get(f"/category/{code}").status_code == 200
    assert "no_such_macro" in failures(app, "brokenform")["category_form"].last_error


def test_a_failing_periodic_task_does_not_stop_the_others(broken):
    app, _ = broken
    result = app.test_cli_runner().invoke(args=["qi", "tasks", "run"])
    assert result.exit_code == 1  # documented: 1 when a task failed, after every task ran
    assert "brokentask-run: failed (plugin brokentask): task exploded" in result.output
    assert "plugin unlisted: its periodic tasks could not be listed" in result.output
    assert "dummy-tick: " in result.output and "done" in result.output.split("dummy-tick: ")[1].splitlines()[0]
    assert failures(app, "unlisted")["periodic_task"].count >= 1


def test_plugins_page_shows_failures_with_counts_from_every_worker(broken, login_as_factory):
    app, _ = broken
    runner = app.test_cli_runner()
    before = failures(app, "brokentask").get("periodic_task")
    runner.invoke(args=["qi", "tasks", "run", "brokentask-run"])
    runner.invoke(args=["qi", "tasks", "run", "brokentask-run"])
    after = failures(app, "brokentask")["periodic_task"]
    assert after.count == (before.count if before else 0) + 2  # one row, incremented
    # Another application on the same database (another gunicorn worker) sees the same counts.
    from app import create_app

    other = create_app({**{k: app.config[k] for k in ("SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "TESTING",
                                                       "WTF_CSRF_ENABLED", "QI_PLUGINS_DIRS")}})
    html = login_as_factory(other, "Admin").get("/admin/plugins/").get_data(as_text=True)
    row = html[html.index('data-plugin="brokentask"'):]
    row = row[:row.index("</tr>")]
    assert f'data-kind="periodic_task" data-count="{after.count}"' in row and "task exploded" in row
    with other.app_context():
        db.engine.dispose()


def test_misspelt_hook_refuses_the_plugin_naming_the_hook(make_app, plugin_folder):
    write_plugin(plugin_folder, "typo", """
        from app.plugins import hookimpl

        @hookimpl
        def qi_view():
            return []
    """)
    write_plugin(plugin_folder, "fine", """
        from app.plugins import hookimpl

        @hookimpl
        def qi_service_categories():
            return [{"code": "fine", "name_zh": "正常", "name_en": "Fine"}]
    """)
    host = make_app(init=False, QI_PLUGINS_DIRS=[str(plugin_folder)]).extensions["qi_plugins"]
    assert host.records["typo"].status == REFUSED and "qi_view" in host.records["typo"].error
    assert host.records["fine"].status == LOADED


@pytest.mark.parametrize("code", ["Metrology-2", "x", "9lives", "a" * 33])
def test_malformed_category_code_refuses_the_plugin(make_app, plugin_folder, code):
    write_plugin(plugin_folder, "badcode", f"""
        from app.plugins import hookimpl

        @hookimpl
        def qi_service_categories():
            return [{{"code": {code!r}, "name_zh": "坏代码", "name_en": "Bad code"}}]
    """)
    record = make_app(init=False, QI_PLUGINS_DIRS=[str(plugin_folder)]).extensions["qi_plugins"].records["badcode"]
    assert record.status != LOADED and f"category code {code!r} is malformed" in record.error


def test_search_kind_not_namespaced_refuses_the_plugin(make_app, plugin_folder):
    write_plugin(plugin_folder, "kinds", """
        from app.catalog.models import ServiceItem
        from app.plugins import hookimpl
        from app.search.providers import SearchProvider

        @hookimpl
        def qi_search_providers():
            return [SearchProvider(kind="kinds_ok", label="ok", model=ServiceItem, document=lambda o: None),
                    SearchProvider(kind="standard", label="x", model=ServiceItem, document=lambda o: None)]
    """)
    record = make_app(init=False, QI_PLUGINS_DIRS=[str(plugin_folder)]).extensions["qi_plugins"].records["kinds"]
    assert record.status != LOADED and "search kind 'standard' is not namespaced" in record.error


def test_builtin_search_kinds_are_namespaced(app):
    from app.plugins.manager import search_kind_is_namespaced

    registry = app.extensions["qi_search"]
    plugin_kinds = dict(registry.owners)
    assert {"metrology_capability", "testing_capability", "standardization_standard", "ip_patent",
            "ip_trademark", "certification_certificate"} <= set(plugin_kinds)
    assert all(search_kind_is_namespaced(plugin, kind) for kind, plugin in plugin_kinds.items())


def test_entries_indexed_under_the_old_search_kinds_are_renamed_by_the_plugin_migrations(make_app):
    from flask_migrate import downgrade, upgrade

    app = make_app(init=False)
    directory = app.extensions["migrate"].directory
    with app.app_context():
        upgrade(directory=directory, revision="heads")
        for old in ("std_0001", "ip_0001", "cert_0001"):  # a database from before the renaming
            downgrade(directory=directory, revision=old)
        db.session.execute(sa.text(
            "INSERT INTO qi_search_entry (kind, ref_id, title, summary, url, public, title_tokens, body_tokens, "
            "tags, updated_on) VALUES "
            "('patent', '1', 't', '', '/p', :t, '', '', 'kindpatent catip pub', CURRENT_TIMESTAMP), "
            "('standard', '1', 't', '', '/s', :t, '', '', 'kindstandard catstandardization pub', CURRENT_TIMESTAMP)"),
            {"t": True})
        db.session.commit()
        upgrade(directory=directory, revision="heads")
        rows = dict(db.session.execute(sa.text("SELECT kind, tags FROM qi_search_entry")).all())
        assert rows == {"ip_patent": "kindippatent catip pub",
                        "standardization_standard": "kindstandardizationstandard catstandardization pub"}
        from app.search.query import search

        assert search(db.session, "", kind="ip_patent").total == 1
