"""Finding, loading and isolating plugins.

Plugins come from two places, both through the same contract (``hookspecs``):

- the entry-point group ``qi_onestop.plugins`` of installed distributions;
- the folders in ``QI_PLUGINS_DIRS`` (the project's ``plugins/`` by default): every sub-package of a
  folder is a plugin, imported as ``<folder name>.<sub-package>``, hooks from its ``hooks.py``.

Before them comes the platform's own default plugin ``core`` (``app.defaults``): the categories,
service items and institution types that ship with no plugin.

The imported module holds the hook implementations, as functions, or it names an object holding
them as methods in its ``plugin`` attribute (``app.plugins.package.PackagePlugin``).

A plugin that fails to import, answers a hook with an exception or with malformed data, or does not
support this platform version, is recorded with its error and left out; the platform starts
without it (as Airflow does with its ``import_errors``).
"""
from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import logging
import sys
import time
import traceback
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pluggy
from packaging.version import InvalidVersion, Version

from ..roles import ADMIN, ROLE_NAMES
from . import hookspecs

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "qi_onestop.plugins"
# The platform's own default plugin (app/defaults): its categories, service items and institution
# types come through the same hooks as any plugin's (as datasette ships its defaults as plugins).
# It is loaded first, so no plugin can take over what it declares, and its name is reserved.
CORE = "core"
DEFAULTS_MODULE = "app.defaults"

# Hooks answered once at start-up; each plugin's answers are validated before any is used.
STARTUP_HOOKS = (
    "qi_plugin_info",
    "qi_service_categories",
    "qi_models",
    "qi_migration_dirs",
    "qi_views",
    "qi_template_dirs",
    "qi_translation_dirs",
    "qi_search_providers",
    "qi_service_items",
    "qi_institution_types",
)

LOADED, FAILED, DISABLED, REFUSED, DUPLICATE = "loaded", "failed", "disabled", "refused", "duplicate"


def platform_version() -> str:
    try:
        return importlib.metadata.version("qi-onestop")
    except importlib.metadata.PackageNotFoundError:  # running from a source tree
        return "0.1.0"


class PluginError(Exception):
    """A plugin answered a hook with something the platform cannot use."""


@dataclass
class PluginRecord:
    """What the platform knows of one plugin: where it came from, what it added, how it fared."""

    name: str
    source: str  # "entry point", "folder", or "core" for the platform's default plugin
    location: str  # "dist:module" for an entry point, the folder path for a folder plugin
    module: types.ModuleType | None = None
    # What pluggy holds: the module, or the object in its ``plugin`` attribute (a PackagePlugin).
    hooks: object = None
    version: str = ""
    title_zh: str = ""
    title_en: str = ""
    status: str = LOADED
    error: str = ""
    contributions: dict[str, Any] = field(default_factory=dict)
    views: list[str] = field(default_factory=list)

    @property
    def categories(self) -> list[dict]:
        return self.contributions.get("qi_service_categories", [])

    @property
    def tables(self) -> list[str]:
        return [model.__tablename__ for model in self.contributions.get("qi_models", [])]

    def fail(self, status: str, message: str) -> None:
        self.status, self.error = status, message
        log.error("plugin %s %s: %s", self.name, status, message)


