"""Profile answers with a NUL or a lone surrogate are refused.

The refusal is a 400 naming the answer, not a 500: the service refuses them whoever calls, and the
API and the join page show where."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from focusgroup.errors import DomainError
from sessions.models import Participant
from sessions.services import participant_create, session_create

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("answer", "problem"), [("x\x00y", "contains a NUL"), ("\ud83d", "contains a lone")]
)
def test_the_api_refuses_a_profile_answer_holding_bad_characters(study, owner, answer, problem):
    session = session_create(study=study, name="S")
    client = APIClient()
    client.force_authenticate(owner)
    response = client.post(
        f"/api/studies/{study.pk}/participants/",
        json.dumps({"session": session.pk, "profile": {"job_title": answer, "years": 3}}),
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    body = response.json()
    assert (body["code"], body["field"]) == ("bad_characters", "profile")
    assert body["message"].startswith(f"'profile/job_title' {problem}"), body
    assert not Participant.objects.exists()


def test_the_service_refuses_it_whoever_calls(study):
    session = session_create(study=study, name="S")
    with pytest.raises(DomainError) as caught:
        participant_create(
            session=session, profile={"job_title": "a\x00"}, consented_at=timezone.now()
        )
    assert (caught.value.code, caught.value.field) == ("bad_characters", "profile")
    assert caught.value.message.startswith("'profile/job_title' contains a NUL")
    assert not Participant.objects.exists()


def test_the_join_page_shows_the_refusal_next_to_the_answer(study):
    session = session_create(study=study, name="S")
    client = Client()
    client.post(reverse("join-consent", args=[session.invite_token]), {"accept": "on"})
    response = client.post(
        reverse("join-profile", args=[session.invite_token]),
        {"job_title": "x\x00y", "years": "3"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"job_title": ["Null characters are not allowed."]}
    assert "Null characters are not allowed." in response.content.decode()
    assert not Participant.objects.exists()
