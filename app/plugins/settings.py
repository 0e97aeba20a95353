"""Settings of each plugin: declared with a type and a default, set from configuration or environment.

A plugin declares its settings in ``qi_plugin_info()["settings"]``::

    "settings": {
        "due_days": {"type": int, "default": 30,
                     "help_en": "Days ahead an instrument counts as due soon",
                     "help_zh": "器具在多少天内到期即列为即将到期",
                     "env_aliases": ["QI_METROLOGY_DUE_DAYS"]},   # old variable names, still read
        "greeting_count": 1,             # the plain form: the type is the default's
    }

A value comes from, the later winning:

1. the declared default;
2. the environment variable ``QI_PLUGIN_<NAME>_<KEY>`` (upper case, ``-`` and ``.`` as ``_``),
   or one of the setting's deprecated ``env_aliases``;
3. the mapping ``QI_PLUGIN_SETTINGS = {"<name>": {"<key>": value}}`` given to ``create_app``
   (the configuration of one deployment overrides its environment, as ``create_app``'s mapping
   overrides every other variable).

Each value is converted to the declared type (``int``, ``float``, ``bool``, ``str``); a value that
does not convert, or a key the plugin did not declare, refuses that plugin at start-up with a
message naming the variable. Plugins read their values with :func:`plugin_setting`.
"""
from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from typing import Any, Mapping

log = logging.getLogger(__name__)

TYPES = (int, float, bool, str)
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}
DEFAULT, ENVIRONMENT, CONFIGURATION = "default", "environment", "configuration"


class SettingError(ValueError):
    """A setting declaration or value the platform cannot use; the message names the culprit."""


@dataclass(frozen=True)
class Setting:
    """One declared setting of a plugin."""

    key: str
    type: type
    default: Any
    help_en: str = ""
    help_zh: str = ""
    env_aliases: tuple[str, ...] = ()
    secret: bool = False  # shown as ***** on the Plugins page


@dataclass
class SettingValue:
    """A setting's current value and where it came from (shown on the admin Plugins page)."""

    setting: Setting
    value: Any
    source: str = DEFAULT
    variable: str = ""  # the environment variable or configuration key that set it
    env: str = ""  # the setting's environment variable, QI_PLUGIN_<NAME>_<KEY>


@dataclass
class PluginSettings:
    """The resolved settings of one plugin."""

    plugin: str
    values: dict[str, SettingValue] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {key: v.value for key, v in self.values.items()}


def env_name(plugin: str, key: str) -> str:
    """The environment variable of a plugin's setting: ``QI_PLUGIN_METROLOGY_DUE_DAYS``."""
    return "QI_PLUGIN_" + re.sub(r"[^A-Za-z0-9]", "_", f"{plugin}_{key}").upper()


def declared_settings(plugin: str, declared: Any) -> list[Setting]:
    """The settings a plugin declares in ``qi_plugin_info()["settings"]`` (typed or plain form)."""
    if declared is None:
        return []
    if not isinstance(declared, Mapping):
        raise SettingError(f"plugin {plugin}: qi_plugin_info 'settings' must be a dict")
    settings = []
    for key, spec in declared.items():
        if not (isinstance(key, str) and key.isidentifier()):
            raise SettingError(f"plugin {plugin}: setting name {key!r} is not an identifier")
        if not isinstance(spec, Mapping):  # the plain form: a default whose type is the setting's
            spec = {"type": type(spec), "default": spec}
        unknown = set(spec) - {"type", "default", "help_en", "help_zh", "env_aliases", "secret"}
        if unknown:
            raise SettingError(f"plugin {plugin}: setting {key!r} has unknown fields {sorted(unknown)}")
        kind = spec.get("type") or type(spec.get("default", ""))
        if kind not in TYPES:
            raise SettingError(f"plugin {plugin}: setting {key!r} has type {kind!r}; use int, float, bool or str")
        default = spec.get("default")
        if default is not None:
            default = convert(default, kind, f"the default of {plugin}.{key}")
        settings.append(Setting(key, kind, default, str(spec.get("help_en", "")), str(spec.get("help_zh", "")),
                                tuple(spec.get("env_aliases") or ()), bool(spec.get("secret"))))
    return settings


def convert(value: Any, kind: type, where: str) -> Any:
    """``value`` as ``kind``; text is parsed (``"45"`` → 45, ``"yes"`` → True); else SettingError."""
    if kind is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
    elif kind in (int, float):
        if isinstance(value, (int, float)) and not isinstance(value, bool) and (kind is float or value == int(value)):
            return kind(value)
        if isinstance(value, str):
            try:
                return kind(value.strip())
            except ValueError:
                pass
    elif isinstance(value, str):
        return value
    raise SettingError(f"{where}: {value!r} is not a valid {kind.__name__}")


def resolve(plugin: str, declared: Any, overrides: Mapping | None, environ: Mapping[str, str] | None = None
            ) -> PluginSettings:
    """The values of a plugin's settings: default, then environment, then configuration mapping.

    Raises SettingError naming the variable when a value does not convert or a configured key is
    not declared.
    """
    environ = os.environ if environ is None else environ
    overrides = overrides or {}
    if not isinstance(overrides, Mapping):
        raise SettingError(f"QI_PLUGIN_SETTINGS[{plugin!r}] must be a dict")
    settings = declared_settings(plugin, declared)
    known = {s.key for s in settings}
    unknown = set(overrides) - known
    if unknown:
        raise SettingError(f"QI_PLUGIN_SETTINGS[{plugin!r}]: unknown setting(s) {sorted(unknown)}; "
                           f"{plugin} declares {sorted(known) or 'none'}")
    result = PluginSettings(plugin)
    for s in settings:
        current = SettingValue(s, s.default, env=env_name(plugin, s.key))
        for variable in (*s.env_aliases, env_name(plugin, s.key)):  # the new name wins over an alias
            if variable in environ:
                if variable in s.env_aliases:
                    log.warning("%s is deprecated: set %s instead", variable, env_name(plugin, s.key))
                current = SettingValue(s, convert(environ[variable], s.type, variable), ENVIRONMENT, variable,
                                       current.env)
        if s.key in overrides:
            variable = f"QI_PLUGIN_SETTINGS[{plugin!r}][{s.key!r}]"
            current = SettingValue(s, convert(overrides[s.key], s.type, variable), CONFIGURATION, variable,
                                   current.env)
        result.values[s.key] = current
    return result


def plugin_settings(plugin: str) -> dict[str, Any]:
    """Every setting of ``plugin`` in the current application, by key."""
    from flask import current_app

    return dict(current_app.config["QI_PLUGIN_SETTINGS"].get(plugin, {}))


def plugin_setting(plugin: str, key: str) -> Any:
    """The current value of one setting of ``plugin`` (``plugin_setting("metrology", "due_days")``).

    Raises KeyError for a setting the plugin did not declare: a misspelt key fails loudly.
    """
    from flask import current_app

    values = current_app.config["QI_PLUGIN_SETTINGS"].get(plugin)
    if values is None or key not in values:
        raise KeyError(f"plugin {plugin!r} declares no setting {key!r}")
    return values[key]
