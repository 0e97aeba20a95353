"""Kinds of need, and the matchers that propose institutions for a need.

The platform declares two need types itself (``consultation``: a question answered in one go;
``service``: a need for a service item of the catalogue). Plugins add theirs with the
``qi_need_types`` hook (metrology's calibration request …) and propose institutions with
``qi_need_matchers``; every type runs on the same clock, flow, history and lists.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Callable

from flask_babel import lazy_gettext as _l

CONSULTATION, SERVICE = "consultation", "service"
_CODE = re.compile(r"^[a-z][a-z0-9_]{1,40}$")
_CATEGORY = re.compile(r"^[a-z][a-z0-9_]{1,31}$")  # as app.plugins.manager.CATEGORY_CODE
_ITEM = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


@dataclass(frozen=True)
class NeedType:
    """A kind of need.

    - ``code``: unique; a plugin's codes start with its name and ``_`` (``metrology_calibration``).
    - ``name``: its label (a lazy msgid), shown in the reader's language.
    - ``category``: the code of the service category it belongs to: a need of this type filed without
      a service item is filed under it, so lists, the SLA board and the matchers of that category see it.
    - ``item``: the code of the service item whose guide describes it (optional): a need of this type
      filed without an item is filed under this one.
    - ``respond_days`` / ``answer_days``: working days to respond and to answer with a plan.
    - ``summary``: ``summary(need) -> str``, one line on the details the type keeps in ``need.details``.
    - ``on_step``: ``on_step(session, need, step)``, called after each step of a need of this type
      (``step`` is a step name of ``app.needs.states.STEPS``, or ``"file"``), inside the step's
      transaction, to keep the plugin's own records in line (metrology moves the ledger on when a
      calibration is delivered). One that raises is rolled back, logged and counted for the plugin;
      the step itself stands.
    - ``plugin``: filled in by the platform.
    """

    code: str
    name: Any
    category: str | None = None
    respond_days: int = 1
    answer_days: int = 3
    summary: Callable[[Any], str] | None = None
    item: str | None = None
    on_step: Callable[[Any, Any, str], None] | None = None
    plugin: str = ""


@dataclass(frozen=True)
class MatchCandidate:
    """An institution a matcher proposes for a need.

    - ``institution_id`` / ``name``: the organisation (an approved institution) and its name.
    - ``score``: how well it fits, from 0 to 1; candidates of several matchers are merged by it.
    - ``reason``: one line for staff (what it covers, where it is).
    - ``outside``: False for institutions on the platform (入驻), True for one only listed: platform
      institutions are proposed first (6.3.2-2).
    """

    institution_id: int
    name: str
    score: float = 0.0
    reason: str = ""
    outside: bool = False


@dataclass(frozen=True)
class NeedMatcher:
    """Proposes institutions for needs of some categories.

    - ``code``: unique; a plugin's codes start with its name and ``_`` (``testing_capabilities``).
    - ``name``: its label (a lazy msgid).
    - ``match``: ``match(session, need, limit) -> list[MatchCandidate]``, best first, at most ``limit``.
      It reads the need (its category, item, ``details``, organisation's region) and never writes.
    - ``categories``: the codes of the categories whose needs it serves (every need when empty).
    - ``plugin``: filled in by the platform.
    """

    code: str
    name: Any
    match: Callable[[Any, Any, int], list[MatchCandidate]]
    categories: tuple = field(default_factory=tuple)
    plugin: str = ""

    def serves(self, category: str | None) -> bool:
        return not self.categories or category in self.categories


BUILT_IN = [
    NeedType(CONSULTATION, _l("Consultation")),
    NeedType(SERVICE, _l("Service need")),
]


class NeedTypeError(ValueError):
    """A need type or matcher the platform refuses."""


def _check_code(plugin: str, what: str, code) -> None:
    if not (isinstance(code, str) and _CODE.match(code) and code.startswith(f"{plugin}_")):
        raise NeedTypeError(f"{what} code {code!r} must be {plugin}_<name> in lowercase letters, digits and _ "
                            f"(at most 41 characters)")


def _check_category(what: str, code: str, category) -> None:
    if category is not None and not (isinstance(category, str) and _CATEGORY.match(category)):
        raise NeedTypeError(f"{what} {code}: category {category!r} is not a category code")


def check_need_type(plugin: str, need_type: NeedType) -> NeedType:
    """``need_type`` with its plugin filled in; NeedTypeError when malformed or not namespaced."""
    if not isinstance(need_type, NeedType):
        raise NeedTypeError(f"qi_need_types must return NeedType objects, not {need_type!r}")
    _check_code(plugin, "need type", need_type.code)
    if not need_type.name:
        raise NeedTypeError(f"need type {need_type.code}: name is required")
    _check_category("need type", need_type.code, need_type.category)
    if need_type.item is not None and not (isinstance(need_type.item, str) and _ITEM.match(need_type.item)):
        raise NeedTypeError(f"need type {need_type.code}: item {need_type.item!r} is not a service item code")
    days = (need_type.respond_days, need_type.answer_days)
    if any(isinstance(d, bool) or not isinstance(d, int) for d in days):
        raise NeedTypeError(f"need type {need_type.code}: respond_days and answer_days must be whole numbers")
    if need_type.respond_days < 0 or need_type.answer_days < need_type.respond_days:
        raise NeedTypeError(f"need type {need_type.code}: answer_days must not be shorter than respond_days")
    for name in ("summary", "on_step"):
        if getattr(need_type, name) is not None and not callable(getattr(need_type, name)):
            raise NeedTypeError(f"need type {need_type.code}: {name} must be a function")
    return replace(need_type, plugin=plugin)


def check_need_matcher(plugin: str, matcher: NeedMatcher) -> NeedMatcher:
    """``matcher`` with its plugin filled in; NeedTypeError when malformed or not namespaced."""
    if not isinstance(matcher, NeedMatcher):
        raise NeedTypeError(f"qi_need_matchers must return NeedMatcher objects, not {matcher!r}")
    _check_code(plugin, "need matcher", matcher.code)
    if not callable(matcher.match):
        raise NeedTypeError(f"need matcher {matcher.code}: match must be a function")
    categories = matcher.categories
    if isinstance(categories, str) or not isinstance(categories, (tuple, list, frozenset, set)):
        raise NeedTypeError(f"need matcher {matcher.code}: categories must be a tuple of category codes")
    for category in categories:
        _check_category("need matcher", matcher.code, category)
    return replace(matcher, categories=tuple(categories), plugin=plugin)


# -- what the application holds -------------------------------------------------------------------
TYPES_KEY, MATCHERS_KEY = "qi_need_types", "qi_need_matchers"


def registered_types() -> list[NeedType]:
    """The need types of the application: the platform's first, then the loaded plugins'."""
    from flask import current_app, has_app_context

    found = current_app.extensions.get(TYPES_KEY) if has_app_context() else None
    return list(found if found is not None else BUILT_IN)


def registered_matchers() -> list[NeedMatcher]:
    """The matchers of the loaded plugins, in plugin order."""
    from flask import current_app, has_app_context

    return list(current_app.extensions.get(MATCHERS_KEY) or []) if has_app_context() else []


def run_on_step(need, step: str, session) -> None:
    """Call the ``on_step`` of ``need``'s type after a step (connected to ``flow.need_stepped``).

    It runs in a savepoint of the step's transaction: when it raises, what it did is rolled back, the
    failure is logged and counted for its plugin, and the step stands.
    """
    kind = next((t for t in registered_types() if t.code == need.need_type), None)
    if kind is None or kind.on_step is None:
        return
    from ..plugins.failures import NEED_STEP, record_failure

    try:
        with session.begin_nested():
            kind.on_step(session, need, step)
    except Exception as exc:
        record_failure(kind.plugin, NEED_STEP, exc, connection=session.connection())


def need_url(need) -> str:
    """The address of a need's page (its case page, built by ``app.needs.views``)."""
    return f"/needs/case/{need.number}"
