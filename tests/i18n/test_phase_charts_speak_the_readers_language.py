"""The phase charts are labelled in the reader's language (issue 10, item 23).

The phase charts' titles, axis titles and legends are in the reader's language (issue 10,
item 23): the phase analysis page, asked for in Portuguese or Spanish, draws its figures with
translated labels while the phases keep the names the study gave them."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from phases.services import entry_create, phase_data_create
from tests.factories import make_study

pytestmark = pytest.mark.django_db

EXPECTED = {
    "pt-BR": {
        "matrix": "Matriz de revisitas às fases (parcela do tempo da fase principal)",
        "yaxis": "Fase principal",
        "colorbar": "Retrocesso",
        "chord legend": ["Retrocesso", "Antecipação"],
        "focus": "Distribuição do foco: Definir",
        "links": "Interdependências: Definir",
    },
    "es": {
        "matrix": "Matriz de revisitas a las fases (parte del tiempo de la fase principal)",
        "yaxis": "Fase principal",
        "colorbar": "Retroceso",
        "chord legend": ["Retroceso", "Anticipación"],
        "focus": "Distribución del foco: Definir",
        "links": "Interdependencias: Definir",
    },
}


def figures_of(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="phase-figures">(.*?)</script>', page)
    assert found, "the page embeds no figures"
    return json.loads(found.group(1))


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_the_phase_charts_are_labelled_in_the_readers_language(owner, language):
    study = make_study(owner=owner)
    phases = [{"key": "definir", "name": "Definir"}, {"key": "implantar", "name": "Implantar"}]
    phase_data_create(study=study, phases=phases)
    entry_create(study=study, main="definir", visited="implantar", minutes=20, user=owner)
    entry_create(study=study, main="definir", visited="definir", minutes=40, user=owner)

    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(owner)
    page = client.get(reverse("phase-analysis", args=[study.pk])).content.decode()
    figures = figures_of(page)
    expected = EXPECTED[language]
    matrix = figures["matrix"]
    assert matrix["layout"]["title"]["text"] == expected["matrix"]
    assert matrix["layout"]["yaxis"]["title_text"] == expected["yaxis"]
    assert matrix["data"][1]["colorbar"]["title"]["text"] == expected["colorbar"]
    chord = figures["chord"]
    assert [trace["name"] for trace in chord["data"]] == expected["chord legend"]
    titles = {name: figure["layout"]["title"]["text"] for name, figure in figures.items()}
    assert titles["focus-0"] == expected["focus"]
    assert titles["links-0"] == expected["links"]
