"""Plugins made visible as installed distributions for one test session, without ``pip install``.

A ``<name>-<version>.dist-info`` folder (``METADATA`` and ``entry_points.txt``) in a temporary
folder on ``sys.path`` is all ``importlib.metadata`` needs to report a distribution and its entry
points; the platform then finds the plugin exactly as it finds a pip-installed one.
"""
from __future__ import annotations

import re
import shutil
import sys
import tempfile
import tomllib
from pathlib import Path

_installed: list[Path] = []  # the temporary folders put on sys.path, removed by uninstall_distributions


def install_distribution(name: str, version: str, entry_points: dict[str, dict[str, str]],
                         import_paths: tuple[Path, ...] = ()) -> Path:
    """Make distribution ``name`` with ``entry_points`` ({group: {name: "module:attr"}}) visible to
    ``importlib.metadata`` and put ``import_paths`` on ``sys.path``; returns the dist-info folder."""
    root = Path(tempfile.mkdtemp(prefix="qi-dist-"))
    dist = root / f"{re.sub(r'[-.]+', '_', name)}-{version}.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    lines = []
    for group, points in entry_points.items():
        lines.append(f"[{group}]")
        lines += [f"{point} = {target}" for point, target in points.items()]
    (dist / "entry_points.txt").write_text("\n".join(lines) + "\n")
    for path in (*import_paths, root):
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    _installed.append(root)
    return dist


def install_plugin_source(folder: Path) -> Path:
    """Install the plugin package whose source is ``folder`` (name, version and entry points from its
    ``pyproject.toml``; its packages imported from ``folder``, or ``folder/src`` when there is one)."""
    folder = folder.resolve()
    project = tomllib.loads((folder / "pyproject.toml").read_text())["project"]
    source = folder / "src" if (folder / "src").is_dir() else folder
    compile_catalogs(source)
    return install_distribution(project["name"], project.get("version", "0"), project.get("entry-points", {}),
                                (source,))


def compile_catalogs(folder: Path) -> list[Path]:
    """Write messages.mo beside every ``translations/*/LC_MESSAGES/messages.po`` under ``folder``
    (a source tree has no compiled catalogs; pip-installed plugins ship theirs)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in folder.glob("**/translations/*/LC_MESSAGES/messages.po"):
        with po.open("rb") as fh:
            catalog = read_po(fh)
        with po.with_suffix(".mo").open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        written.append(po.with_suffix(".mo"))
    return written


def uninstall_distributions(dist_infos=None) -> None:
    """Take the distributions installed here (those of ``dist_infos``, or all) off ``sys.path`` again."""
    roots = [d.parent for d in dist_infos] if dist_infos is not None else list(_installed)
    for root in roots:
        sys.path[:] = [p for p in sys.path if p != str(root)]
        shutil.rmtree(root, ignore_errors=True)
        if root in _installed:
            _installed.remove(root)
