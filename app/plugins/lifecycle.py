"""A plugin's life after it was installed: migrating without it, and removing what it left behind.

- ``flask qi init`` upgrades the migration branches whose folders are present; the version rows of
  branches whose plugin is disabled or gone (Alembic would stop at a revision it cannot find) are
  set aside during the upgrade, put back after it and reported (:func:`upgrade_present_branches`).
- Search entries of kinds no loaded plugin provides point to pages that no longer exist: searching
  leaves them out, ``flask qi init`` removes them (:func:`prune_search`).
- ``flask qi plugins uninstall NAME`` removes a disabled plugin's search entries and, when asked,
  downgrades its migration branch to nothing, dropping its tables (:func:`describe_offline`,
  :func:`drop_migration_branch`).
"""
from __future__ import annotations

import importlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory
from flask import current_app
from flask_migrate import upgrade

from .manager import PluginRecord

log = logging.getLogger(__name__)


def alembic_config(extra_dirs: list[str] = ()):
    """The application's Alembic configuration, with ``extra_dirs`` added to its version folders."""
    migrate = current_app.extensions["migrate"]
    config = migrate.migrate.get_config(migrate.directory)
    if extra_dirs:
        folders = config.get_main_option("version_locations").split(os.pathsep)
        config.set_main_option("version_locations", os.pathsep.join([*folders, *extra_dirs]))
    return config


def _version_rows(engine) -> list[str]:
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("alembic_version"):
            return []
        return list(conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars())


def upgrade_present_branches(engine) -> list[str]:
    """Upgrade every migration branch whose folder is present to its head; return the revisions the
    database holds of branches that are not (a disabled or removed plugin), which are left as they are.

    Alembic refuses to upgrade while the version table names a revision it cannot find, so those
    rows are taken out for the upgrade and put back afterwards: re-enabling the plugin finds its
    tables where it left them.
    """
    script = ScriptDirectory.from_config(alembic_config())
    known = {rev.revision for rev in script.walk_revisions()}
    orphaned = [rev for rev in _version_rows(engine) if rev not in known]
    table = sa.table("alembic_version", sa.column("version_num"))
    if orphaned:
        with engine.begin() as conn:
            conn.execute(table.delete().where(table.c.version_num.in_(orphaned)))
    try:
        upgrade(directory=current_app.extensions["migrate"].directory, revision="heads")
    finally:
        if orphaned:
            with engine.begin() as conn:
                conn.execute(table.insert(), [{"version_num": rev} for rev in orphaned])
    return orphaned


def prune_search(session, registry) -> dict[str, int]:
    """Delete the search entries of kinds no registered provider has; the count per kind removed."""
    from ..search.models import SearchEntry

    stale = [k for k in session.scalars(sa.select(SearchEntry.kind).distinct()) if k not in registry.by_kind]
    return {kind: drop_search_entries(session, [kind]) for kind in stale}


def drop_search_entries(session, kinds: list[str]) -> int:
    """Delete every search entry of ``kinds``; the number deleted."""
    from ..search.models import SearchEntry

    if not kinds:
        return 0
    return session.execute(sa.delete(SearchEntry).where(SearchEntry.kind.in_(kinds))).rowcount or 0


@dataclass
class OfflinePlugin:
    """What a plugin that is not loaded contributed, read from its code without registering it."""

    name: str
    kinds: list[str] = field(default_factory=list)
    migration_dirs: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)


def _hooks_object(record: PluginRecord):
    """Import a plugin that was not loaded (disabled) the way the manager would have."""
    if record.source == "entry point":
        target = record.location.split(":", 1)[1]
        module_name, _, attr = target.partition(":")
        module = importlib.import_module(module_name)
        return getattr(module, attr) if attr else getattr(module, "plugin", module)
    folder = Path(record.location)
    module_name = f"{folder.parent.name}.{folder.name}" + (".hooks" if (folder / "hooks.py").is_file() else "")
    module = importlib.import_module(module_name)
    return getattr(module, "plugin", module)


def _answer(hooks, name: str) -> list:
    function = getattr(hooks, name, None)
    if function is None:
        return []
    value = function()
    return list(value) if isinstance(value, (list, tuple)) else ([] if value is None else [value])


def describe_offline(record: PluginRecord) -> OfflinePlugin:
    """The search kinds, migration folders and tables of a plugin that is not loaded.

    Raises ImportError (or the plugin's own error) when its code cannot be read any more.
    """
    hooks = _hooks_object(record)
    return OfflinePlugin(
        name=record.name,
        kinds=[p.kind for p in _answer(hooks, "qi_search_providers")],
        migration_dirs=[str(Path(p)) for p in _answer(hooks, "qi_migration_dirs")],
        tables=[m.__tablename__ for m in _answer(hooks, "qi_models")],
    )


def branch_bases(migration_dirs: list[str]) -> list[str]:
    """The base revisions (``down_revision = None``) found in a plugin's migration folders."""
    config = alembic_config(migration_dirs)
    script = ScriptDirectory.from_config(config)
    folders = {str(Path(d).resolve()) for d in migration_dirs}
    return [rev.revision for rev in script.walk_revisions()
            if rev.down_revision is None and str(Path(rev.path).resolve().parent) in folders]


def drop_migration_branch(migration_dirs: list[str]) -> list[str]:
    """Downgrade every branch rooted in ``migration_dirs`` to nothing (its tables are dropped);
    returns the base revisions downgraded."""
    config = alembic_config(migration_dirs)
    script = ScriptDirectory.from_config(config)
    applied = set(_version_rows(current_app.extensions["migrate"].db.engine))
    done = []
    for base in branch_bases(migration_dirs):
        branch = {rev.revision for rev in script.iterate_revisions("heads", base)} | {base}
        if branch & applied:  # a branch never migrated has nothing to drop
            command.downgrade(config, f"{base}@base")
            done.append(base)
    return done
