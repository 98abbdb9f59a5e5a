"""The import page and the export download, with the permission of every role."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from statements.models import Role, Study
from statements.permissions import study_role
from statements.services import membership_set
from studyfiles.studyfile import study_import

from .studyfile_support import DATA_FILE, paper_document, row_counts

IMPORT_PAGE = "/studies/import/"


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def upload(content: bytes, name: str = "study.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/json")


def test_the_page_shows_an_upload_form(outsider):
    response = client_for(outsider).get(IMPORT_PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert '<label for="id_file">Study file</label>' in html
    assert "At most 10 MB." in html


def test_anonymous_visitors_are_sent_to_sign_in(db):
    response = client_for(None).get(IMPORT_PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_any_signed_in_user_imports_and_becomes_owner(outsider):
    response = client_for(outsider).post(IMPORT_PAGE, {"file": upload(DATA_FILE.read_bytes())})
    study = Study.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/studies/{study.pk}/"
    assert study_role(outsider, study) == Role.OWNER


def test_a_broken_file_shows_pointer_and_rule_and_writes_nothing(owner):
    document = paper_document()
    document["study"]["sessions"][1]["participants"][2]["profile"]["ml_knowledge"] = "Expert"
    client = client_for(owner)
    before = row_counts()
    response = client.post(
        IMPORT_PAGE, {"file": upload(json.dumps(document).encode(), "mine.json")}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "“mine.json” was not imported. Nothing was saved." in html
    assert (
        '<code class="pointer">/study/sessions/1/participants/2/profile/ml_knowledge</code>' in html
    )
    assert "must be one of its choices" in html
    assert 'role="alert"' in html
    assert row_counts() == before


def test_an_empty_submission_asks_for_a_file(owner):
    response = client_for(owner).post(IMPORT_PAGE, {})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_an_upload_over_the_limit_is_refused(owner, settings):
    settings.STUDY_FILE_MAX_BYTES = 2048
    client = client_for(owner)
    before = row_counts()
    response = client.post(IMPORT_PAGE, {"file": upload(DATA_FILE.read_bytes())})
    assert response.status_code == 400
    assert "The file is larger than the 2,048 bytes limit" in response.content.decode()
    assert row_counts() == before


@pytest.fixture
def paper_study(owner, moderator, analyst):
    study = study_import(data=paper_document(), owner=owner)
    membership_set(study=study, user=moderator, role=Role.MODERATOR)
    membership_set(study=study, user=analyst, role=Role.ANALYST)
    return study


@pytest.mark.parametrize("member", ["owner", "moderator", "analyst"])
def test_every_member_downloads_the_study_file(request, paper_study, member):
    response = client_for(request.getfixturevalue(member)).get(
        f"/studies/{paper_study.pk}/export.json"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    # The title is 75 characters long: the name keeps its first 60, cut between two words.
    assert response["Content-Disposition"] == (
        f'attachment; filename="benefits-and-limitations-of-mlops-principles-in-online-'
        f'{paper_study.pk}.json"'
    )
    assert json.loads(response.content.decode("utf-8")) == paper_document()


def test_an_outsider_gets_404_on_download(paper_study, outsider):
    response = client_for(outsider).get(f"/studies/{paper_study.pk}/export.json")
    assert response.status_code == 404


def test_anonymous_download_is_sent_to_sign_in(paper_study):
    response = client_for(None).get(f"/studies/{paper_study.pk}/export.json")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
