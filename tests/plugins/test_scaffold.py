"""``flask qi plugins new``: the package it writes installs, migrates, shows its category page and
search hits, and passes its own tests on the test kit, as generated."""
import subprocess
import sys

import pytest

from app.plugins.scaffold import ScaffoldError, write_plugin


def test_a_generated_plugin_passes_its_own_tests(app, tmp_path, db_kind):
    result = app.test_cli_runner().invoke(args=["qi", "plugins", "new", "weights", "--title-zh", "砝码检定",
                                                "--title-en", "Weights verification",
                                                "--dir", str(tmp_path / "qi-weights")])
    assert result.exit_code == 0, result.output
    package = tmp_path / "qi-weights"
    assert (package / "qi_weights" / "translations" / "zh" / "LC_MESSAGES" / "messages.mo").is_file()
    # Its tests: the plugin loads alone with the core, migrates its branch, its category is on the home
    # page and links the lookup, records are scoped, public and found by search (see the template).
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--db", db_kind,
                          "--qi-install-plugin", "."], cwd=package, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "5 passed" in run.stdout


def test_a_generated_plugin_uses_only_the_kit(tmp_path):
    from tests.plugins.test_kit import _imports_outside_the_kit

    write_plugin(tmp_path / "qi-scales", "scales", "衡器", "Scales")
    sources = list((tmp_path / "qi-scales" / "qi_scales").rglob("*.py"))
    assert len(sources) >= 5
    import tests.plugins.test_kit as kit_test

    saved, kit_test.PROJECT_ROOT = kit_test.PROJECT_ROOT, tmp_path
    try:
        assert [line for path in sources for line in _imports_outside_the_kit(path)] == []
    finally:
        kit_test.PROJECT_ROOT = saved


@pytest.mark.parametrize("name", ["Weights", "w", "9lives", "has-dash", "core_x", "core"])
def test_a_bad_name_or_a_used_folder_is_refused(tmp_path, name):
    with pytest.raises(ScaffoldError):
        write_plugin(tmp_path / "out", name, "中", "En")
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "x").write_text("x")
    with pytest.raises(ScaffoldError):
        write_plugin(tmp_path / "used", "fine", "中", "En")
