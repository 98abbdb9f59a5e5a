"""The operators' admin of recordings.

Every model of the app is registered, its list and change pages open for a superuser, and the
worker's own state (staged lines, uploads) is read-only."""

from __future__ import annotations

import uuid

import pytest
from django.apps import apps
from django.contrib import admin

from recordings.models import (
    Recording,
    RecordingUpload,
    Speaker,
    StagedSegment,
    TranscriptSegment,
)
from tests.factories import make_user
from tests.statements.design_support import client_as

pytestmark = pytest.mark.django_db

MODELS = [Recording, Speaker, TranscriptSegment, StagedSegment, RecordingUpload]


def changelist(model) -> str:
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/"


@pytest.fixture
def rows(session, owner, participants):
    """One row of each model, written directly: the admin is what is under test."""
    recording = Recording.objects.create(
        session=session, file="recordings/x/y/upload.wav", original_name="talk.wav", duration=3
    )
    speaker = Speaker.objects.create(
        recording=recording, label="SPEAKER_1", participant=participants[0], detected=True
    )
    TranscriptSegment.objects.create(
        recording=recording, index=0, start=0, end=1, text="hi", original_text="hi", speaker=speaker
    )
    StagedSegment.objects.create(
        recording=recording, run_id=uuid.uuid4(), index=0, start=0, end=1, text="hi"
    )
    RecordingUpload.objects.create(
        session=session, created_by=owner, original_name="talk.wav", size=10, sha256="a" * 64
    )


@pytest.fixture
def root_client():
    return client_as(make_user("root", is_staff=True, is_superuser=True))


def test_every_model_of_the_app_is_registered():
    models = apps.get_app_config("recordings").get_models()
    assert [m.__name__ for m in models if not admin.site.is_registered(m)] == []


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_a_superuser_lists_searches_and_opens_every_model(rows, root_client, model):
    listing = root_client.get(changelist(model))
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 1
    assert root_client.get(changelist(model), {"q": "talk"}).status_code == 200
    item = model.objects.get()
    assert root_client.get(f"{changelist(model)}{item.pk}/change/").status_code == 200


@pytest.mark.parametrize("model", [StagedSegment, RecordingUpload], ids=lambda m: m.__name__)
def test_the_workers_own_state_is_shown_but_not_added_or_edited(rows, root_client, model):
    assert root_client.get(f"{changelist(model)}add/").status_code == 403
    item = model.objects.get()
    page = root_client.get(f"{changelist(model)}{item.pk}/change/")
    assert page.context["has_change_permission"] is False
    before = model.objects.values().get()
    root_client.post(f"{changelist(model)}{item.pk}/change/", {"original_name": "x", "text": "x"})
    assert model.objects.values().get() == before


def test_staff_without_superuser_rights_see_none_of_it(rows):
    clerk = client_as(make_user("clerk", is_staff=True))
    for model in MODELS:
        assert clerk.get(changelist(model)).status_code == 403
