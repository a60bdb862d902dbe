"""archive/environment.py: on/off settings read in the usual spellings; a misspelled one is refused, not read as off."""

import pytest

from archive.environment import env_switch


@pytest.mark.parametrize(
    ("value", "read"),
    [
        *[("1", True), ("true", True), ("Yes", True), ("ON", True), ("y", True), (" True ", True)],
        *[("0", False), ("false", False), ("No", False), ("OFF", False), ("n", False), ("", False)],
    ],
)
def test_the_usual_spellings_are_read_in_any_case(monkeypatch, value, read):
    # GIVEN a switch set in one of the usual spellings WHEN it is read THEN it is on or off as written
    monkeypatch.setenv("EMAIL_USE_TLS", value)
    assert env_switch("EMAIL_USE_TLS", default=not read) is read


def test_an_unset_switch_is_its_default(monkeypatch):
    monkeypatch.delenv("EMAIL_USE_TLS", raising=False)
    assert env_switch("EMAIL_USE_TLS", default=True) is True and env_switch("EMAIL_USE_TLS", default=False) is False


@pytest.mark.parametrize("value", ["ture", "enabled", "2", "o n"])
def test_a_misspelled_switch_is_refused_naming_the_variable_and_the_values_accepted(monkeypatch, value):
    # GIVEN a switch misspelled (it was read as off: no TLS to the mail server, silently)
    monkeypatch.setenv("EMAIL_USE_TLS", value)
    # WHEN it is read THEN it is refused, saying which variable and what it may be
    with pytest.raises(ValueError, match="EMAIL_USE_TLS must be on or off") as refused:
        env_switch("EMAIL_USE_TLS", default=False)
    assert "1/0, true/false, yes/no, on/off or y/n, in any case" in str(refused.value)
    assert f"(it is {value!r})" in str(refused.value)
