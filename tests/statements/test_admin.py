"""The Django admin is an operators' tool.

Superusers see every model; staff users who are not superusers, and everyone else, see nothing of
it."""

from __future__ import annotations

import pytest
from django.contrib import admin

from recordings.models import Recording, Speaker, TranscriptSegment
from sessions.models import (
    BoardEvent,
    Note,
    NoteRevision,
    Participant,
    Session,
)
from statements.models import (
    AuditEntry,
    Membership,
    ProfileField,
    ScaleLevel,
    Statement,
    Study,
)
from tests.factories import make_user
from tests.statements.design_support import client_as, make_note

pytestmark = pytest.mark.django_db

MODELS = [
    Study,
    ScaleLevel,
    Statement,
    ProfileField,
    Membership,
    Session,
    Participant,
    Note,
    NoteRevision,
    BoardEvent,
    Recording,
    Speaker,
    TranscriptSegment,
    AuditEntry,
]


def changelist(model) -> str:
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/"


def test_every_model_is_registered():
    assert [model for model in MODELS if not admin.site.is_registered(model)] == []


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_a_superuser_lists_and_opens_every_model(study, model):
    make_note(study)
    root = make_user("root", is_staff=True, is_superuser=True)
    client = client_as(root)
    assert client.get(changelist(model)).status_code == 200
    item = model.objects.first()
    if item is not None:
        assert client.get(f"{changelist(model)}{item.pk}/change/").status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_staff_without_superuser_rights_see_nothing_even_with_model_permissions(study, model):
    from django.contrib.auth.models import Permission

    clerk = make_user("clerk", is_staff=True)
    clerk.user_permissions.set(Permission.objects.all())
    client = client_as(clerk)
    assert client.get(changelist(model)).status_code == 403
    index = client.get("/admin/").content.decode()
    assert model._meta.verbose_name_plural.title() not in index
    assert client.get(f"{changelist(model)}{study.pk}/change/").status_code in (403, 302)


def test_members_and_anonymous_users_are_sent_to_the_admin_login(people):
    for role in ("owner", "anonymous"):
        response = client_as(people[role]).get(changelist(Study))
        assert response.status_code == 302
        assert "/admin/login/" in response.url


def test_the_admin_never_shows_participant_or_invite_secrets(study):
    note = make_note(study)
    root = make_user("root", is_staff=True, is_superuser=True)
    client = client_as(root)
    page = client.get(f"{changelist(Participant)}{note.participant_id}/change/").content.decode()
    assert note.participant.access_token not in page
    page = client.get(f"{changelist(Session)}{note.session_id}/change/").content.decode()
    assert note.session.invite_token not in page
