"""The plugin kit (app.kit) is the whole public API for plugins: built-in plugins and the dummy plugin
import nothing else of the platform, and everything the kit lists exists."""
import ast
from pathlib import Path

import app.kit
from app.config import PROJECT_ROOT

PLUGIN_SOURCES = [PROJECT_ROOT / "plugins", PROJECT_ROOT / "tests" / "plugins" / "dummy_plugin",
                  PROJECT_ROOT / "tests" / "outside_plugin" / "qi_refmat"]


def _imports_outside_the_kit(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        elif isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        else:
            continue
        for module in modules:
            if (module == "app" or module.startswith("app.")) and module != "app.kit":
                found.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno} imports {module}")
    return found


def test_plugins_import_nothing_of_the_platform_but_the_kit():
    sources = [p for root in PLUGIN_SOURCES for p in root.rglob("*.py")]
    assert len(sources) > 30
    outside = [line for path in sources for line in _imports_outside_the_kit(path)]
    assert outside == []


def test_the_boundary_check_sees_a_core_import(tmp_path):
    sneaky = tmp_path / "plugins" / "sneaky.py"
    sneaky.parent.mkdir()
    sneaky.write_text("from app.accounts.models import Organisation\nimport app.crud\nfrom app.kit import db\n")
    import tests.plugins.test_kit as module

    saved = module.PROJECT_ROOT
    module.PROJECT_ROOT = tmp_path
    try:
        assert [line.split(" imports ")[1] for line in _imports_outside_the_kit(sneaky)] == ["app.accounts.models",
                                                                                             "app.crud"]
    finally:
        module.PROJECT_ROOT = saved


def test_everything_the_kit_lists_exists():
    missing = [name for name in app.kit.__all__ if not hasattr(app.kit, name)]
    assert missing == []
    assert len(set(app.kit.__all__)) == len(app.kit.__all__)
