"""One language rule for every export (docs/analysis.md).

What scripts read (CSV columns, JSON keys) stays English whatever the request's language; what
people read (summaries, the Markdown and LaTeX documents' headings and headers) follows the
request's language."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from analysis.exporters.tabular import NOTE_COLUMNS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_reset():
    """The last request's language stays active in the thread: leave none behind."""
    yield
    translation.deactivate()


PEOPLE = {
    "en": ("| Level | P1 | P2 | P3 |", "## Participants", "| Participant | Session |", "Level &"),
    "pt-BR": (
        "| Nível | P1 | P2 | P3 |",
        "## Participantes",
        "| Participante | Sessão |",
        "Nível &",
    ),
    "es": ("| Nivel | P1 | P2 | P3 |", "## Participantes", "| Participante | Sesión |", "Nivel &"),
}
CAPTIONS = {
    "en": "Participant characterization",
    "pt-BR": "Caracterização dos participantes",
    "es": "Caracterización de los participantes",
}


def export(study, user, fmt: str, language: str) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    response = client.get(reverse("analysis-export", args=[study.pk, fmt]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", sorted(PEOPLE))
def test_data_headers_stay_english_and_documents_follow_the_language(analysed, analyst, language):
    level, participants, table, latex_level = PEOPLE[language]
    assert export(analysed, analyst, "csv", language).splitlines()[0] == ",".join(NOTE_COLUMNS)
    assert export(analysed, analyst, "csv-grid", language).startswith("statement,level,")
    document = json.loads(export(analysed, analyst, "json", language))
    assert set(document) == {"study", "scale", "participants", "statements"}
    assert set(document["statements"][0]) == {"key", "title", "grid", "counts", "summary"}

    markdown = export(analysed, analyst, "md", language)
    assert level in markdown
    assert participants in markdown
    assert table in markdown
    # The summary is the same sentence, in the same language, in the JSON and the Markdown.
    assert document["statements"][0]["summary"] in markdown
    latex = export(analysed, analyst, "latex", language)
    assert f"\\caption{{{CAPTIONS[language]}}}" in latex
    assert latex_level in latex


def test_the_summaries_differ_by_language_under_the_same_json_keys(analysed, analyst):
    summaries = {
        language: json.loads(export(analysed, analyst, "json", language))["statements"][0][
            "summary"
        ]
        for language in ("en", "pt-BR", "es")
    }
    assert len(set(summaries.values())) == 3
    assert summaries["en"].startswith(("One", "Two", "Three", "Four", "Five", "Six"))
