"""``flask qi i18n extract|compile|check [--plugin NAME]``: catalogs of the platform and of any plugin.

Without ``--plugin`` the command works on the project's catalogs and on every loaded plugin's,
installed packages included; with it, on that plugin's only (found from its module and its
``qi_translation_dirs``, wherever it is installed).
"""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from .catalogs import (CatalogSet, all_sets, compile_all, compile_folder, extract_sets, missing_translations,
                       plugin_set)

plugin_option = click.option("--plugin", "name", metavar="NAME", help="Only this loaded plugin's catalogs.")


def _sets(name: str | None) -> list[CatalogSet]:
    host = current_app.extensions["qi_plugins"]
    if name is None:
        return all_sets(host)
    record = host.records.get(name)
    if record is None or record.module is None or record not in host.loaded():
        known = ", ".join(sorted(r.name for r in host.loaded()))
        raise click.ClickException(f"no loaded plugin named {name!r} (loaded: {known})")
    return [plugin_set(record)]


@click.group("i18n")
def i18n_group():
    """Extract, compile and check the translation catalogs (zh and en)."""


@i18n_group.command("extract")
@plugin_option
@with_appcontext
def extract_command(name):
    """Refresh the catalogs from the sources; new strings arrive untranslated."""
    sets = _sets(name)
    extract_sets(sets)
    for s in sets:
        click.echo(f"{s.name}: {s.target}")


@i18n_group.command("compile")
@plugin_option
@with_appcontext
def compile_command(name):
    """Write messages.mo beside every messages.po."""
    sets = _sets(name)
    written = compile_all() if name is None else []
    for s in sets:
        written += [mo for mo in compile_folder(s.target) if mo not in written]
    click.echo(f"compiled {len(written)} catalogs")


@i18n_group.command("check")
@plugin_option
@with_appcontext
def check_command(name):
    """List the strings lacking a zh or en translation; exits 1 when there is one."""
    incomplete = False
    for s in _sets(name):
        for lang, missing in missing_translations(s).items():
            if missing:
                incomplete = True
                click.echo(f"{s.name} ({s.target}): {len(missing)} strings lack {lang}:")
                for msgid in missing:
                    click.echo(f"    {msgid}")
    if incomplete:
        raise SystemExit(1)
    click.echo("every string is translated in zh and en")


@i18n_group.command("missing")
@with_appcontext
def missing_command():
    """List the content (categories, service items, guides) lacking a zh or en text; exits 1 if any."""
    from ..extensions import db
    from .completeness import missing_content

    found = missing_content(db.session)
    for lang, lines in found.items():
        click.echo(f"{lang}: {len(lines)} records lack text in this language")
        for line in lines:
            click.echo(f"    {line}")
    if any(found.values()):
        raise SystemExit(1)
