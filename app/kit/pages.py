"""Public query pages of plugins: one skeleton, one way to read query arguments.

A plugin's public page subclasses ``PublicPage``: every exposed method is read access (give the view
spec ``roles=EVERYONE_READS``), and the argument readers below bound and clean what the address bar
says, so a page never has to write the same parsing again (and never turns odd input into a 500).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import request, url_for
from flask_appbuilder import BaseView

from ..search.tokens import division_prefix

ROW_LIMIT = 300  # rows a public query shows at most; refine the query for more
PAGE_ROWS = 50  # rows of a public query page (``page_of``); the rest on the next pages


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


@dataclass
class Page:
    """One page of a public query (``page_of``): its rows, its 1-based number, whether more follow."""

    rows: list
    number: int
    more: bool

    def url(self, number: int) -> str:
        """This page's address with every query argument kept and the page ``number``."""
        return url_for(request.endpoint, **{**(request.view_args or {}), **request.args.to_dict(), "page": number})


def page_of(session, query, size: int = PAGE_ROWS) -> Page:
    """The page the address asks for (``?page=``) of ``query``'s rows, ``size`` a page: one statement,
    no count (one row more than the page tells whether another follows). Render it with
    ``{% from "kit/pager.html" import pager %}{{ pager(page) }}``."""
    number = page_arg()
    rows = session.scalars(query.offset((number - 1) * size).limit(size + 1)).all()
    return Page(rows[:size], number, len(rows) > size)
