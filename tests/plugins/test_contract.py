"""Meta-tests that keep the plugin contract honest (as datasette's do)."""
import ast
import re
from pathlib import Path

import pytest

from app.plugins import hookspecs

ROOT = Path(__file__).resolve().parents[2]
HOOKS = sorted(name for name in dir(hookspecs) if name.startswith("qi_"))


def test_there_are_hooks():
    assert "qi_service_categories" in HOOKS and len(HOOKS) >= 8


def _test_function_names() -> set[str]:
    names = set()
    for path in (ROOT / "tests").rglob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef):
                names.add(node.name)
    return names


@pytest.mark.parametrize("hook", HOOKS)
def test_plugin_hooks_have_tests(hook):
    assert f"test_hook_{hook}" in _test_function_names(), f"hook {hook} has no test_hook_{hook}"


@pytest.mark.parametrize("hook", HOOKS)
def test_plugin_hooks_are_documented(hook):
    docs = (ROOT / "docs" / "plugin_hooks.md").read_text()
    assert re.search(rf"^## {hook}\(", docs, re.M), f"docs/plugin_hooks.md has no section '## {hook}(...)'"


@pytest.mark.parametrize("hook", HOOKS)
def test_dummy_plugin_implements_every_hook(hook):
    from tests.plugins.dummy_plugin import hooks

    assert hasattr(hooks, hook)


@pytest.mark.parametrize("hook", HOOKS)
def test_hookspecs_have_docstrings(hook):
    assert (getattr(hookspecs, hook).__doc__ or "").strip()


def test_app_never_imports_plugins():
    offenders = []
    for path in (ROOT / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else [])
            if any(m == "plugins" or m.startswith("plugins.") for m in modules):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
