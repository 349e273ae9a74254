import pytest
from django.core.exceptions import ImproperlyConfigured

from roubaix_aide.env import envbool, envint, envlist


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("1", True), ("Yes", True), ("ON", True), ("false", False), ("0", False)],
)
def test_a_boolean_is_read_in_any_usual_spelling(monkeypatch, value, expected):
    monkeypatch.setenv("SOME_SWITCH", value)
    assert envbool("SOME_SWITCH", not expected) is expected


@pytest.mark.parametrize("value", [None, ""])
def test_an_unset_or_empty_boolean_keeps_its_default(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("SOME_SWITCH", raising=False)
    else:
        monkeypatch.setenv("SOME_SWITCH", value)
    assert envbool("SOME_SWITCH", True) is True


def test_a_boolean_of_another_word_is_refused_with_its_name_and_value(monkeypatch):
    monkeypatch.setenv("SOME_SWITCH", "maybe")
    with pytest.raises(
        ImproperlyConfigured, match="^SOME_SWITCH must be true or false, not 'maybe'"
    ):
        envbool("SOME_SWITCH", False)


def test_a_whole_number_is_read(monkeypatch):
    monkeypatch.setenv("SOME_COUNT", "587")
    assert envint("SOME_COUNT", 25) == 587


@pytest.mark.parametrize("value", [None, ""])
def test_an_unset_or_empty_number_keeps_its_default(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("SOME_COUNT", raising=False)
    else:
        monkeypatch.setenv("SOME_COUNT", value)
    assert envint("SOME_COUNT", 25) == 25


@pytest.mark.parametrize("value", ["abc", "2.5", "25 ports"])
def test_a_number_that_is_not_whole_is_refused_with_its_name_and_value(monkeypatch, value):
    monkeypatch.setenv("SOME_COUNT", value)
    with pytest.raises(
        ImproperlyConfigured, match=f"^SOME_COUNT must be a whole number, not '{value}'"
    ):
        envint("SOME_COUNT", 25)


def test_a_negative_number_is_refused_unless_allowed(monkeypatch):
    monkeypatch.setenv("SOME_COUNT", "-1")
    with pytest.raises(ImproperlyConfigured, match="^SOME_COUNT must be 0 or more, not '-1'"):
        envint("SOME_COUNT", 25)
    assert envint("SOME_COUNT", 25, minimum=-1) == -1


def test_a_number_below_its_minimum_is_refused(monkeypatch):
    monkeypatch.setenv("SOME_COUNT", "0")
    with pytest.raises(ImproperlyConfigured, match="^SOME_COUNT must be 1 or more, not '0'"):
        envint("SOME_COUNT", 25, minimum=1)


def test_a_number_above_its_maximum_is_refused(monkeypatch):
    monkeypatch.setenv("SOME_COUNT", "65536")
    with pytest.raises(
        ImproperlyConfigured, match="^SOME_COUNT must be 65535 or less, not '65536'"
    ):
        envint("SOME_COUNT", 25, maximum=65535)
    monkeypatch.setenv("SOME_COUNT", "65535")
    assert envint("SOME_COUNT", 25, maximum=65535) == 65535


def test_a_list_is_read_comma_separated(monkeypatch):
    monkeypatch.setenv("SOME_HOSTS", " a.example, b.example ,,")
    assert envlist("SOME_HOSTS", ["default"]) == ["a.example", "b.example"]


def test_an_unset_list_keeps_its_default_and_an_empty_one_is_empty(monkeypatch):
    monkeypatch.delenv("SOME_HOSTS", raising=False)
    assert envlist("SOME_HOSTS", ["default"]) == ["default"]
    monkeypatch.setenv("SOME_HOSTS", "")
    assert envlist("SOME_HOSTS", ["default"]) == []
