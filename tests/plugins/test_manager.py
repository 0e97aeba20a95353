"""Finding plugins by entry point and by folder, and isolating the ones that break."""
import re
import textwrap

import pytest

from app.plugins.manager import DISABLED, DUPLICATE, FAILED, LOADED, REFUSED

BUILTIN = ["certification", "ip", "metrology", "standardization", "testing"]


def write_plugin(folder, name, body):
    package = folder / name
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(textwrap.dedent(body))
    return package


@pytest.fixture
def plugin_folder(tmp_path, request):
    # A package name of its own per test: folder plugins are imported as <folder name>.<plugin>.
    folder = tmp_path / ("qi_test_plugins_" + re.sub(r"\W", "_", request.node.name))
    folder.mkdir()
    return folder


def test_builtin_plugins_are_found_in_the_plugins_folder(app):
    host = app.extensions["qi_plugins"]
    for name in BUILTIN:
        record = host.records[name]
        assert record.status == LOADED, record.error
        assert record.source == "folder"
        assert record.location.endswith(f"plugins/{name}")
        assert [c["code"] for c in record.categories] == [name]


def test_platform_defaults_are_a_plugin_loaded_first_that_cannot_be_disabled_or_taken(make_app, plugin_folder,
                                                                                     login_as_factory):
    write_plugin(plugin_folder, "core", """
        from app.plugins import hookimpl

        @hookimpl
        def qi_service_categories():
            return [{"code": "quality", "name_zh": "冒名质量", "name_en": "Fake quality"}]
    """)
    app = make_app(QI_PLUGINS_DIRS=[str(plugin_folder)], QI_DISABLED_PLUGINS=["core"])
    host = app.extensions["qi_plugins"]
    first = next(iter(host.records.values()))
    assert (first.name, first.source, first.status) == ("core", "core", LOADED)
    assert [c["code"] for c in first.categories] == ["quality", "brand", "other"]
    impostor = [r for r in host.records.values() if r.location == str(plugin_folder / "core")]
    assert [r.status for r in impostor] == [DUPLICATE]
    assert "质量管理" in app.test_client().get("/").get_data(as_text=True)
    page = login_as_factory(app, "Admin").get("/admin/plugins/").get_data(as_text=True)
    assert 'data-plugin="core"' in page and "平台内置" in page


def test_plugin_is_found_by_entry_point(app):
    record = app.extensions["qi_plugins"].records["dummy"]
    assert record.status == LOADED, record.error
    assert record.source == "entry point"
    assert record.location == "qi-dummy-plugin:tests.plugins.dummy_plugin.hooks"
    assert record.version == "1.2.3"


def test_folder_plugin_category_appears_on_home_page(make_app, plugin_folder):
    write_plugin(plugin_folder, "weights", """
        from app.plugins import hookimpl

        @hookimpl
        def qi_service_categories():
            return [{"code": "weights", "name_zh": "衡器专区", "name_en": "Weighing instruments", "order": 5}]
    """)
    app = make_app(QI_PLUGINS_DIRS=[str(plugin_folder)])
    record = app.extensions["qi_plugins"].records["weights"]
    assert (record.status, record.source) == (LOADED, "folder")
    page = app.test_client().get("/").get_data(as_text=True)
    assert "衡器专区" in page
    assert 'href="/category/weights"' in page


