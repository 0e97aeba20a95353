"""What a module or plugin tells the unified search about one kind of record."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from .phrases import Phrase


@dataclass
class SearchDocument:
    """How one record appears in the search: its text, where it links, who may find it.

    ``url`` is a path (``/item/metrology-verification``): documents are built at flush time, when
    there may be no request to build URLs from. ``region`` is an administrative division code;
    a filter on ``64`` finds ``640104``. ``also_in`` lists further categories (an institution doing
    both testing and metrology). ``public=False`` keeps a record out of public search
    (a draft, a hidden category, an organisation not approved yet). ``title`` and ``summary`` are
    shown in the reader's language when they are a ``Phrase`` (``app.search.phrases``: statuses as
    ``lazy_gettext``, a record's bilingual fields as a dict); a plain str is shown as it is.
    """

    title: str | Phrase
    url: str
    summary: str | Phrase = ""
    body: str = ""
    category: str | None = None
    region: str | None = None
    public: bool = True
    also_in: list[str] = field(default_factory=list)  # more category codes the record is found under


@dataclass
class SearchProvider:
    """One kind of searchable record.

    - ``kind``: a short identifier (``item``, ``institution``, ``standard``), unique across plugins;
    - ``label``: its translated name in the results (``lazy_gettext``);
    - ``model``: the SQLAlchemy model; the index follows its inserts, updates and deletes in the
      same transaction;
    - ``document(obj)``: the ``SearchDocument`` of a record, or None to leave it out;
    - ``related``: ``{OtherModel: fn(other) -> records}``, records to re-index when another model
      changes (an item when its category is hidden);
    - ``query()``: a ``select()`` of the records to index on a rebuild (default: all of ``model``);
    - ``order``: position of the kind in the result groups;
    - ``resolve(session, query)``: records that answer ``query`` exactly, shown first (the current
      edition of an undated standard number); it should return quickly and [] for most queries, as
      it runs on every search.
    - ``private``: its documents are never public; the search page offers the kind only to the
      platform's staff, in a part of its own (the answers of needs' application forms).
    """

    kind: str
    label: Any
    model: type
    document: Callable[[Any], SearchDocument | None]
    related: dict[type, Callable[[Any], Iterable[Any]]] = field(default_factory=dict)
    query: Callable[[], Any] | None = None
    order: int = 100
    resolve: Callable[[Any, str], Iterable[Any]] | None = None
    private: bool = False

    def ref(self, obj) -> str:
        return str(obj.id)


def owned_by(model, column: str = "organisation_id") -> Callable[[Any], list]:
    """For ``related``: the records of ``model`` an organisation owns, re-indexed when the
    organisation changes (approved, renamed, deregistered)."""
    from sqlalchemy import inspect, select

    def records(organisation) -> list:
        session = inspect(organisation).session
        if session is None or organisation.id is None:
            return []
        return list(session.scalars(select(model).where(getattr(model, column) == organisation.id)))

    return records
