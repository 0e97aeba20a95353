"""Extracting, compiling and checking the gettext catalogs of the platform and of any plugin.

A *catalog set* is a source folder and the ``translations/`` folder its strings go to: the platform
(``app/`` → ``translations/``), each plugin of the project's ``plugins/`` folder, and every loaded
plugin wherever it is installed (its package folder, found from its module, and the folder its
``qi_translation_dirs`` names).

``python -m app.i18n.catalogs compile`` turns every ``messages.po`` of the project (``translations/``,
``translations/fab/`` and each ``plugins/*/translations/``) into ``messages.mo``; ``make`` runs it on
install. ``python -m app.i18n.catalogs extract`` refreshes the platform's and each plugin's catalogs
from the sources (new strings arrive untranslated, and the completeness test fails until they are
translated in both languages). ``flask qi i18n extract|compile|check [--plugin NAME]`` does the same
for the loaded plugins too, installed ones included; ``check`` lists the strings lacking zh or en.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from babel.messages.extract import extract_from_dir
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


def compile_po(po: Path) -> Path:
    """Write messages.mo beside one messages.po (fuzzy entries are left out, as pybabel does)."""
    with po.open("rb") as fh:
        catalog = read_po(fh)
    mo = po.with_suffix(".mo")
    with mo.open("wb") as fh:
        write_mo(fh, catalog, use_fuzzy=False)
    return mo


def compile_all(root: Path = PROJECT_ROOT) -> list[Path]:
    """Write messages.mo beside each messages.po of the project."""
    return [compile_po(po) for po in po_files(root)]


def compile_folder(target: Path) -> list[Path]:
    """Compile every messages.po under one translations folder (a plugin's)."""
    return [compile_po(po) for po in sorted(target.glob("*/LC_MESSAGES/messages.po"))]


def source_sets(root: Path = PROJECT_ROOT) -> list[tuple[Path, Path]]:
    """(source folder, its translations folder) for the platform and each plugin."""
    sets = [(root / "app", root / "translations")]
    for plugin in sorted((root / "plugins").iterdir()):
        if (plugin / "__init__.py").is_file():
            sets.append((plugin, plugin / "translations"))
    return sets


@dataclass(frozen=True)
class CatalogSet:
    """A source folder and the translations folder its strings go to."""

    name: str
    source: Path
    target: Path


def project_sets(root: Path = PROJECT_ROOT) -> list[CatalogSet]:
    """The platform's set and one per plugin of the project's ``plugins/`` folder."""
    return [CatalogSet("app" if source == root / "app" else source.name, source, target)
            for source, target in source_sets(root)]


def plugin_package_folder(record) -> Path:
    """The folder of a loaded plugin's package, from its module (``hooks.py`` or ``__init__.py``)."""
    return Path(record.module.__file__).resolve().parent


def plugin_set(record) -> CatalogSet:
    """A loaded plugin's set: its package folder, and the first folder of its ``qi_translation_dirs``
    (``translations/`` in its package when it names none)."""
    source = plugin_package_folder(record)
    dirs = record.contributions.get("qi_translation_dirs") or [source / "translations"]
    return CatalogSet(record.name, source, Path(dirs[0]).resolve())


def plugin_sets(host) -> list[CatalogSet]:
    """The set of every loaded plugin, wherever it is installed."""
    return [plugin_set(record) for record in host.loaded() if record.module is not None]


def all_sets(host=None, root: Path = PROJECT_ROOT) -> list[CatalogSet]:
    """The project's sets, then every loaded plugin's that is not one of them."""
    sets = project_sets(root)
    seen = {s.target.resolve() for s in sets}
    for extra in plugin_sets(host) if host is not None else []:
        if extra.target.resolve() not in seen:
            sets.append(extra)
            seen.add(extra.target.resolve())
    return sets


METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}


def extracted(source: Path) -> set[str]:
    """Every msgid the sources under ``source`` use (Python and Jinja templates)."""
    ids = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(str(source), METHODS, keywords=KEYWORDS):
        ids.add(message[0] if isinstance(message, (tuple, list)) else message)
    return ids


def catalog(folder: Path, lang: str) -> dict[str, str]:
    """msgid → msgstr of one language's messages.po under ``folder`` (fuzzy entries count as empty)."""
    path = folder / lang / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        cat = read_po(fh)
    return {(m.id[0] if isinstance(m.id, tuple) else m.id): (m.string if not m.fuzzy else "")
            for m in cat if m.id}


def missing_translations(catalog_set: CatalogSet) -> dict[str, list[str]]:
    """The msgids of a set's sources lacking a translation, per language (empty lists: complete)."""
    strings = extracted(catalog_set.source)
    return {lang: sorted(s for s in strings if not catalog(catalog_set.target, lang).get(s)) for lang in LOCALES}


def extract_sets(sets: list[CatalogSet]) -> None:
    """Refresh the zh and en catalogs of each set from its sources."""
    with tempfile.TemporaryDirectory() as tmp:
        for i, catalog_set in enumerate(sets):
            catalog_set.target.mkdir(parents=True, exist_ok=True)
            extract(catalog_set.source, catalog_set.target, Path(tmp) / f"{i}-{catalog_set.name}.pot")


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
        extract_sets(project_sets())
        return 0
    print(f"unknown command {command!r}; use compile or extract", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
