"""The REST API's refusals reach researchers in their browser's language (issue 10, item 23).

A refusal of the analysis, phase, study and board APIs answers in the language the request asks
for (Accept-Language; no language cookie here, which would override it): the body holds the
catalog's translation, placeholders filled, and not the English text."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

LANGUAGE = "pt-BR"


def api_for(user=None) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=LANGUAGE)
    if user is not None:
        client.force_authenticate(user)
    return client


def translated(msgid: str, params: dict | None = None) -> str:
    """The message in pt-BR, asserted to differ from the English (an untranslated msgid fails)."""
    with translation.override("pt-br"):
        text = gettext(msgid) % params if params else gettext(msgid)
    english = msgid % params if params else msgid
    assert text != english, f"{msgid!r} has no pt-BR translation"
    return text


def test_an_unknown_analysis_chart_is_refused_in_the_researchers_language(study, owner):
    response = api_for(owner).get(f"/api/studies/{study.pk}/analysis/charts/pie.png")
    assert response.status_code == 404
    expected = translated("No chart %(chart)s; use diverging or heatmap.", {"chart": "'pie'"})
    assert response.json() == {"detail": expected}


def test_an_analysts_log_import_is_refused_in_the_researchers_language(study, analyst):
    response = api_for(analyst).post(f"/api/studies/{study.pk}/phase-entries/import/", {})
    assert response.status_code == 403
    assert response.json() == {"detail": translated("Only owners import a log.")}


def test_an_analysts_design_change_is_refused_in_the_researchers_language(study, analyst):
    body = {"key": "maybe", "label": "Maybe", "position": 9}
    response = api_for(analyst).post(f"/api/studies/{study.pk}/scale-levels/", body)
    assert response.status_code == 403
    expected = translated("Your role in this study does not allow this change.")
    assert response.json() == {"detail": expected}


def test_an_unknown_board_session_is_refused_in_the_callers_language(db):
    response = api_for().get("/api/board/sessions/999999/state/")
    assert response.status_code == 404
    expected = translated("No such session, or these credentials do not open it.")
    assert response.json() == {"code": "session_not_found", "message": expected}
