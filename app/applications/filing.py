"""An item's form inside the need forms: the answers part of the form, checked, and kept with the need.

The need views stay as they were for an item without a form; with one, ``form_class`` adds an
``answers`` part, ``take_answers`` checks it (schema and files) and ``keep_answers`` writes the
answers and the files with the need, in the need's transaction.
"""
from __future__ import annotations

from flask import request
from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import Session
from wtforms import FormField, HiddenField

from ..i18n.language import reader_language
from .definition import FILE, RECORD, TABLE, text_in
from .files import receive
from .models import ItemForm, ItemFormVersion, NeedAnswers
from .publishing import active_codes, current_version
from .rendering import answers_form_class, answers_of
from .schema import check_answers, visible_answers
from .sources import label

ADD_ROW = "add_row"  # the button adding a row to a table: its value is the table's name


def version_for(session: Session, item_id: int | None, posted: str | None) -> ItemFormVersion | None:
    """The version a need form shows: the one the page was rendered with (``posted``, when it is a
    version of this item's form, so a form published meanwhile does not change what was filled in),
    else the version in use."""
    if item_id is None:
        return None
    if posted and posted.isdigit():
        version = session.scalar(select(ItemFormVersion).join(ItemForm, ItemForm.id == ItemFormVersion.form_id)
                                 .where(ItemFormVersion.id == int(posted), ItemForm.item_id == item_id))
        if version is not None:
            return version
    return current_version(session, item_id)


def form_class(base, version: ItemFormVersion | None, definition: dict | None, organisation_id: int | None = None):
    """``base`` (a need form) with the answers part of ``definition`` (``version``'s as the filer
    sees it, ``definition.for_filer``) and the version's id."""
    if version is None:
        return base
    part = answers_form_class(definition, organisation_id=organisation_id)
    return type(base.__name__, (base,), {"answers": FormField(part),
                                          "form_version": HiddenField(default=str(version.id))})


def add_row_asked(form, definition: dict | None) -> bool:
    """Whether the page was sent by a table's *add a row* button: one more row, nothing filed."""
    name = request.form.get(ADD_ROW) if request.method == "POST" else None
    if not definition or not name:
        return False
    field = next((f for f in definition["fields"] if f["name"] == name and f["kind"] == TABLE), None)
    entries = form.answers[name] if field else None
    if entries is not None and len(entries) < field["max_rows"]:
        entries.append_entry()
    return True


def take_answers(form, definition: dict | None, token: str, organisation_id: int | None = None,
                 session: Session | None = None) -> tuple[dict, dict] | None:
    """(answers, files) of a sent form when they are valid; None with the errors put on the form's
    fields when not. Files are stored as soon as they pass (``app.applications.files``); a record
    must be ``organisation_id``'s, and is kept with its label."""
    if definition is None:
        return {}, {}
    part = form.answers.form
    lang = reader_language()
    files, problems = receive(definition, part, token, lang)
    answers = answers_of(definition, part)
    answers.update({name: {"name": kept["name"]} for name, kept in files.items()})
    answers = visible_answers(definition, answers)
    for name, messages in check_answers(definition, answers, active_codes).items():
        problems.setdefault(name, []).extend(messages)
    for field in definition["fields"]:
        if field["kind"] == RECORD and isinstance(answers.get(field["name"]), str) and field["name"] not in problems:
            found = label(session, field["source"], organisation_id, answers[field["name"]]) if (
                session is not None and organisation_id) else None
            if found is None:
                problems[field["name"]] = [gettext("Choose %(field)s among your own records.",
                                                   field=text_in(field["label"], lang))]
            else:
                answers[field["name"]] = {"id": answers[field["name"]], "label": found}
    form.kept_files = files  # shown again, so a form sent back keeps them
    for name, messages in problems.items():
        part[name].errors = list(part[name].errors or []) + messages
    if problems:
        return None
    return answers, {name: kept for name, kept in files.items() if name in answers}


def keep_answers(session: Session, need, version: ItemFormVersion | None, answers: dict, files: dict,
                 actor: str) -> None:
    """Write the answers of a newly filed ``need`` and attach its files as the need's documents."""
    if version is None:
        return
    from ..needs.documents import APPLICATION
    from ..needs.models import NeedDocument

    kept = dict(answers)
    for name, stored in files.items():
        document = NeedDocument(need_id=need.id, kind=APPLICATION, filename=stored["name"], stored_name=stored["stored"],
                                uploaded_by=actor)
        session.add(document)
        session.flush()
        kept[name] = {"name": stored["name"], "document": document.id}
    session.add(NeedAnswers(need_id=need.id, version_id=version.id, answers=kept))


def answers_of_need(session: Session, need_id: int) -> NeedAnswers | None:
    """The need's answers with their version (one statement), or None."""
    from sqlalchemy.orm import joinedload

    return session.scalar(select(NeedAnswers).options(joinedload(NeedAnswers.version))
                          .where(NeedAnswers.need_id == need_id))


def has_files(version: ItemFormVersion | None) -> bool:
    return bool(version) and any(f["kind"] == FILE for f in version.definition["fields"])
