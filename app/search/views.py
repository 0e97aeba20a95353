"""Staff keep the synonym table of the search: problem words and the terms they stand for."""
from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import AnyOf, DataRequired, Length, ValidationError

from ..crud import QiModelView
from .models import SearchSynonym
from .synonyms import split_terms
from .tokens import normalise, word_terms

LANGUAGES = {"zh": _l("Chinese word"), "en": _l("English word")}


def _searchable_word(form, field):
    if not word_terms(field.data or ""):
        raise ValidationError(_l("The word needs letters, digits or Chinese characters."))


def _searchable_terms(form, field):
    terms = split_terms(field.data)
    if not terms or not all(word_terms(t) for t in terms):
        raise ValidationError(_l("Give one or more terms with letters, digits or Chinese characters, "
                                 "separated by commas."))


class SearchSynonymView(QiModelView):
    """The synonym table (app.search.synonyms): a word typed in the search also finds its terms."""

    datamodel = SQLAInterface(SearchSynonym)
    list_title = _l("Search synonyms")
    show_title = _l("Search synonym")
    add_title = _l("Add search synonym")
    edit_title = _l("Edit search synonym")
    list_columns = ["word", "terms", "language", "changed_on"]
    add_columns = edit_columns = ["word", "terms", "language"]
    show_columns = ["word", "terms", "language", "changed_on"]
    search_columns = ["word", "terms", "language"]
    order_columns = ["word", "language", "changed_on"]
    base_order = ("word", "asc")
    formatters_columns = {"language": lambda code: LANGUAGES.get(code, code)}
    label_columns = {"word": _l("Word people type"), "terms": _l("Search also for"),
                     "language": _l("Language of the word"), "changed_on": _l("Changed on")}
    description_columns = {
        "word": _l("A word or phrase as people type it, e.g. 压力表. Width and case do not matter."),
        "terms": _l("What the word should also find, e.g. 计量器具检定校准; several terms separated by commas."),
        "language": _l("Only sorts the table: words of both languages apply to every search."),
    }
    validators_columns = {
        "word": [DataRequired(message=_l("Please give the word.")), Length(max=50), _searchable_word],
        "terms": [DataRequired(message=_l("Please give what the word should find.")), Length(max=500),
                  _searchable_terms],
    }
    add_form_extra_fields = edit_form_extra_fields = {
        "language": SelectField(_l("Language of the word"), choices=list(LANGUAGES.items()), default="zh",
                                validators=[AnyOf(list(LANGUAGES), message=_l("Choose Chinese or English for the word."))]),
    }

    def _init_forms(self):
        super()._init_forms()
        # The word is stored as a query is searched (NFKC, case folded), before FAB's unique check.
        for form in (self.add_form, self.edit_form):
            form.word.kwargs["filters"] = [lambda v: normalise(v).strip() if v is not None else v]


def view_specs() -> list[dict]:
    """The search's staff view (see ``app.access``)."""
    from ..roles import STAFF_ONLY

    return [{"view": SearchSynonymView, "name": _l("Search synonyms"), "icon": "fa-exchange",
             "roles": STAFF_ONLY, "menu": _l("Catalog"), "menu_icon": "fa-book"}]
