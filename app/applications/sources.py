"""Records a plugin offers to application forms: a field of kind ``record`` lets an enterprise pick
one of its own (an instrument of its metrology ledger …), declared with the hook ``qi_form_sources``.

A source answers for one organisation only: the filer's. A form filed by someone who is not signed
in for an enterprise (anonymously, or by staff at intake) has no such field. A source that raises is
logged and counted for its plugin (``app.plugins.failures``) and the field offers nothing then: the
form still works.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Callable

CODE = re.compile(r"^[a-z][a-z0-9_]{1,40}$")
KEY = "qi_form_sources"
PAGE_SIZE = 20


@dataclass(frozen=True)
class FormSource:
    """Records of an organisation a form field offers.

    - ``code``: unique; a plugin's codes start with its name and ``_`` (``metrology_instrument``).
    - ``name``: its label (a lazy msgid), shown in the builder.
    - ``search``: ``search(session, organisation_id, text, page) -> (rows, more)``: the organisation's
      records matching ``text`` (all for ""), ``PAGE_SIZE`` a page from 1, as ``[(id, label)]`` with ids
      as text, and whether there are more.
    - ``label``: ``label(session, organisation_id, id) -> str | None``: the record's label, or None when
      it is not that organisation's (the answer is refused then).
    - ``plugin``: filled in by the platform.
    """

    code: str
    name: Any
    search: Callable[[Any, int, str, int], tuple[list[tuple[str, str]], bool]]
    label: Callable[[Any, int, str], str | None]
    plugin: str = ""


class FormSourceError(ValueError):
    """A source the platform refuses."""


def check_form_source(plugin: str, source) -> FormSource:
    if not isinstance(source, FormSource):
        raise FormSourceError(f"qi_form_sources must return FormSource objects, not {source!r}")
    if not (isinstance(source.code, str) and CODE.match(source.code) and source.code.startswith(f"{plugin}_")):
        raise FormSourceError(f"form source code {source.code!r} must be {plugin}_<name> in lowercase letters, "
                              "digits and _")
    if not source.name or not callable(source.search) or not callable(source.label):
        raise FormSourceError(f"form source {source.code}: name, search and label are required")
    return replace(source, plugin=plugin)


def registered_sources() -> dict[str, FormSource]:
    from flask import current_app, has_app_context

    return dict(current_app.extensions.get(KEY) or {}) if has_app_context() else {}


def _guarded(source: FormSource, call, fallback):
    from ..plugins.failures import FORM_SOURCE, record_failure

    try:
        return call()
    except Exception as exc:  # the plugin's failure stays its own: the field offers nothing
        record_failure(source.plugin, FORM_SOURCE, exc)
        return fallback


def search(session, code: str, organisation_id: int, text: str = "", page: int = 1) -> tuple[list, bool]:
    source = registered_sources().get(code)
    if source is None:
        return [], False
    rows, more = _guarded(source, lambda: source.search(session, organisation_id, text, page), ([], False))
    return [(str(i), str(label)) for i, label in rows][:PAGE_SIZE], bool(more)


def label(session, code: str, organisation_id: int, record_id: str) -> str | None:
    source = registered_sources().get(code)
    if source is None:
        return None
    return _guarded(source, lambda: source.label(session, organisation_id, record_id), None)
