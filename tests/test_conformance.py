"""The conformance table: clause ids are checked, and the report says what passed where."""
from pathlib import Path

from tests.conformance import read_clauses, render

ROOT = Path(__file__).resolve().parent.parent


def test_every_clause_of_the_standard_is_read():
    clauses = read_clauses()
    assert len(clauses) == 57
    assert clauses["6.3.2-1"]["strength"] == "shall"
    assert clauses["6.2-5"]["strength"] == "may"
    assert clauses["5.7"]["strength"] == "item"


def test_project_copy_of_the_clauses_matches_the_shared_standard():
    shared = ROOT.parent / "shared" / "standard" / "clauses.md"
    if shared.exists():  # beside the checkout in development and CI
        assert shared.read_text() == (ROOT / "docs" / "standard" / "clauses.md").read_text()


def _run(pytester, monkeypatch, body):
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.delenv("QI_CONFORMANCE_OUT", raising=False)
    pytester.makepyfile(test_sample=body)
    return pytester.runpytest_subprocess("-p", "tests.conformance", "-p", "no:cacheprovider")


def test_unknown_clause_id_fails_the_run(pytester, monkeypatch):
    result = _run(pytester, monkeypatch, "import pytest\n\n@pytest.mark.clause('9.9-9')\ndef test_x():\n    pass\n")
    assert result.ret != 0
    result.stderr.fnmatch_lines(["*clause ids not in clauses.md*", "*9.9-9*"])


def test_known_clause_id_runs_and_is_recorded(pytester, monkeypatch, tmp_path):
    out = tmp_path / "results.json"
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.setenv("QI_CONFORMANCE_OUT", str(out))
    pytester.makepyfile(test_sample="import pytest\n\n@pytest.mark.clause('6.2-1')\ndef test_ok():\n    pass\n\n"
                                    "@pytest.mark.clause('6.2-2')\ndef test_bad():\n    assert False\n")
    result = pytester.runpytest_subprocess("-p", "tests.conformance", "-p", "no:cacheprovider")
    assert result.ret == 1
    import json

    results = json.loads(out.read_text())
    report = render(read_clauses(), {"sqlite": results})
    row = {line.split("|")[1].strip(): line for line in report.splitlines() if line.startswith("| 6.")}
    assert "passed (1)" in row["6.2-1"] and "test_ok" in row["6.2-1"]
    assert "failed" in row["6.2-2"]
    assert "not yet tested" in row["6.2-3"]
