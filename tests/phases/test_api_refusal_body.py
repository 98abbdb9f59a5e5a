"""A refused CSV phase log reaches API callers as the common Refusal body.

The body holds code, message and field, in the request's language (issue 9 and 10)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext
from rest_framework.test import APIClient

from phases.models import PhaseEntry

pytestmark = pytest.mark.django_db
HEADER = "main,visited,minutes,reason,at,by,scenario\n"
GOOD = "prepare,acquire,10,Data gaps,2024-02-01T09:30:00Z,owner,Missing data\n"
BAD = "prepare,acquire,0,,,,\n"


@pytest.fixture(autouse=True)
def _language_reset():
    """The locale middleware leaves a request's language active: none stays for later tests."""
    yield
    translation.deactivate()


def import_log(owner, study, body: str, **headers):
    client = APIClient()
    client.force_authenticate(owner)
    upload = SimpleUploadedFile("log.csv", (HEADER + GOOD + body).encode(), "text/csv")
    url = f"/api/studies/{study.pk}/phase-entries/import/"
    return client.post(url, {"file": upload}, format="multipart", **headers)


def test_a_bad_csv_row_is_refused_with_the_refusal_body_and_nothing_is_imported(tracked, owner):
    response = import_log(owner, tracked, BAD)
    assert response.status_code == 400
    assert response.json() == {
        "code": "phase_csv_invalid",
        "message": "Row 3, column 'minutes': Minutes must be more than 0.",
        "field": "file",
    }
    assert not PhaseEntry.objects.exists()


def test_the_csv_refusal_speaks_the_requests_language(tracked, owner):
    response = import_log(owner, tracked, BAD, HTTP_ACCEPT_LANGUAGE="pt-BR")
    assert response.status_code == 400
    with translation.override("pt-br"):
        rule = gettext("Minutes must be more than 0.")
        expected = gettext("Row %(row)s, column %(column)s: %(message)s") % {
            "row": 3,
            "column": "'minutes'",
            "message": rule,
        }
    assert response.json()["message"] == expected
