"""Kinds of need, and the matchers that propose institutions for a need.

The platform declares two need types itself (``consultation``: a question answered in one go;
``service``: a need for a service item of the catalogue). Plugins add theirs with the
``qi_need_types`` hook (metrology's calibration request …) and propose institutions with
``qi_need_matchers``; every type runs on the same clock, flow, history and lists.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from flask_babel import lazy_gettext as _l

CONSULTATION, SERVICE = "consultation", "service"
_CODE = re.compile(r"^[a-z][a-z0-9_]{1,40}$")


@dataclass(frozen=True)
class NeedType:
    """A kind of need.

    - ``code``: unique; a plugin's codes start with its name and ``_`` (``metrology_calibration``).
    - ``name``: its label (a lazy msgid), shown in the reader's language.
    - ``category``: the service category it belongs to (lists and the SLA board group by it).
    - ``respond_days`` / ``answer_days``: working days to respond and to answer with a plan.
    - ``summary``: ``summary(need) -> str``, one line on the details the type keeps in ``need.details``.
    - ``plugin``: filled in by the platform.
    """

    code: str
    name: Any
    category: str | None = None
    respond_days: int = 1
    answer_days: int = 3
    summary: Callable[[Any], str] | None = None
    plugin: str = ""


@dataclass(frozen=True)
class MatchCandidate:
    """An institution a matcher proposes for a need, best first; ``outside`` is False for platform
    institutions (they are proposed first, 6.3.2-2)."""

    institution_id: int
    name: str
    score: float = 0.0
    reason: str = ""
    outside: bool = False


@dataclass(frozen=True)
class NeedMatcher:
    """``match(session, need, limit) -> list[MatchCandidate]`` for needs of ``categories`` (all when
    empty). ``plugin`` is filled in by the platform."""

    code: str
    name: Any
    match: Callable[[Any, Any, int], list[MatchCandidate]]
    categories: tuple = field(default_factory=tuple)
    plugin: str = ""


BUILT_IN = [
    NeedType(CONSULTATION, _l("Consultation")),
    NeedType(SERVICE, _l("Service need")),
]


class NeedTypeError(ValueError):
    """A need type or matcher the platform refuses."""


def check_need_type(plugin: str, need_type: NeedType) -> NeedType:
    """``need_type`` with its plugin filled in; NeedTypeError when malformed or not namespaced."""
    if not isinstance(need_type, NeedType):
        raise NeedTypeError(f"qi_need_types must return NeedType objects, not {need_type!r}")
    if not _CODE.match(need_type.code) or not need_type.code.startswith(f"{plugin}_"):
        raise NeedTypeError(f"need type code {need_type.code!r} must be {plugin}_<name> in lowercase letters, "
                            f"digits and _")
    if need_type.respond_days < 0 or need_type.answer_days < need_type.respond_days:
        raise NeedTypeError(f"need type {need_type.code}: answer_days must not be shorter than respond_days")
    return NeedType(**{**need_type.__dict__, "plugin": plugin})
