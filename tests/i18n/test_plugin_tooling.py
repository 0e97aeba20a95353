"""`flask qi i18n extract|compile|check --plugin NAME` on a plugin installed outside the project."""
import importlib
import sys

import pytest

from app.i18n.catalogs import catalog

HOOKS = '''
from pathlib import Path

from flask_babel import lazy_gettext as _l

from app.plugins import hookimpl

HERE = Path(__file__).parent
LABEL = _l("Certified reference materials of the outside plugin")


@hookimpl
def qi_plugin_info():
    return {"title_zh": "标准物质", "title_en": "Reference materials", "version": "0.1.0"}


@hookimpl
def qi_translation_dirs():
    return [str(HERE / "translations")]
'''


@pytest.fixture
def outside_plugin(tmp_path):
    """The package ``qi_outside_crm`` in a tmp folder, installed as the entry point ``crm`` of a fake
    distribution (as pip would: a dist-info folder on sys.path)."""
    package = tmp_path / "site" / "qi_outside_crm"
    (package / "translations").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "hooks.py").write_text(HOOKS)
    dist = tmp_path / "site" / "qi_outside_crm-0.1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: qi-outside-crm\nVersion: 0.1.0\n")
    (dist / "entry_points.txt").write_text("[qi_onestop.plugins]\ncrm = qi_outside_crm.hooks\n")
    sys.path.insert(0, str(tmp_path / "site"))
    importlib.invalidate_caches()
    yield package
    sys.path.remove(str(tmp_path / "site"))
    for name in [m for m in sys.modules if m.startswith("qi_outside_crm")]:
        del sys.modules[name]


def test_i18n_commands_work_on_an_installed_plugin_outside_the_project(make_app, outside_plugin):
    app = make_app(init=False, QI_LOAD_ENTRY_POINTS=["dummy", "crm"])  # the suite names the plugins it loads
    assert app.extensions["qi_plugins"].records["crm"].status == "loaded"
    runner = app.test_cli_runner()
    label = "Certified reference materials of the outside plugin"

    check = runner.invoke(args=["qi", "i18n", "check", "--plugin", "crm"])
    assert check.exit_code == 1 and label in check.output and "lack zh" in check.output

    assert runner.invoke(args=["qi", "i18n", "extract", "--plugin", "crm"]).exit_code == 0
    translations = outside_plugin / "translations"
    assert label in catalog(translations, "zh") and label in catalog(translations, "en")
    for lang, text in (("zh", "外部插件的有证标准物质"), ("en", label)):
        po = translations / lang / "LC_MESSAGES" / "messages.po"
        po.write_text(po.read_text().replace(f'msgid "{label}"\nmsgstr ""', f'msgid "{label}"\nmsgstr "{text}"'))

    done = runner.invoke(args=["qi", "i18n", "check", "--plugin", "crm"])
    assert done.exit_code == 0, done.output
    assert runner.invoke(args=["qi", "i18n", "compile", "--plugin", "crm"]).exit_code == 0
    assert (translations / "zh" / "LC_MESSAGES" / "messages.mo").is_file()
    # the whole-project check sees it too, and names the plugin when it is incomplete
    (translations / "en" / "LC_MESSAGES" / "messages.po").write_text("")
    whole = runner.invoke(args=["qi", "i18n", "check"])
    assert whole.exit_code == 1 and "crm (" in whole.output


def test_i18n_refuses_a_plugin_that_is_not_loaded(app):
    result = app.test_cli_runner().invoke(args=["qi", "i18n", "check", "--plugin", "nosuch"])
    assert result.exit_code != 0 and "no loaded plugin named 'nosuch'" in result.output
