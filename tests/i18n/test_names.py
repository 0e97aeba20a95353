"""How a person's name is shown."""
from types import SimpleNamespace

from app.i18n import person_name


def test_chinese_names_put_the_family_name_first_without_space():
    assert person_name(SimpleNamespace(first_name="建国", last_name="王")) == "王建国"


def test_other_names_keep_western_order():
    assert person_name(SimpleNamespace(first_name="Ada", last_name="Lovelace")) == "Ada Lovelace"
