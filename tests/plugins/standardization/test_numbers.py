"""Standard numbers typed in many ways are one standard."""
import pytest

from plugins.standardization.numbers import MalformedNumber, parse


@pytest.mark.parametrize("typed", ["gb/t 1.1—2020", "GB/T1.1-2020", "GB/T 1.1-2020", "ＧＢ／Ｔ 1.1－2020",
                                   " GB/T-1.1 - 2020 "])
def test_forms_of_one_number_share_a_key(typed):
    number = parse(typed)
    assert (number.key, number.display) == ("GB/T1.1-2020", "GB/T 1.1-2020")


@pytest.mark.parametrize("typed, display", [("GB 2760-2014", "GB 2760-2014"), ("db64/t 1733-2020", "DB64/T 1733-2020"),
                                            ("T/NXAS 001-2021", "T/NXAS 001-2021"), ("JJF 1059.1-2012", "JJF 1059.1-2012"),
                                            ("Q/NX 0001S-2020", "Q/NX 0001S-2020"), ("GB 17859", "GB 17859")])
def test_prefixes_of_every_level(typed, display):
    assert parse(typed).display == display


@pytest.mark.parametrize("typed", ["", "hello", "GB/T", "标准", "1.1-2020", "GB/T 1.1-20201"])
def test_malformed_numbers_are_refused(typed):
    with pytest.raises(MalformedNumber):
        parse(typed)
