"""Third-party browser code the platform serves from its own static files, fetched at install time.

Charts are drawn by Apache ECharts. It is served from ``app/static/vendor/`` and never from a CDN:
a page that loads code from another host at run time fails offline and on the networks many
regional centres use (FAB's Google Charts load from gstatic.com). ``make install`` runs
``python -m app.web.vendor``: it downloads the pinned npm tarball from the package registry, checks
it against the registry's published sha512, and keeps only the minified file and its licence.
Pages degrade to their data tables when the file is missing.

axe-core (Deque's accessibility rules engine, MPL-2.0) is fetched the same way for the browser tests,
which inject it into public pages and fail on serious or critical violations; no page links to it.
"""
from __future__ import annotations

import base64
import hashlib
import io
import os
import sys
import tarfile
import urllib.request
from pathlib import Path

VENDOR_DIR = Path(__file__).resolve().parent.parent / "static" / "vendor"

#: name -> (tarball url, sha512 integrity as published by the registry, {member in the tarball: file name})
PACKAGES = {
    "echarts": (
        "https://registry.npmjs.org/echarts/-/echarts-6.0.0.tgz",
        "sha512-Tte/grDQRiETQP4xz3iZWSvoHrkCQtwqd6hs+mifXcjrCuo2iKWbajFObuLJVBlDIJlOzgQPd1hsaKt/3+OMkQ==",
        {"package/dist/echarts.min.js": "echarts.min.js", "package/LICENSE": "echarts.LICENSE.txt"},
    ),
    # The accessibility engine the browser tests inject into public pages (tests/browser/): never served to users.
    "axe-core": (
        "https://registry.npmjs.org/axe-core/-/axe-core-4.14.1.tgz",
        "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==",
        {"package/axe.min.js": "axe.min.js", "package/LICENSE": "axe-core.LICENSE.txt"},
    ),
}
REGISTRY = os.environ.get("QI_NPM_REGISTRY", "https://registry.npmjs.org")


def _verified(data: bytes, integrity: str) -> bool:
    algorithm, _, expected = integrity.partition("-")
    return base64.b64encode(hashlib.new(algorithm, data).digest()).decode() == expected


def fetch(name: str, target: Path = VENDOR_DIR) -> list[Path]:
    """Download, verify and unpack one package's files into ``target`` (skipped when present)."""
    url, integrity, members = PACKAGES[name]
    paths = [target / out for out in members.values()]
    if all(path.exists() for path in paths):
        return paths
    url = url.replace("https://registry.npmjs.org", REGISTRY.rstrip("/"))
    # a fixed https URL (bandit B310)
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310  # nosec B310
        data = response.read()
    if not _verified(data, integrity):
        raise RuntimeError(f"{name}: the download does not match the registry's checksum")
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member, out in members.items():
            (target / out).write_bytes(archive.extractfile(member).read())
    return paths


def main() -> int:
    for name in PACKAGES:
        for path in fetch(name):
            print(f"vendored {path.relative_to(VENDOR_DIR.parent.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
