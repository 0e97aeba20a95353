"""Known vulnerabilities of the installed dependencies (pip-audit against the PyPI advisory data).

Fails when a dependency has a known vulnerability. When the advisory source cannot be reached (an
offline machine, a registry mirror without PyPI's JSON API), nothing can be audited: it says so
plainly and passes, rather than reporting "no known vulnerabilities" it did not check.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile


def main() -> int:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        done = subprocess.run([sys.executable, "-m", "pip_audit", "--progress-spinner", "off", "--timeout", "10",
                               "--format", "json", "--output", out.name], capture_output=True, text=True, timeout=600)
        try:
            report = json.load(open(out.name))
        except ValueError:
            print("pip-audit could not reach its advisory source; nothing was audited:", done.stderr.strip()[-500:])
            return 0
    dependencies = report.get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    vulnerable = [d for d in audited if d.get("vulns")]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            print(f"{dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {', '.join(vuln['fix_versions']) or '-'})")
    if not audited:
        print(f"pip-audit could not reach its advisory source for any of {len(dependencies)} dependencies; "
              "nothing was audited (run `make audit` where PyPI is reachable)")
        return 0
    print(f"pip-audit: {len(audited)} dependencies audited, {len(dependencies) - len(audited)} skipped, "
          f"{len(vulnerable)} with known vulnerabilities")
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
