"""Public query pages of plugins: one skeleton, one way to read query arguments.

A plugin's public page subclasses ``PublicPage``: every exposed method is read access (give the view
spec ``roles=EVERYONE_READS``), and the argument readers below bound and clean what the address bar
says, so a page never has to write the same parsing again (and never turns odd input into a 500).
"""
from __future__ import annotations

from flask import request
from flask_appbuilder import BaseView

from ..search.tokens import division_prefix

ROW_LIMIT = 300  # rows a public query shows at most; refine the query for more


class PublicPage(BaseView):
    """Base of a plugin's public query page (``route_base``, ``default_view`` and ``@expose`` +
    ``@has_access`` methods as in any FAB view). Its methods are all ``can_read``."""

    row_limit = ROW_LIMIT

    def __init__(self):
        exposed = {name: "read" for name in dir(type(self)) if hasattr(getattr(type(self), name), "_urls")}
        self.method_permission_name = {**exposed, **(type(self).method_permission_name or {})}
        super().__init__()


def text_arg(name: str, max_length: int = 100) -> str:
    """A free-text query argument, trimmed and cut to ``max_length``."""
    return (request.args.get(name) or "").strip()[:max_length]


def choice_arg(name: str, choices, default: str = "") -> str:
    """A query argument that must be one of ``choices`` (a mapping's keys or a sequence), else ``default``."""
    value = request.args.get(name)
    return value if value in choices else default


def flag_arg(name: str) -> bool:
    """A tick box of a query form (``1``)."""
    return request.args.get(name) == "1"


def page_arg(name: str = "page", last: int = 10_000) -> int:
    """A 1-based page number, bounded; anything else is page 1."""
    value = request.args.get(name, 1, type=int) or 1
    return min(max(value, 1), last)


def region_arg(name: str = "region") -> str:
    """An administrative division code (up to 6 digits) or ``""``."""
    value = text_arg(name, 6)
    return value if value.isdigit() else ""


def in_region(query, column, region: str):
    """``query`` limited to rows whose division ``column`` lies in ``region`` (a province, city or county
    code: ``640000`` covers ``640105``); unchanged when no region was asked."""
    return query.where(column.startswith(division_prefix(region))) if region else query
