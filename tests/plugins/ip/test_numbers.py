"""Patent application numbers: one number however it is written, and its check character."""
import pytest

from plugins.ip.numbers import BadApplicationNumber, check_character, parse


def test_check_character_of_old_and_new_numbers():
    assert check_character("02144686") == "5"  # the 8-digit example of the pre-2003 rules: 02144686.5
    assert parse("02144686.5").display == "CN02144686.5"
    assert check_character("202110567890") == "4"


@pytest.mark.parametrize("text", ["CN202110567890.4", "cn 2021 1056 7890.4", "ZL202110567890.4", "202110567890",
                                  "２０２１１０５６７８９０．４"])
def test_the_same_number_written_five_ways(text):
    number = parse(text)
    assert number.display == "CN202110567890.4" and number.kind == "invention"


def test_a_wrong_check_character_or_shape_is_refused():
    for text in ("CN202110567890.5", "CN2021105678", "专利号", "", "CN202110567890.Y"):
        with pytest.raises(BadApplicationNumber):
            parse(text)


def test_the_kind_is_read_from_the_number():
    assert parse("202220987654").kind == "utility" and parse("202330456789").kind == "design"
    assert parse("02144686").kind is None  # old numbers do not carry it
