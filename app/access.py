"""View specs: who owns each view, the permission resource it is checked against, who may use it.

Every view of the platform, the core's and each plugin's, is described by a *view spec* (see the
``qi_views`` hook) and registered here. A spec's ``roles`` is the declaration of who may use the view;
the generated access matrix (tests/test_access_matrix.py) holds the running app to it.

Permission resources cannot collide:

- a view's resource is derived from its owner and the view: ``ServiceGuideView`` for the core,
  ``testing.TestReportImportView`` for the testing plugin, whatever ``class_permission_name`` the class
  says;
- views share a resource only when their specs say so (``"resource": "TestReport"``), only within one
  owner, and only with the same ``roles``, so a staff-only page can never inherit the grants of a
  page institutions may write;
- an owner whose resource, blueprint, route base or URL rule collides with a view already registered
  (Flask-AppBuilder's, the core's, another plugin's) is refused before any of its views is registered.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from typing import Any, Iterable

from flask_appbuilder.api import BaseApi

from .i18n import msgid
from .i18n.fab import retitle
from .roles import ADMIN, FAB_SELF_SERVICE, ROLE_NAMES, SIGNED_IN

CORE = "core"
FAB = "fab"
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_PERMISSION = re.compile(r"[a-z][a-z0-9_]*")
_CONVERTER = re.compile(r"<(?:[^:<>]+:)?[^<>]+>")
_IGNORED_METHODS = {"HEAD", "OPTIONS"}


class AccessError(ValueError):
    """A view spec the platform refuses: malformed, or colliding with a registered view."""


@dataclass(frozen=True)
class ViewSpec:
    """One view, its place in the menus and who may use it (the ``qi_views`` hook returns these, or
    dicts with the same keys: an unknown key is refused, so a typo never passes silently).

    - ``view``: the Flask-AppBuilder view or API class.
    - ``roles``: ``{role: [permissions]}``, who may use it (``EVERYONE_READS``, ``grant(...)``).
    - ``resource``: share a permission resource with other views of the same owner (same roles).
    - ``name``: the label of its menu entry and of its link on the category page.
    - ``in_menu``: whether it has a navbar entry (default: when it has a ``name``); a public query page
      linked from its category page usually does not need one.
    - ``menu`` / ``menu_icon``: the navbar category label and icon; ``icon``: the entry's icon.
    - ``category``: the service category whose public page links to the view.
    - ``form``: a template the category page shows under that link (the view's query form).
    - ``moved_from``: addresses the view had before (``("/standards",)``): a GET there that finds no
      page is redirected permanently to the same place under the view's address, so bookmarks and
      links saved in guides and messages keep working. A plugin view that got its address from the
      platform (no ``route_base``) has its old one, ``/<viewname>``, added by itself.
    """

    view: type
    roles: dict = field(default_factory=dict)
    resource: str | None = None
    name: Any = None
    in_menu: bool | None = None
    menu: Any = None
    menu_icon: str = ""
    icon: str = ""
    category: str | None = None
    form: str | None = None
    moved_from: tuple = ()

    @classmethod
    def of(cls, spec) -> "ViewSpec":
        """``spec`` as a ViewSpec (from a dict or a ViewSpec); AccessError on unknown keys."""
        if isinstance(spec, cls):
            return spec
        if not isinstance(spec, dict) or not isinstance(spec.get("view"), type):
            raise AccessError(f"view entry {spec!r} needs a 'view' class")
        unknown = sorted(set(spec) - {f.name for f in fields(cls)})
        if unknown:
            raise AccessError(f"view {spec['view'].__name__}: unknown keys {unknown} "
                              f"(known: {', '.join(f.name for f in fields(cls))})")
        return cls(**spec)

    def as_dict(self) -> dict:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["in_menu"] = bool(self.name) if self.in_menu is None else bool(self.in_menu and self.name)
        return out


def resource_of(owner: str, spec: dict) -> str:
    """The permission resource of ``spec``'s view: its own name, or the resource the spec shares,
    prefixed with the plugin's name (the core's names carry no prefix and no dot)."""
    local = spec.get("resource") or spec["view"].__name__
    if not _IDENTIFIER.fullmatch(local):
        raise AccessError(f"view {spec['view'].__name__}: resource {local!r} is not an identifier")
    return local if owner in (CORE, FAB) else f"{owner}.{local}"


def normalised_roles(spec: dict) -> dict[str, tuple[str, ...]]:
    """The spec's ``roles`` as ``{role: sorted permissions}``; raises AccessError when malformed."""
    roles = spec.get("roles") or {}
    if not isinstance(roles, dict):
        raise AccessError(f"view {spec['view'].__name__}: 'roles' must be a mapping of role to permissions")
    out = {}
    for role, permissions in roles.items():
        if role not in ROLE_NAMES or role == ADMIN:
            raise AccessError(f"view {spec['view'].__name__}: unknown or reserved role {role!r}")
        if isinstance(permissions, str) or not all(isinstance(p, str) and _PERMISSION.fullmatch(p)
                                                   for p in permissions):
            raise AccessError(f"view {spec['view'].__name__}: permissions of {role} must be a list of names")
        if permissions:
            out[role] = tuple(sorted(set(permissions)))
    return out


