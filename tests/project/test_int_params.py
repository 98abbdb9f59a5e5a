"""Whole-number parameters are parsed one way: ASCII digits only, within 64 bits."""

from __future__ import annotations

import pytest

from focusgroup.params import INT_MAX, ParamError, int_param


@pytest.mark.parametrize(
    "value",
    [
        "²",
        "\uff11\uff12",
        "\u0663",
        "-1",
        "+1",
        " 1",
        "1 ",
        "1.0",
        "abc",
        "",
        "1_000",
        str(INT_MAX + 1),
        "9" * 5000,
    ],
)
def test_it_refuses_anything_but_ascii_digits_naming_the_parameter(value):
    with pytest.raises(ParamError) as caught:
        int_param(value, name="after")
    assert caught.value.name == "after"
    assert caught.value.message.startswith(
        "'after' must be a whole number written with the digits 0-9"
    )


@pytest.mark.parametrize(
    ("value", "number"), [("0", 0), ("42", 42), ("007", 7), (str(INT_MAX), INT_MAX), (5, 5)]
)
def test_it_reads_ascii_digits(value, number):
    assert int_param(value, name="id") == number


@pytest.mark.parametrize("value", [True, -3, 2**64, 1.5, None])
def test_it_refuses_values_that_are_not_whole_numbers(value):
    with pytest.raises(ParamError):
        int_param(value, name="id")
