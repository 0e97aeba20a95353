"""Drafts, versions and what a need is filed with: the one place that writes item forms."""
from __future__ import annotations

import hashlib
import json

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..dictionaries.declared import declared_dictionaries
from ..dictionaries.lookup import entries
from ..dictionaries.models import Dictionary
from .definition import check_definition
from .models import ItemForm, ItemFormVersion

EMPTY = {"fields": []}


def digest(definition: dict) -> str:
    return hashlib.sha256(json.dumps(definition, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def known_dictionaries(session: Session):
    """A function listing the dictionary codes a choice field may name (declared or added in the UI)."""
    def codes() -> set[str]:
        return set(declared_dictionaries()) | set(session.scalars(select(Dictionary.code)))
    return codes


def active_codes(dictionary: str) -> list[str]:
    """The codes a new answer may take: the dictionary's active items."""
    return [e.code for e in entries(dictionary) if e.active]


def checked(session: Session, definition) -> dict:
    """``definition`` normalised; DefinitionError (translated) when refused."""
    from .sources import registered_sources

    return check_definition(definition, known_dictionaries(session), lambda: set(registered_sources()))


def form_of(session: Session, item_id: int, create: bool = False) -> ItemForm | None:
    form = session.scalar(select(ItemForm).where(ItemForm.item_id == item_id))
    if form is None and create:
        form = ItemForm(item_id=item_id, draft=EMPTY)
        session.add(form)
        session.flush()
    return form


def current_version(session: Session, item_id: int | None) -> ItemFormVersion | None:
    """The published version new needs of the item are filed with (one statement), or None."""
    if item_id is None:
        return None
    return session.scalar(select(ItemFormVersion).join(ItemForm, ItemForm.current_id == ItemFormVersion.id)
                          .where(ItemForm.item_id == item_id))


def save_draft(session: Session, form: ItemForm, definition: dict, actor: str) -> None:
    """Keep an administrator's draft (already ``checked``); from now on no plugin upgrade replaces it."""
    form.draft, form.edited, form.changed_by = definition, True, actor


def publish(session: Session, form: ItemForm, actor: str) -> ItemFormVersion | None:
    """Make the draft the version new needs use; None when it is the version in use already."""
    if not form.unpublished:
        return None
    number = (session.scalar(select(func.max(ItemFormVersion.number)).where(ItemFormVersion.form_id == form.id))
              or 0) + 1
    version = ItemFormVersion(form_id=form.id, number=number, definition=form.draft, published_by=actor)
    session.add(version)
    session.flush()
    form.current_id, form.changed_by = version.id, actor
    session.expire(form, ["current"])
    return version


def versions_of(session: Session, form: ItemForm) -> list[ItemFormVersion]:
    return list(session.scalars(select(ItemFormVersion).where(ItemFormVersion.form_id == form.id)
                                .order_by(ItemFormVersion.number.desc()).limit(50)))


def install_shipped(session: Session, item_id: int, plugin: str, definition: dict) -> str | None:
    """Publish a plugin's default form for its item (at ``flask qi init``): a new form, or a new
    version when the plugin ships a changed one and no administrator edited it. Returns what was
    done ("added", "updated") or None."""
    shipped = digest(definition)
    form = form_of(session, item_id)
    if form is not None and (form.edited or form.shipped_digest == shipped or form.plugin != plugin):
        return None
    done = "added" if form is None else "updated"
    form = form or form_of(session, item_id, create=True)
    form.draft, form.plugin, form.shipped_digest = definition, plugin, shipped
    publish(session, form, f"plugin:{plugin}")
    return done


def _uses(fields: list[dict], dictionary: str) -> list[str]:
    names = []
    for field in fields:
        if field.get("dictionary") == dictionary:
            names.append(field["name"])
        names += [f"{field['name']}.{c}" for c in _uses(field.get("columns") or [], dictionary)]
    return names


def _holds(answers: dict, path: str, code: str) -> bool:
    name, _, column = path.partition(".")
    value = answers.get(name)
    if column:
        return any(_holds(row, column, code) for row in value or [] if isinstance(row, dict))
    return value == code or (isinstance(value, list) and code in value)


def answers_use(session: Session, dictionary: str, code: str) -> bool:
    """Whether a need's answers hold ``code`` in a field of ``dictionary`` (the code is then kept)."""
    from sqlalchemy import Text, cast

    from .models import NeedAnswers

    paths = {v.id: _uses(v.definition["fields"], dictionary)
             for v in session.scalars(select(ItemFormVersion))}
    paths = {vid: found for vid, found in paths.items() if found}
    if not paths:
        return False
    needle = json.dumps(code, ensure_ascii=False)  # "code" as the JSON text holds it
    rows = session.execute(select(NeedAnswers.version_id, NeedAnswers.answers)
                           .where(NeedAnswers.version_id.in_(paths), cast(NeedAnswers.answers, Text).contains(needle))
                           .execution_options(yield_per=500))
    return any(any(_holds(answers, path, code) for path in paths[vid]) for vid, answers in rows)