def _route_base(instance) -> str:
    if isinstance(instance, BaseApi):
        if instance.route_base is not None:
            return instance.route_base
        return f"/api/{instance.version}/{(instance.resource_name or type(instance).__name__).lower()}"
    return instance.route_base if instance.route_base is not None else "/" + type(instance).__name__.lower()


def _rules(instance) -> set[tuple[str, str]]:
    """(URL rule with converters blanked, HTTP method) of every route the view will register."""
    base = _route_base(instance)
    rules = set()
    for name in dir(type(instance)):
        if instance.include_route_methods is not None and name not in instance.include_route_methods:
            continue
        if name in (instance.exclude_route_methods or ()):
            continue
        for url, methods in getattr(getattr(type(instance), name, None), "_urls", ()) or ():
            for method in set(methods or ["GET"]) - _IGNORED_METHODS:
                rules.add((_CONVERTER.sub("<>", base + url), method))
    return rules


def _namespace_addresses(owner: str, instance) -> None:
    """A plugin's pages live under ``/<plugin>/`` and its REST resources are named ``<plugin>_…``: a
    view without an address of its own gets one there (``/metrology/instrumentview/``), one that names
    an address elsewhere is refused, so no plugin can take an address of the core or of another."""
    name = type(instance).__name__
    if isinstance(instance, BaseApi):
        if type(instance).resource_name is None:
            instance.resource_name = f"{owner}_{name.lower()}"
            instance.qi_moved_from = [f"/api/{instance.version}/{name.lower()}"]
        if not (instance.resource_name == owner or instance.resource_name.startswith(f"{owner}_")):
            raise AccessError(f"view {name}: REST resource {instance.resource_name!r} must be {owner!r} "
                              f"or start with '{owner}_'")
        if type(instance).route_base is not None:
            raise AccessError(f"view {name}: a REST API of a plugin takes its address from its resource_name")
        return
    if type(instance).route_base is None:
        instance.route_base = f"/{owner}/{name.lower()}"
        instance.qi_moved_from = [f"/{name.lower()}"]
    if not (instance.route_base == f"/{owner}" or instance.route_base.startswith(f"/{owner}/")):
        raise AccessError(f"view {name}: route base {instance.route_base!r} must be /{owner} or under /{owner}/")


def _moved_from(view, spec: dict) -> list[str]:
    moved = spec.get("moved_from") or ()
    if isinstance(moved, str) or not all(isinstance(a, str) and re.fullmatch(r"(/[A-Za-z0-9_.-]+)+", a)
                                         and a != "/api" for a in moved):
        raise AccessError(f"view {view.__name__}: moved_from must be a tuple of addresses such as '/standards'")
    return list(moved)


def moved_target(app, path: str) -> str | None:
    """Where a page that moved now lives: ``path`` under a registered view's old address
    (``moved_from``) rewritten to its current one; None when no view moved from there."""
    best = None
    for spec in app.extensions.get("qi_views", []):
        instance = spec["instance"]
        for old in getattr(instance, "qi_moved_from", ()):
            if (path == old or path.startswith(old + "/")) and (best is None or len(old) > len(best[0])):
                best = (old, _route_base(instance))
    return best[1] + path[len(best[0]):] if best else None


def prepare(owner: str, specs: Iterable[dict]) -> list[dict]:
    """Check one owner's specs among themselves and build their views (nothing registered yet).

    Returns the specs with ``owner``, ``resource``, ``declared`` (normalised roles) and ``instance``."""
    prepared, by_resource, names = [], {}, set()
    for spec in specs:
        spec = ViewSpec.of(spec).as_dict()
        view = spec["view"]
        if view.__name__ in names:
            raise AccessError(f"two views are named {view.__name__}")
        names.add(view.__name__)
        resource, declared = resource_of(owner, spec), normalised_roles(spec)
        if resource in by_resource and by_resource[resource] != declared:
            raise AccessError(f"views sharing the resource {resource!r} must declare the same roles")
        by_resource[resource] = declared
        try:
            instance = view()
        except Exception as exc:
            raise AccessError(f"view {view.__name__} cannot be built: {exc!r}") from exc
        # The class may name another resource (FAB's class_permission_name): the spec decides.
        instance.class_permission_name = resource
        retitle(instance, spec.get("name"))  # FAB's "List X"/"Add X" become the translated menu label
        if owner not in (CORE, FAB):
            _namespace_addresses(owner, instance)
        instance.qi_moved_from = [*getattr(instance, "qi_moved_from", []), *_moved_from(view, spec)]
        prepared.append({**spec, "owner": owner, "resource": resource, "declared": declared, "instance": instance})
    return prepared


