"""One translated enumeration for every choice list (app.i18n.enums, exported through app.kit)."""
from __future__ import annotations

import pytest
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from app.i18n.enums import Choices, codes_field, join_list

STATES = Choices({"in_use": _l("In service"), "sealed": _l("Sealed")})


def test_a_code_is_shown_as_its_label_in_the_readers_language(app):
    with app.test_request_context():
        with force_locale("en"):
            assert STATES.label("sealed") == "Sealed"
            assert STATES.formatter("in_use") == "In service"
        with force_locale("zh"):
            assert STATES.label("sealed") == "封存"
        assert STATES.label(None) == "" and STATES.label("unknown") == "unknown"


def test_select_options_follow_the_language_of_each_request_not_of_import_time(app):
    """The options were built once at import, in Chinese, and English admin forms showed 在用/封存."""
    from wtforms import Form

    class F(Form):
        state = STATES.select("State")

    with app.test_request_context():
        with force_locale("en"):
            assert [label for _code, label, *_ in F().state.iter_choices()] == ["In service", "Sealed"]
        with force_locale("zh"):
            assert [label for _code, label, *_ in F().state.iter_choices()] == ["在用", "封存"]


def test_lists_are_joined_as_each_language_writes_them(app):
    with app.test_request_context():
        with force_locale("en"):
            assert join_list(["Production", "Supply"]) == "Production, Supply"
            assert STATES.labels("in_use,sealed") == "In service, Sealed"
        with force_locale("zh"):
            assert join_list(["生产", "供应"]) == "生产、供应"


def test_comma_separated_codes_are_ticked_boxes_and_stored_back_as_codes(app):
    from werkzeug.datastructures import MultiDict
    from wtforms import Form

    class F(Form):
        channels = codes_field(STATES, "States")

    class Row:
        channels = "in_use"

    with app.test_request_context():
        form = F(obj=Row())
        assert form.channels.data == ["in_use"]
        posted = F(MultiDict([("channels", "in_use"), ("channels", "sealed")]))
        assert posted.validate()
        row = Row()
        posted.populate_obj(row)
        assert row.channels == "in_use,sealed"
        assert not F(MultiDict([("channels", "typed_by_hand")])).validate()


@pytest.mark.parametrize("name", ["Choices", "codes_field", "join_list"])
def test_plugins_get_the_helper_from_the_kit(name):
    import app.kit as kit

    assert name in kit.__all__ and getattr(kit, name) is not None


def test_the_plugins_choice_lists_are_choices():
    from plugins.ip.models import OFFER_KINDS, PATENT_STATUSES, PATENT_TYPES, TRADEMARK_STATUSES
    from plugins.metrology.models import METHODS, STATES as INSTRUMENT_STATES
    from plugins.standardization.models import STATUS_LABELS
    from plugins.testing.models import CONCLUSIONS

    for choices in (OFFER_KINDS, PATENT_STATUSES, PATENT_TYPES, TRADEMARK_STATUSES, METHODS, INSTRUMENT_STATES,
                    STATUS_LABELS, CONCLUSIONS):
        assert isinstance(choices, Choices)


def test_a_withdrawn_standard_reads_withdrawn_in_english(app):
    from plugins.standardization.models import ABOLISHED, STATUS_LABELS

    with app.test_request_context():
        with force_locale("en"):
            assert STATUS_LABELS.label(ABOLISHED) == "Withdrawn"
        with force_locale("zh"):
            assert STATUS_LABELS.label(ABOLISHED) == "废止"
