"""The study-file API: import by JSON body or upload, refusals as pointer and rule, export."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from statements.models import Role, Study
from statements.permissions import study_role
from studyfiles.studyfile import study_import

from .studyfile_support import DATA_FILE, paper_document, row_counts

IMPORT_URL = "/api/studies/import/"


def signed_in(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_json_body_becomes_a_study_owned_by_the_caller(outsider):
    response = signed_in(outsider).post(
        IMPORT_URL, DATA_FILE.read_bytes(), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    study = Study.objects.get(pk=response.json()["id"])
    assert study_role(outsider, study) == Role.OWNER
    assert response.json()["url"] == f"http://testserver/studies/{study.pk}/"
    assert response.json()["export_url"] == f"http://testserver/api/studies/{study.pk}/export/"
    assert response["Location"] == response.json()["url"]


def test_a_multipart_upload_becomes_a_study(owner):
    upload = SimpleUploadedFile("mlops.json", DATA_FILE.read_bytes(), "application/json")
    response = signed_in(owner).post(IMPORT_URL, {"file": upload}, format="multipart")
    assert response.status_code == 201, response.content
    assert Study.objects.get(pk=response.json()["id"]).sessions.count() == 2


def test_a_broken_file_is_answered_400_with_code_pointer_and_rule_and_nothing_written(owner):
    document = paper_document()
    document["study"]["sessions"][1]["notes"][18]["level"] = "agree"
    before = row_counts()
    response = signed_in(owner).post(
        IMPORT_URL, json.dumps(document), content_type="application/json"
    )
    assert response.status_code == 400
    body = response.json()
    assert sorted(body) == ["code", "message", "pointer"]
    assert body["code"] == "study_file_invalid"
    assert body["pointer"] == "/study/sessions/1/notes/18/level"
    assert body["message"].startswith('There is no level "agree"')
    assert row_counts() == before


def test_a_broken_upload_is_answered_400_too(owner):
    upload = SimpleUploadedFile("broken.json", b'{"format": "focusgroup-study"', "application/json")
    response = signed_in(owner).post(IMPORT_URL, {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert response.json()["pointer"] == ""
    assert response.json()["message"].startswith("The file is not valid JSON")


def test_a_form_without_the_file_field_is_explained(owner):
    response = signed_in(owner).post(IMPORT_URL, {"other": "x"}, format="multipart")
    assert response.status_code == 400
    assert '"file" field' in response.json()["message"]


def test_a_file_over_the_limit_is_refused_by_its_size(owner, settings):
    settings.STUDY_FILE_MAX_BYTES = 1000
    before = row_counts()
    client = signed_in(owner)
    body = client.post(IMPORT_URL, DATA_FILE.read_bytes(), content_type="application/json")
    upload = SimpleUploadedFile("mlops.json", DATA_FILE.read_bytes(), "application/json")
    multipart = client.post(IMPORT_URL, {"file": upload}, format="multipart")
    for response in (body, multipart):
        assert response.status_code == 400
        assert response.json()["message"].startswith(
            "The file is larger than the 1,000 bytes limit"
        )
    assert row_counts() == before


def test_anonymous_callers_cannot_import(db):
    before = row_counts()
    response = APIClient().post(IMPORT_URL, DATA_FILE.read_bytes(), content_type="application/json")
    assert response.status_code in (401, 403)
    assert row_counts() == before


@pytest.fixture
def paper_study(study, owner, moderator, analyst):
    """The paper's study with the shared owner, moderator and analyst as its members."""
    from statements.services import membership_set

    imported = study_import(data=paper_document(), owner=owner)
    membership_set(study=imported, user=moderator, role=Role.MODERATOR)
    membership_set(study=imported, user=analyst, role=Role.ANALYST)
    return imported


@pytest.mark.parametrize("member", ["owner", "moderator", "analyst"])
def test_every_member_exports_the_study(request, paper_study, member):
    response = signed_in(request.getfixturevalue(member)).get(
        f"/api/studies/{paper_study.pk}/export/"
    )
    assert response.status_code == 200
    assert response.json() == paper_document()


def test_an_outsider_gets_404_on_export(paper_study, outsider):
    response = signed_in(outsider).get(f"/api/studies/{paper_study.pk}/export/")
    assert response.status_code == 404


def test_anonymous_gets_401_or_403_on_export(paper_study):
    response = APIClient().get(f"/api/studies/{paper_study.pk}/export/")
    assert response.status_code in (401, 403)


def test_an_unknown_study_is_404(owner):
    assert signed_in(owner).get("/api/studies/999999/export/").status_code == 404


def test_a_token_signed_client_exports_too(paper_study, analyst):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=analyst)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get(f"/api/studies/{paper_study.pk}/export/")
    assert response.status_code == 200
    assert response.json()["study"]["title"] == paper_study.title


def test_the_raw_body_is_checked_so_a_key_given_twice_is_refused(owner):
    text = DATA_FILE.read_text(encoding="utf-8").replace(
        '"version": 2,', '"version": 2, "version": 2,', 1
    )
    response = signed_in(owner).post(IMPORT_URL, text, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["pointer"] == "/version"
    assert "appears more than once" in response.json()["message"]


def test_the_openapi_schema_describes_both_bodies_by_the_published_schema():
    from drf_spectacular.generators import SchemaGenerator

    from studyfiles.schema import schema as published
    from studyfiles.validation import FORMAT_VERSION

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    sent = paths[IMPORT_URL]["post"]["requestBody"]["content"]["application/json"]["schema"]
    answered = paths["/api/studies/{study_id}/export/"]["get"]["responses"]["200"]
    for body in (sent, answered["content"]["application/json"]["schema"]):
        assert body["required"] == published()["required"]
        assert "docs/study-format.schema.json" in body["description"]
    assert sent["properties"]["version"]["enum"] == published()["properties"]["version"]["enum"]
    # The export writes the current version, and says so.
    assert answered["content"]["application/json"]["schema"]["properties"]["version"]["enum"] == [
        FORMAT_VERSION
    ]
    assert f"format version {FORMAT_VERSION}" in answered["description"]
