"""A coding service's refusal reaches API callers as the common Refusal body.

The body holds code, message, and field or pointer, in the request's language (issue 9 and 10)."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext
from rest_framework.test import APIClient

from coding.models import Code
from coding.services import code_create


@pytest.fixture(autouse=True)
def _language_reset():
    """The locale middleware leaves a request's language active: none stays for later tests."""
    yield
    translation.deactivate()


@pytest.fixture
def api(analyst):
    client = APIClient()
    client.force_login(analyst)
    return client


def test_a_taken_key_is_refused_with_the_refusal_body_naming_the_field(api, cstudy):
    code_create(study=cstudy, name="Benefit", key="benefit")
    url = f"/api/studies/{cstudy.pk}/codes/"
    response = api.post(url, {"name": "Gain", "key": "benefit"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "code": "coding_refused",
        "message": "The key 'benefit' is taken in this study.",
        "field": "key",
    }
    assert list(Code.objects.filter(study=cstudy).values_list("key", flat=True)) == ["benefit"]


def test_the_refusal_speaks_the_requests_language(api, cstudy):
    code_create(study=cstudy, name="Benefit", key="benefit")
    url = f"/api/studies/{cstudy.pk}/codes/"
    response = api.post(
        url, {"name": "Gain", "key": "benefit"}, format="json", HTTP_ACCEPT_LANGUAGE="pt-BR"
    )
    assert response.status_code == 400
    with translation.override("pt-br"):
        expected = gettext("The key %(key)s is taken in this study.") % {"key": "'benefit'"}
    assert response.json()["message"] == expected
    assert response.json()["field"] == "key"
