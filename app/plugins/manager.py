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
import re
import sys
import time
import traceback
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pluggy
from packaging.version import InvalidVersion, Version

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
    "qi_dictionaries",
    "qi_need_types",
    "qi_need_matchers",
    "qi_form_sources",
)

# Table prefixes of the platform itself (and of Flask-AppBuilder and Alembic): no plugin may use them.
RESERVED_TABLE_PREFIXES = {"qi_": "the core", "ab_": "Flask-AppBuilder", "alembic": "Alembic"}

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


CATEGORY_CODE = re.compile(r"^[a-z][a-z0-9_]{1,31}$")


def search_kind_is_namespaced(plugin: str, kind: str) -> bool:
    """A plugin's search kinds are its name or start with ``<name>_`` (``metrology_capability``)."""
    return isinstance(kind, str) and (kind == plugin or kind.startswith(plugin + "_"))


def _validate(hook: str, value: Any, plugin: str = "") -> Any:
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
            if not (isinstance(item["code"], str) and CATEGORY_CODE.match(item["code"])):
                raise PluginError(f"category code {item['code']!r} is malformed: it must be 2 to 32 characters, "
                                  "a lowercase letter then lowercase letters, digits or '_'")
    elif hook == "qi_views":
        from ..access import AccessError, ViewSpec, normalised_roles

        try:  # typed: unknown keys and malformed roles are refused here, before anything is used
            items = [ViewSpec.of(item) for item in items]
            for item in items:
                normalised_roles({"view": item.view, "roles": item.roles})
        except AccessError as exc:
            raise PluginError(str(exc)) from exc
    elif hook == "qi_search_providers":
        from ..search.providers import SearchProvider

        for item in items:
            if not isinstance(item, SearchProvider):
                raise PluginError(f"search provider {item!r} is not a SearchProvider")
            if not search_kind_is_namespaced(plugin, item.kind):
                raise PluginError(f"search kind {item.kind!r} is not namespaced: a kind of plugin {plugin!r} "
                                  f"must be {plugin!r} or start with '{plugin}_'")
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
    elif hook == "qi_dictionaries":
        from ..dictionaries.declared import DictionaryError, check_dictionary

        try:
            for item in items:
                check_dictionary(item, plugin)
        except DictionaryError as exc:
            raise PluginError(str(exc)) from exc
    elif hook == "qi_form_sources":
        from ..applications.sources import FormSourceError, check_form_source

        try:
            items = [check_form_source(plugin, item) for item in items]
        except FormSourceError as exc:
            raise PluginError(str(exc)) from exc
    elif hook in ("qi_need_types", "qi_need_matchers"):
        from ..needs.types import NeedTypeError, check_need_matcher, check_need_type

        check = check_need_type if hook == "qi_need_types" else check_need_matcher
        try:
            items = [check(plugin, item) for item in items]
        except NeedTypeError as exc:
            raise PluginError(str(exc)) from exc
        codes = [item.code for item in items]
        if len(set(codes)) != len(codes):
            raise PluginError(f"{hook}: a code is listed twice in {codes}")
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
        self.disabled = set(config.get("QI_DISABLED_PLUGINS") or [])
        enabled = config.get("QI_ENABLED_PLUGINS")  # an allow-list; None: every plugin found
        self.enabled = None if enabled is None else set(enabled)
        self.trace = bool(config.get("QI_TRACE_PLUGINS"))

    # -- discovery ---------------------------------------------------------------------------
    def load(self) -> "PluginHost":
        self._register(PluginRecord(name=CORE, source=CORE, location=DEFAULTS_MODULE),
                       lambda: importlib.import_module(DEFAULTS_MODULE))
        wanted = self.config.get("QI_LOAD_ENTRY_POINTS", True)
        if wanted:
            self._load_entry_points(None if wanted is True else set(wanted))
        for folder in self.config.get("QI_PLUGINS_DIRS", []):
            self._load_folder(Path(folder))
        for record in self.loaded():
            self._collect(record)
        taken = dict(RESERVED_TABLE_PREFIXES)
        for record in self.loaded():
            self._check_tables(record, taken)
        return self

    def _load_entry_points(self, names: set[str] | None) -> None:
        """Load the group's entry points; only those named in ``names`` unless it is None (all).

        ``QI_LOAD_ENTRY_POINTS`` is True (every installed plugin), False (none) or a list of
        entry-point names: the test kit (``app.testing``) loads only the plugins a suite names,
        so a plugin installed in the same environment cannot change the core suite's results.
        """
        for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
            if names is not None and ep.name not in names:
                continue
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
        switched_off = record.name in self.disabled or (self.enabled is not None and record.name not in self.enabled)
        if switched_off and record.source != CORE:  # the platform's own cannot be switched off
            record.status = DISABLED
            return
        try:
            record.module = importer()
            record.hooks = getattr(record.module, "plugin", record.module)
            self.pm.register(record.hooks, name=record.name)
        except Exception:
            record.fail(FAILED, traceback.format_exc(limit=-3))
            return
        unknown = self._unknown_hooks(record.hooks)
        if unknown:
            record.fail(REFUSED, f"implements unknown hook(s) {', '.join(unknown)}: a misspelt name? "
                                 f"The hooks are listed in docs/plugin_hooks.md")
            self.pm.unregister(record.hooks)

    def _unknown_hooks(self, plugin: object) -> list[str]:
        """Hooks ``plugin`` implements that no hookspec declares (pluggy's ``check_pending`` for
        one plugin, so that only the faulty plugin is refused)."""
        unknown = []
        for caller in self.pm.get_hookcallers(plugin) or []:
            if caller.has_spec():
                continue
            if any(impl.plugin is plugin and not impl.optionalhook for impl in caller.get_hookimpls()):
                unknown.append(caller.name)
        return sorted(unknown)

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
                record.contributions[hook] = _validate(hook, self.call_plugin(record, hook), record.name)
            self._describe(record)
        except PluginError as exc:
            record.fail(FAILED, str(exc))
        except Exception:
            record.fail(FAILED, traceback.format_exc(limit=-3))
        if record.status != LOADED:
            self.pm.unregister(record.hooks)

    def _check_tables(self, record: PluginRecord, taken: dict[str, str]) -> None:
        """A plugin's tables carry its prefix (``table_prefix`` in ``qi_plugin_info``, by default
        ``<name>_``), and no two plugins, nor a plugin and the core, share a prefix: a table can then
        never be claimed by two owners, and uninstalling knows which tables are the plugin's."""
        prefix = record.contributions["qi_plugin_info"].get("table_prefix") or f"{record.name}_"
        problem = None
        if not re.fullmatch(r"[a-z][a-z0-9]*_", prefix):
            problem = f"table prefix {prefix!r} must be lower-case letters and digits ending in '_'"
        else:
            clash = next((owner for other, owner in taken.items()
                          if other.startswith(prefix) or prefix.startswith(other)), None)
            wrong = [t for t in record.tables if not t.startswith(prefix)]
            if clash:
                problem = f"table prefix {prefix!r} overlaps the one of {clash}"
            elif wrong:
                problem = f"tables {wrong} do not start with the plugin's table prefix {prefix!r}"
        if problem:
            record.fail(FAILED, problem)
            self.pm.unregister(record.hooks)
        else:
            taken[prefix] = record.name

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

    def refuse_clashes(self, hook: str, what: str, verb: str = "declared") -> None:
        """Refuse (whole) every loaded plugin whose answer to ``hook`` reuses a ``code`` an earlier
        plugin declared; the platform's own come first (its default plugin loads first)."""
        owners: dict[str, str] = {}
        for record, item in self.contributions(hook):
            if record.status != LOADED:
                continue
            code = item["code"] if isinstance(item, dict) else item.code  # a dict or a typed contribution
            owner = owners.setdefault(code, record.name)
            if owner != record.name:
                self.refuse(record, f"{what} {code!r} is already {verb} by {owner}")

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