def check_collisions(app, registered: list[dict], prepared: list[dict]) -> None:
    """Raise AccessError when a prepared view would share a resource, blueprint, route base or URL
    rule with a view of another owner already registered in ``app``."""
    owners = {spec["resource"]: spec["owner"] for spec in registered}
    # The core deliberately replaces some of FAB's pages under their addresses (/register); exact URL
    # rules still may not collide.
    bases = {_route_base(spec["instance"]): spec["owner"] for spec in registered
             if not (spec["owner"] == FAB and prepared and prepared[0]["owner"] == CORE)}
    taken = {(_CONVERTER.sub("<>", rule.rule), method) for rule in app.url_map.iter_rules()
             for method in rule.methods - _IGNORED_METHODS}
    for spec in prepared:
        name, instance = spec["view"].__name__, spec["instance"]
        if spec["resource"] in owners and owners[spec["resource"]] != spec["owner"]:
            raise AccessError(f"view {name}: permission resource {spec['resource']!r} belongs to "
                              f"{owners[spec['resource']]}")
        if name in app.blueprints:
            raise AccessError(f"view {name}: the blueprint (endpoint) name {name!r} is already registered")
        base = _route_base(instance)
        if base.strip("/") and base in bases and bases[base] != spec["owner"]:  # the root is shared
            raise AccessError(f"view {name}: route base {base!r} belongs to {bases[base]}")
        clash = sorted(_rules(instance) & taken)
        if clash:
            raise AccessError(f"view {name}: URL {clash[0][1]} {clash[0][0]} is already registered")


def register(appbuilder, spec: dict) -> dict:
    """Register one prepared spec's view with Flask-AppBuilder (menu entry when it has a ``name``)."""
    instance = spec["instance"]
    if isinstance(instance, BaseApi):
        appbuilder.add_api(instance)
    elif spec.get("in_menu"):
        # Menu names are identifiers that permissions refer to; labels are the translated texts.
        appbuilder.add_view(
            instance, type(instance).__name__, label=spec["name"], icon=spec.get("icon", ""),
            category=msgid(spec["menu"]) if spec.get("menu") else "",
            category_label=spec.get("menu") or "", category_icon=spec.get("menu_icon", ""),
        )
    else:
        appbuilder.add_view_no_menu(instance)
    return spec


def fab_specs(appbuilder) -> list[dict]:
    """Specs describing Flask-AppBuilder's own views as registered: Admin only, but for the
    self-service pages every signed-in user has on their own account."""
    specs = []
    for view in appbuilder.baseviews:
        own = FAB_SELF_SERVICE.get(view.class_permission_name, [])
        specs.append({"view": type(view), "owner": FAB, "resource": view.class_permission_name,
                      "declared": {role: tuple(own) for role in SIGNED_IN} if own else {}, "instance": view})
    return specs


def build_fab_roles(specs: Iterable[dict]) -> dict[str, list[list[str]]]:
    """``FAB_ROLES`` from the declared roles of every registered spec.

    A role given any permission on a view also sees its menu entry and menu category. FAB matches
    each pair with ``re.match``; names are escaped and anchored so ``Category`` does not also grant
    ``CategoryItem``.
    """
    table: dict[str, list[tuple[str, str]]] = {role: [] for role in ROLE_NAMES if role != ADMIN}
    for spec in specs:
        for role, permissions in spec["declared"].items():
            table[role].extend((spec["resource"], perm) for perm in permissions)
            if spec.get("in_menu"):
                table[role].append((spec["view"].__name__, "menu_access"))
                if spec.get("menu"):
                    table[role].append((msgid(spec["menu"]), "menu_access"))
    fab_roles = {ADMIN: [[".*", ".*"]]}
    for role, pairs in table.items():
        fab_roles[role] = [[f"^{re.escape(v)}$", f"^{re.escape(p)}$"] for v, p in dict.fromkeys(pairs)]
    return fab_roles
