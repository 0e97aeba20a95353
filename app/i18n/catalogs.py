"""Compiling and checking the gettext catalogs of the platform and its plugins.

``python -m app.i18n.catalogs compile`` turns every ``messages.po`` of the project (``translations/``,
``translations/fab/`` and each ``plugins/*/translations/``) into ``messages.mo``; ``make`` runs it on
install. ``python -m app.i18n.catalogs extract`` refreshes the platform's and each plugin's catalogs
from the sources (new strings arrive untranslated, and the completeness test fails until they are
translated in both languages).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from ..config import PROJECT_ROOT

LOCALES = ("zh", "en")
BABEL_CFG = PROJECT_ROOT / "babel.cfg"


def po_files(root: Path = PROJECT_ROOT) -> list[Path]:
    """Every messages.po of the platform, the plugins and the test plugins."""
    found = list((root / "translations").glob("**/LC_MESSAGES/messages.po"))
    found += list((root / "plugins").glob("*/translations/*/LC_MESSAGES/messages.po"))
    found += list((root / "tests" / "plugins").glob("*/translations/*/LC_MESSAGES/messages.po"))
    return sorted(found)


def compile_all(root: Path = PROJECT_ROOT) -> list[Path]:
    """Write messages.mo beside each messages.po (fuzzy entries are left out, as pybabel does)."""
    written = []
    for po in po_files(root):
        with po.open("rb") as fh:
            catalog = read_po(fh)
        mo = po.with_suffix(".mo")
        with mo.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        written.append(mo)
    return written


def source_sets(root: Path = PROJECT_ROOT) -> list[tuple[Path, Path]]:
    """(source folder, its translations folder) for the platform and each plugin."""
    sets = [(root / "app", root / "translations")]
    for plugin in sorted((root / "plugins").iterdir()):
        if (plugin / "__init__.py").is_file():
            sets.append((plugin, plugin / "translations"))
    return sets


def extract(source: Path, target: Path, pot: Path) -> None:
    """Extract ``source`` into ``pot`` and merge it into ``target``'s zh and en catalogs."""
    pybabel = [sys.executable, "-m", "babel.messages.frontend"]
    subprocess.run([*pybabel, "extract", "-F", str(BABEL_CFG), "-k", "_l", "-k", "lazy_gettext",
                    "-o", str(pot), "--no-location", "--omit-header", str(source)], check=True)
    with pot.open("rb") as fh:
        if not len(read_po(fh)):
            return  # nothing to translate: no catalog
    for lang in LOCALES:
        po = target / lang / "LC_MESSAGES" / "messages.po"
        action = "update" if po.exists() else "init"
        extra = ["--no-fuzzy-matching", "--ignore-obsolete"] if action == "update" else []
        subprocess.run([*pybabel, action, "-i", str(pot), "-d", str(target), "-l", lang, *extra], check=True)


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "compile"
    if command == "compile":
        written = compile_all()
        print(f"compiled {len(written)} catalogs")
        return 0
    if command == "extract":
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            for source, target in source_sets():
                extract(source, target, Path(tmp) / f"{source.name}.pot")
        return 0
    print(f"unknown command {command!r}; use compile or extract", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