def _flatten(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _validate(hook: str, value: Any) -> Any:
    """Normalise one plugin's answer to a start-up hook or raise PluginError saying what is wrong."""
    if hook == "qi_plugin_info":
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise PluginError("qi_plugin_info must return a dict")
        return value
    items = _flatten(value)
    if hook == "qi_service_categories":
        for item in items:
            missing = [k for k in ("code", "name_zh", "name_en") if not (isinstance(item, dict) and item.get(k))]
            if missing:
                raise PluginError(f"category {item!r} lacks {', '.join(missing)}")
    elif hook == "qi_views":
        for item in items:
            if not (isinstance(item, dict) and isinstance(item.get("view"), type)):
                raise PluginError(f"view entry {item!r} needs a 'view' class")
            unknown = set(item.get("roles") or {}) - set(ROLE_NAMES) | ({ADMIN} & set(item.get("roles") or {}))
            if unknown:
                raise PluginError(f"view {item['view'].__name__}: unknown or reserved roles {sorted(unknown)}")
    elif hook == "qi_search_providers":
        from ..search.providers import SearchProvider

        for item in items:
            if not isinstance(item, SearchProvider):
                raise PluginError(f"search provider {item!r} is not a SearchProvider")
    elif hook == "qi_service_items":
        from ..catalog.contributed import ItemError, check_service_items

        try:
            check_service_items(items)
        except ItemError as exc:
            raise PluginError(str(exc)) from exc
    elif hook == "qi_institution_types":
        from ..accounts.institution_types import InstitutionTypeError, check_institution_types

        try:
            check_institution_types(items)
        except InstitutionTypeError as exc:
            raise PluginError(str(exc)) from exc
    elif hook == "qi_models":
        for item in items:
            if not getattr(item, "__tablename__", None):
                raise PluginError(f"model {item!r} has no __tablename__")
    elif hook in {"qi_migration_dirs", "qi_template_dirs", "qi_translation_dirs"}:
        items = [str(Path(p)) for p in items]
        for path in items:
            if not Path(path).is_dir():
                raise PluginError(f"{hook}: {path} is not a folder")
    return items


class PluginHost:
    """Owns the pluggy manager of one application and the record of every plugin it met."""

    def __init__(self, config: dict):
        self.config = config
        self.pm = pluggy.PluginManager("qi_onestop")
        self.pm.add_hookspecs(hookspecs)
        self.records: dict[str, PluginRecord] = {}
        self.disabled = set(config.get("QI_DISABLED_PLUGINS", []))
        self.trace = bool(config.get("QI_TRACE_PLUGINS"))

    # -- discovery ---------------------------------------------------------------------------
    def load(self) -> "PluginHost":
        self._register(PluginRecord(name=CORE, source=CORE, location=DEFAULTS_MODULE),
                       lambda: importlib.import_module(DEFAULTS_MODULE))
        if self.config.get("QI_LOAD_ENTRY_POINTS", True):
            self._load_entry_points()
        for folder in self.config.get("QI_PLUGINS_DIRS", []):
            self._load_folder(Path(folder))
        for record in self.loaded():
            self._collect(record)
        return self

    def _load_entry_points(self) -> None:
        for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
            dist = getattr(ep, "dist", None)
            record = PluginRecord(
                name=ep.name,
                source="entry point",
                location=f"{dist.name if dist else '?'}:{ep.value}",
                version=dist.version if dist else "",
            )
            self._register(record, lambda ep=ep: ep.load())

    def _load_folder(self, folder: Path) -> None:
        if not folder.is_dir():
            log.warning("plugins folder %s does not exist", folder)
            return
        package = self._folder_package(folder)
        for child in sorted(folder.iterdir()):
            if child.name.startswith(("_", ".")) or not (child / "__init__.py").is_file():
                continue
            record = PluginRecord(name=child.name, source="folder", location=str(child))
            # A folder plugin keeps its hook implementations in hooks.py (or in __init__.py).
            module = f"{package}.{child.name}" + (".hooks" if (child / "hooks.py").is_file() else "")
            self._register(record, lambda m=module: importlib.import_module(m))

    @staticmethod
    def _folder_package(folder: Path) -> str:
        """Make ``folder`` importable as a package named after it (``plugins`` for ``plugins/``)."""
        name = folder.name
        module = sys.modules.get(name)
        if module is None:
            spec = importlib.util.find_spec(name) if name.isidentifier() else None
            if spec and spec.submodule_search_locations and str(folder) in map(str, spec.submodule_search_locations):
                module = importlib.import_module(name)
            else:
                module = types.ModuleType(name)
                module.__path__ = [str(folder)]
                sys.modules[name] = module
        elif str(folder) not in map(str, getattr(module, "__path__", [])):
            raise RuntimeError(f"plugins folder {folder}: the package name {name!r} is already taken")
        return name

    def _register(self, record: PluginRecord, importer: Callable[[], types.ModuleType]) -> None:
        if record.name in self.records:
            record.fail(DUPLICATE, f"a plugin named {record.name!r} was already loaded from "
                                   f"{self.records[record.name].location}")
            self.records[f"{record.name} ({record.location})"] = record
            return
        self.records[record.name] = record
        if record.name in self.disabled and record.source != CORE:  # the platform's own cannot be switched off
            record.status = DISABLED
            return
        try:
            record.module = importer()
            record.hooks = getattr(record.module, "plugin", record.module)
            self.pm.register(record.hooks, name=record.name)
        except Exception:
            record.fail(FAILED, traceback.format_exc(limit=-3))

    # -- calling hooks -----------------------------------------------------------------------
    def call_plugin(self, record: PluginRecord, hook: str, **kwargs) -> Any:
        """Call one plugin's implementation of ``hook`` (None when it has none)."""
        for impl in getattr(self.pm.hook, hook).get_hookimpls():
            if impl.plugin is record.hooks:
                start = time.perf_counter()
                try:
                    return impl.function(*[kwargs[arg] for arg in impl.argnames])
                finally:
                    if self.trace:
                        log.warning("plugin %s: %s took %.1f ms", record.name, hook,
                                    (time.perf_counter() - start) * 1000)
        return None

    def _collect(self, record: PluginRecord) -> None:
        try:
            for hook in STARTUP_HOOKS:
                record.contributions[hook] = _validate(hook, self.call_plugin(record, hook))
            self._describe(record)
        except PluginError as exc:
            record.fail(FAILED, str(exc))
        except Exception:
            record.fail(FAILED, traceback.format_exc(limit=-3))
        if record.status != LOADED:
            self.pm.unregister(record.hooks)

    def _describe(self, record: PluginRecord) -> None:
        info = record.contributions["qi_plugin_info"]
        package = sys.modules.get(record.module.__name__.rpartition(".")[0]) if "." in record.module.__name__ else None
        record.version = str(info.get("version") or record.version or getattr(record.module, "__version__", "")
                             or getattr(package, "__version__", ""))
        record.title_zh = info.get("title_zh") or record.name
        record.title_en = info.get("title_en") or record.name
        try:
            current = Version(platform_version())
            low, high = info.get("min_platform"), info.get("max_platform")
            if (low and current < Version(low)) or (high and current > Version(high)):
                record.fail(REFUSED, f"supports platform {low or '*'} to {high or '*'}, this is {current}")
        except InvalidVersion as exc:
            raise PluginError(f"bad version in qi_plugin_info: {exc}") from exc

    def refuse(self, record: PluginRecord, message: str) -> None:
        """Mark a loaded plugin failed after start-up checks (its views collide …): none of its hooks
        is called again, so its demo data, tasks and search providers stay out too."""
        record.fail(FAILED, message)
        if record.hooks is not None and self.pm.is_registered(record.hooks):
            self.pm.unregister(record.hooks)

    # -- what the core reads -----------------------------------------------------------------
    def loaded(self) -> list[PluginRecord]:
        return [r for r in self.records.values() if r.status == LOADED]

    def contributions(self, hook: str) -> list[tuple[PluginRecord, Any]]:
        """Each loaded plugin's validated answer to a start-up hook, one item per returned value."""
        return [(r, item) for r in self.loaded() for item in r.contributions.get(hook, [])]

    def call_each(self, hook: str, **kwargs) -> list[tuple[PluginRecord, Any]]:
        """Call ``hook`` on every loaded plugin; an exception propagates with the plugin named."""
        results = []
        for record in self.loaded():
            try:
                results.append((record, self.call_plugin(record, hook, **kwargs)))
            except Exception as exc:
                raise RuntimeError(f"plugin {record.name}: {hook} failed: {exc}") from exc
        return results
