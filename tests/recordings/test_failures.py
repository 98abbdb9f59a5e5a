"""A stored failure reads in each reader's language and never breaks the page that shows it."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext

from recordings.failures import GAVE_UP, NO_SPEECH, STORED_MAX, failure_store, failure_text


def test_a_stored_failure_is_shown_in_the_readers_language():
    stored = failure_store(GAVE_UP, attempts=3)
    assert failure_text(stored) == GAVE_UP % {"attempts": "3"}
    with translation.override("pt-br"):
        shown = failure_text(stored)
        assert shown == gettext(GAVE_UP) % {"attempts": "3"}
    assert shown != failure_text(stored), "the catalog has no Portuguese for this failure"


def test_plain_text_of_older_rows_and_no_failure_are_shown_as_they_are():
    assert failure_text("") == ""
    assert failure_text("The engine ran out of memory.") == "The engine ran out of memory."
    assert failure_text(NO_SPEECH) == NO_SPEECH


def test_a_stored_failure_whose_parameters_do_not_fit_is_shown_without_an_error():
    stored = failure_store(GAVE_UP, tries=3)  # not the msgid's placeholder
    assert failure_text(stored) == GAVE_UP
    assert failure_text('{"msgid": 1}') == '{"msgid": 1}'


@pytest.mark.parametrize("text", ["x" * 5000, '"\\' * 900, "\x01" * 1500])
def test_a_long_parameter_is_cut_so_that_the_stored_json_fits_and_reads_back(text):
    stored = failure_store(GAVE_UP, attempts=text)  # quotes, backslashes, controls: escaped
    assert len(stored) <= STORED_MAX
    shown = failure_text(stored)
    assert shown.startswith("The transcription stopped ")
    assert not shown.startswith("{")
