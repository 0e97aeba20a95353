"""``flask qi plugins new NAME``: a working plugin package to start from.

The package it writes is installable (``pip install -e``) and registers itself through the
``qi_onestop.plugins`` entry point. It has a service category, a model kept with its owner
(``__scope__``) on its own migration branch, the institutions' scoped CRUD view, a public lookup page
linked from the category page, a search provider of public records, zh and en catalogs (compiled) and
tests on the platform's test kit. It imports nothing of the platform but ``app.kit``.
"""
from __future__ import annotations

import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

TEMPLATE = Path(__file__).parent / "scaffold_template"
NAME = re.compile(r"[a-z][a-z0-9]{1,30}")
RESERVED_NAMES = {"core", "qi", "app", "api"}


class ScaffoldError(ValueError):
    """The plugin cannot be written (bad name, folder not empty)."""


def class_name(name: str) -> str:
    return name[:1].upper() + name[1:]


def write_plugin(target: Path, name: str, title_zh: str, title_en: str) -> Path:
    """Write the plugin package ``qi-<name>`` into ``target`` (created; must not exist or be empty)."""
    if not NAME.fullmatch(name):
        raise ScaffoldError(f"{name!r}: a plugin name is 2 to 31 lower-case letters and digits, starting with a letter")
    if name in RESERVED_NAMES:
        raise ScaffoldError(f"{name!r} is the platform's own name")
    if target.exists() and any(target.iterdir()):
        raise ScaffoldError(f"{target} is not empty")
    values = {"__Plugin__": class_name(name), "__plugin__": name, "__TITLE_ZH__": title_zh,
              "__TITLE_EN__": title_en}

    def fill(text: str) -> str:
        for key, value in values.items():
            text = text.replace(key, value)
        return text

    for source in sorted(TEMPLATE.rglob("*")):
        relative = source.relative_to(TEMPLATE)
        if source.is_dir() or source.suffix != ".tmpl":
            continue
        parts = ["qi_" + name if part == "package" else fill(part) for part in relative.with_suffix("").parts]
        destination = target.joinpath(*parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(fill(source.read_text(encoding="utf-8")), encoding="utf-8")
    _write_catalogs(target / f"qi_{name}" / "translations", fill)
    return target


def _write_catalogs(folder: Path, fill) -> None:
    """zh and en catalogs of the generated strings, compiled, so the plugin is bilingual as installed."""
    rows = [line.split("\t") for line in (TEMPLATE / "package" / "translations" / "messages.tsv")
            .read_text(encoding="utf-8").splitlines() if line.strip()]
    for lang in ("zh", "en"):
        catalog = Catalog(locale=lang, project=folder.parent.name, fuzzy=False)
        for msgid, zh in rows:
            catalog.add(fill(msgid), fill(zh) if lang == "zh" else fill(msgid))
        out = folder / lang / "LC_MESSAGES"
        out.mkdir(parents=True, exist_ok=True)
        with (out / "messages.po").open("wb") as fh:
            write_po(fh, catalog, width=120)
        with (out / "messages.mo").open("wb") as fh:
            write_mo(fh, catalog)


def new_command():
    """The click command ``flask qi plugins new`` (built here so the CLI module only attaches it)."""
    import click

    @click.command("new")
    @click.argument("name")
    @click.option("--title-zh", required=True, help="Chinese name of the service, e.g. 砝码检定")
    @click.option("--title-en", required=True, help="English name of the service, e.g. Weights")
    @click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="where to write the package (default: ./qi-NAME)")
    def command(name, title_zh, title_en, folder):
        """Write a working plugin package NAME to start from (installable, with tests)."""
        target = folder or Path.cwd() / f"qi-{name}"
        try:
            write_plugin(target, name, title_zh, title_en)
        except ScaffoldError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"wrote {target}\n  pip install -e {target}\n  flask qi init\n  cd {target} && pytest")

    return command
