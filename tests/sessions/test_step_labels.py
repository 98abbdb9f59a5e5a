"""The steps' labels have one source, the Step model.

The console's buttons and the board script's data (from which it names the steps) come from it, in
the reader's language."""

from __future__ import annotations

import html
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from sessions.models import Step
from sessions.services import session_create

pytestmark = pytest.mark.django_db

LABELS = {
    "en": ["Introduce", "Add comments", "Discuss"],
    "pt-br": ["Apresentar", "Adicionar comentários", "Discutir"],
    "es": ["Presentar", "Añadir comentarios", "Debatir"],
}


@pytest.fixture
def _language_reset():
    """The test client leaves the request's language active in the thread: reset it after."""
    yield
    translation.deactivate()


@pytest.mark.usefixtures("_language_reset")
@pytest.mark.parametrize("language", LABELS)
def test_the_console_and_the_board_script_take_the_steps_from_the_model(study, moderator, language):
    session = session_create(study=study, name="S1")
    client = Client(HTTP_ACCEPT_LANGUAGE=f"{language},en;q=0.5")
    client.force_login(moderator)
    body = client.get(reverse("session-console", args=[study.pk, session.pk])).content.decode()
    steps = json.loads(html.unescape(re.search(r'data-steps="([^"]*)"', body).group(1)))
    assert steps == [
        [step.value, label] for step, label in zip(Step, LABELS[language], strict=True)
    ]
    buttons = re.findall(
        r'<button type="button" class="step-btn" data-step="(\w+)">([^<]+)</button>', body
    )
    assert buttons == [
        (step.value, f"{number} · {label}")
        for number, (step, label) in enumerate(zip(Step, LABELS[language], strict=True), 1)
    ]
