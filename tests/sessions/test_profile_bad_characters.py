"""Profile answers with a NUL or a lone surrogate are refused (400 naming the answer), not a 500."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.test import APIClient

from sessions.models import Participant
from sessions.services import participant_create, session_create

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("answer", ["x\x00y", "\ud83d"])
def test_the_api_refuses_a_profile_answer_holding_bad_characters(study, owner, answer):
    session = session_create(study=study, name="S")
    client = APIClient()
    client.force_authenticate(owner)
    response = client.post(
        f"/api/studies/{study.pk}/participants/",
        json.dumps({"session": session.pk, "profile": {"job_title": answer, "years": 3}}),
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert "job_title" in str(response.json())
    assert not Participant.objects.exists()


def test_the_service_refuses_it_whoever_calls(study):
    session = session_create(study=study, name="S")
    with pytest.raises(ValidationError) as caught:
        participant_create(
            session=session, profile={"job_title": "a\x00"}, consented_at=timezone.now()
        )
    assert caught.value.message_dict["profile"][0].startswith("'profile/job_title' contains a NUL")
    assert not Participant.objects.exists()
