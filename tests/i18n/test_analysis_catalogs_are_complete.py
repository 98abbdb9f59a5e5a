"""Every string the analysis, coding and phase pages and their scripts mark has a Portuguese and a
Spanish translation in the compiled catalogs, `make messages` extracts those scripts, and the
scripts show no literal text without t()."""

from __future__ import annotations

import pytest

from .analysis_support import ANALYSIS_SCRIPTS, analysis_messages, analysis_script_messages
from .support import LANGUAGES, ROOT, compiled, missing_translations
from .test_catalogs_are_complete import shown_literals


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_of_the_analysis_coding_and_phase_pages_is_translated(language):
    messages = analysis_messages()
    assert ("qualitative code", "Code", None) in messages  # the extraction found the pages
    assert len(messages) > 300
    assert missing_translations(messages, compiled(language, "django")) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_of_their_scripts_is_translated(language):
    messages = analysis_script_messages()
    assert (None, "No code matches.", None) in messages
    assert missing_translations(messages, compiled(language, "djangojs")) == []


def test_make_messages_extracts_their_scripts():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    line = makefile[makefile.index("xgettext --language=JavaScript") :].split("\n\tfor ")[0]
    for name in ("static/js/analysis.js", "static/js/coding/*.js", "static/js/phase_timer.js"):
        assert name in line


@pytest.mark.parametrize("script", ANALYSIS_SCRIPTS, ids=lambda path: path.name)
def test_their_scripts_show_no_literal_text(script):
    assert shown_literals(script.read_text(encoding="utf-8")) == []
