"""One rule for text that cannot be stored: NUL characters and lone UTF-16 surrogates."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from focusgroup.text import (
    BAD_TEXT_CODE,
    TextError,
    bad_text_check,
    bad_text_find,
    text_check,
    validate_text,
)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("a\x00b", "NUL character: U+0000 at position 1"),
        ("\ud800", "lone UTF-16 surrogate: U+D800 at position 0"),
        ("ok \udfff", "lone UTF-16 surrogate: U+DFFF at position 3"),
    ],
)
def test_it_refuses_nul_and_lone_surrogates_naming_the_field(text, said):
    with pytest.raises(TextError) as caught:
        text_check(text, field="title")
    assert caught.value.code == BAD_TEXT_CODE
    assert caught.value.field == "title"
    assert said in caught.value.message
    assert caught.value.message.startswith("'title' ")


def test_it_lets_ordinary_text_through_including_emoji_and_accents():
    for text in ("Olá, “mundo”", "😀 paired surrogates are fine", "tab\tand\nnewline", ""):
        assert text_check(text, field="text") == text


def test_it_points_at_the_bad_text_inside_nested_data():
    data = {"years": 3, "answers": ["fine", {"job/title": "x\x00"}]}
    assert bad_text_find(data) == (
        "/answers/1/job~1title",
        "contains a NUL character: U+0000 at position 1",
    )
    assert bad_text_find({"k\ud83d": "v"})[0] == "/k\ud83d"
    with pytest.raises(TextError) as caught:
        bad_text_check(data, field="profile")
    assert caught.value.field == "profile/answers/1/job~1title"


def test_the_validator_raises_a_coded_validation_error():
    with pytest.raises(ValidationError) as caught:
        validate_text("a\x00")
    assert caught.value.code == BAD_TEXT_CODE
    validate_text("fine")
