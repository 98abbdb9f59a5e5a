"""A speakers refusal reaches API callers as the common Refusal body.

The body holds code, message and field, in the request's language (issue 9 and 10)."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext
from rest_framework.test import APIClient

from recordings import services

from .conftest import as_upload
from .worker import purge_queue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_reset():
    """The locale middleware leaves a request's language active: none stays for later tests."""
    yield
    translation.deactivate()


@pytest.fixture
def untranscribed(session, owner, monitoring_wav):
    """A recording with no lines yet (its transcription is not run)."""
    recording = services.recording_create(
        session=session, uploaded_file=as_upload(monitoring_wav), uploaded_by=owner
    )
    purge_queue()
    return recording


def reassign(owner, recording, **headers):
    client = APIClient()
    client.force_authenticate(owner)
    url = f"/api/recordings/{recording.pk}/lines/reassign/"
    return client.post(url, {"first": 1, "last": 2}, format="json", **headers)


def test_a_range_of_no_lines_is_refused_with_the_refusal_body(untranscribed, owner):
    response = reassign(owner, untranscribed)
    assert response.status_code == 400
    assert response.json() == {
        "code": "speakers_refused",
        "message": "This recording has no lines yet.",
        "field": "first",
    }


def test_the_refusal_speaks_the_requests_language(untranscribed, owner):
    response = reassign(owner, untranscribed, HTTP_ACCEPT_LANGUAGE="pt-BR")
    assert response.status_code == 400
    with translation.override("pt-br"):
        expected = gettext("This recording has no lines yet.")
    assert response.json()["message"] == expected