def test_plugin_failing_on_import_is_isolated_and_reported(make_app, plugin_folder, login_as_factory):
    write_plugin(plugin_folder, "broken", "raise RuntimeError('cannot reach the licence server')\n")
    write_plugin(plugin_folder, "fine", """
        from app.plugins import hookimpl

        @hookimpl
        def qi_service_categories():
            return [{"code": "fine", "name_zh": "正常插件类别", "name_en": "Fine category"}]
    """)
    app = make_app(QI_PLUGINS_DIRS=[str(plugin_folder), str(__import__("app").config.PROJECT_ROOT / "plugins")])
    host = app.extensions["qi_plugins"]
    assert host.records["broken"].status == FAILED
    assert "cannot reach the licence server" in host.records["broken"].error
    assert host.records["fine"].status == LOADED
    assert all(host.records[name].status == LOADED for name in BUILTIN)
    client = login_as_factory(app, "Admin")
    page = client.get("/admin/plugins/").get_data(as_text=True)
    assert 'data-plugin="broken"' in page and "cannot reach the licence server" in page
    assert "正常插件类别" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("hook_body, message", [
    ("def qi_service_categories():\n    raise ValueError('no categories today')\n", "no categories today"),
    ("def qi_service_categories():\n    return [{'code': 'x1'}]\n", "lacks name_zh, name_en"),
    ("def qi_views():\n    return [{'name': 'no view class'}]\n", "needs a 'view' class"),
    ("def qi_template_dirs():\n    return ['/nonexistent/templates']\n", "is not a folder"),
    ("def qi_service_items():\n    return [{'category': 'x1', 'code': 'x1-a', 'name_zh': 'x', 'name_en': 'x',"
     " 'guide': {'channels': ['fax']}}]\n", "channels must be among"),
    ("def qi_institution_types():\n    return [{'code': 'X-Lab', 'label_zh': 'x', 'label_en': 'x'}]\n",
     "institution type code 'X-Lab'"),
])
def test_plugin_failing_at_registration_is_isolated(make_app, plugin_folder, hook_body, message):
    write_plugin(plugin_folder, "faulty", "from app.plugins import hookimpl\n\n@hookimpl\n" + hook_body + """
@hookimpl
def qi_plugin_info():
    return {"title_zh": "故障插件", "title_en": "Faulty"}
""")
    app = make_app(QI_PLUGINS_DIRS=[str(plugin_folder)])
    record = app.extensions["qi_plugins"].records["faulty"]
    assert record.status == FAILED
    assert message in record.error
    # nothing it returned is used: no category was added, the app serves pages
    assert app.test_client().get("/").status_code == 200
    html = app.test_client().get("/").get_data(as_text=True)
    # its category's link, not "x1" alone: a page's random nonces may hold those two characters
    assert "/category/x1" not in html and "/item/x1-a" not in html


def test_plugin_for_another_platform_version_is_refused(make_app, plugin_folder):
    write_plugin(plugin_folder, "future", """
        from app.plugins import hookimpl

        @hookimpl
        def qi_plugin_info():
            return {"title_zh": "未来插件", "title_en": "Future", "min_platform": "99.0"}

        @hookimpl
        def qi_service_categories():
            return [{"code": "future", "name_zh": "未来类别", "name_en": "Future category"}]
    """)
    app = make_app(QI_PLUGINS_DIRS=[str(plugin_folder)])
    record = app.extensions["qi_plugins"].records["future"]
    assert record.status == REFUSED
    assert "99.0" in record.error
    assert "未来类别" not in app.test_client().get("/").get_data(as_text=True)


def test_disabled_plugin_is_not_imported(make_app, plugin_folder):
    write_plugin(plugin_folder, "noisy", "raise SystemExit('must not be imported')\n")
    app = make_app(init=False, QI_PLUGINS_DIRS=[str(plugin_folder)], QI_DISABLED_PLUGINS=["noisy", "dummy"])
    host = app.extensions["qi_plugins"]
    assert host.records["noisy"].status == DISABLED
    assert host.records["dummy"].status == DISABLED


def test_second_plugin_with_a_taken_name_is_reported(make_app, plugin_folder):
    write_plugin(plugin_folder, "dummy", "")
    app = make_app(init=False, QI_PLUGINS_DIRS=[str(plugin_folder)])
    host = app.extensions["qi_plugins"]
    assert host.records["dummy"].source == "entry point"
    duplicates = [r for r in host.records.values() if r.status == DUPLICATE]
    assert [r.location for r in duplicates] == [str(plugin_folder / "dummy")]


def test_trace_logs_each_hook_call(make_app, caplog):
    caplog.set_level("WARNING", logger="app.plugins.manager")
    make_app(init=False, QI_TRACE_PLUGINS=True)
    assert any("plugin metrology: qi_service_categories took" in m for m in caplog.messages)
