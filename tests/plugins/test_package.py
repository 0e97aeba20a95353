"""PackagePlugin answers the common hooks from its class attributes and the package's folders."""
import textwrap

from app.plugins.manager import LOADED


def test_package_plugin_answers_common_hooks(make_app, tmp_path):
    folder = tmp_path / "qi_test_package_plugins"
    package = folder / "scales"
    (package / "translations" / "zh" / "LC_MESSAGES").mkdir(parents=True)
    (package / "templates" / "scales").mkdir(parents=True)
    (package / "__init__.py").write_text('__version__ = "2.0.1"\n')
    (package / "hooks.py").write_text(textwrap.dedent('''
        from app.plugins import hookimpl
        from app.plugins.package import PackagePlugin

        class Scales(PackagePlugin):
            info = {"title_zh": "衡器", "title_en": "Scales"}
            categories = [{"code": "scales", "name_zh": "衡器服务", "name_en": "Scale services"}]

            @hookimpl
            def qi_demo_data(self, session, app):
                return 0

        plugin = Scales(__file__)
    '''))
    app = make_app(QI_PLUGINS_DIRS=[str(folder)])
    record = app.extensions["qi_plugins"].records["scales"]
    assert record.status == LOADED, record.error
    assert record.version == "2.0.1"  # from the package, as info gives none
    assert record.title_en == "Scales"
    assert record.contributions["qi_template_dirs"] == [str(package / "templates")]
    assert record.contributions["qi_translation_dirs"] == [str(package / "translations")]
    assert record.contributions["qi_migration_dirs"] == []  # no migrations folder: nothing to add
    assert "衡器服务" in app.test_client().get("/").get_data(as_text=True)
    result = app.test_cli_runner().invoke(args=["qi", "demo"])
    assert "plugin scales: 0 demo records added" in result.output
