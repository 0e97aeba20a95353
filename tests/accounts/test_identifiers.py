"""Unified social credit codes (GB 32100) and resident ID numbers (GB 11643)."""
import pytest

from app.accounts.identifiers import is_valid_resident_id, is_valid_uscc, mask_resident_id


@pytest.mark.clause("6.1-5")
@pytest.mark.parametrize("code", ["914403001922038216", "9144030071526726XG", "91330100799655058B",
                                  "91110108551385082Q", " 91110108551385082q "])
def test_real_credit_codes_are_valid(code):
    assert is_valid_uscc(code)


@pytest.mark.clause("6.1-5")
@pytest.mark.parametrize("code", ["914403001922038217", "9144030071526726XA", "91330100799655058", "",
                                  "91330100799655058BB", "9133010079965505IB", "91ABCDEF799655058B"])
def test_wrong_credit_codes_are_refused(code):
    assert not is_valid_uscc(code)


@pytest.mark.clause("6.1-5")
@pytest.mark.parametrize("number, valid", [
    ("11010519491231002X", True), ("11010519491231002x", True), ("110105194912310021", False),
    ("11010519491331002X", False), ("1101051949123100", False), ("11010530000101002X", False),
])
def test_resident_id_check_digit_and_birth_date(number, valid):
    assert is_valid_resident_id(number) is valid


def test_id_numbers_are_shown_masked():
    assert mask_resident_id("64010419800101123X") == "6401**********123X"
