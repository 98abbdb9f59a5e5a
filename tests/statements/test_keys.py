"""Keys proposed from labels: a slug within the key rule, unique within the study."""

from __future__ import annotations

import pytest

from statements.keys import key_from_label, next_statement_key, slug_key, unique_key
from statements.models import key_validator


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("Strongly agree", "strongly_agree"),
        ("Anos de experiência", "anos_de_experiencia"),
        ("  ¿Qué opinas?  ", "que_opinas"),
        ("C++ / Python", "c_python"),
        ("Çà et là", "ca_et_la"),
        ("Team size (people)", "team_size_people"),
        ("日本語", ""),
        ("", ""),
    ],
)
def test_a_label_becomes_a_slug(label, key):
    assert slug_key(label) == key


def test_a_long_label_is_cut_to_forty_characters_without_a_trailing_underscore():
    label = "How often does your team deploy a new model version to production"
    key = slug_key(label)
    assert key == "how_often_does_your_team_deploy_a_new_mo"
    assert len(key) == 40
    assert slug_key("a" * 39 + " b") == "a" * 39
    key_validator(key)


def test_a_taken_key_gets_a_numbered_suffix():
    assert unique_key("years", set()) == "years"
    assert unique_key("years", {"years"}) == "years-2"
    assert unique_key("years", {"years", "years-2", "years-3"}) == "years-4"


def test_a_suffix_still_fits_the_key_rule():
    base = "x" * 40
    assert unique_key(base, {base}) == "x" * 38 + "-2"
    key_validator(unique_key(base, {base}))


def test_a_label_without_letters_or_digits_takes_the_fallback():
    assert key_from_label("!!!", set(), "level") == "level"
    assert key_from_label("日本語", {"field"}, "field") == "field-2"
    assert key_from_label("Strongly agree", {"strongly_agree"}, "level") == "strongly_agree-2"


def test_the_statement_series_continues_after_the_highest_number():
    assert next_statement_key([]) == "S1"
    assert next_statement_key(["S1", "S10", "S2", "frequency", "s11", "S3a"]) == "S11"
