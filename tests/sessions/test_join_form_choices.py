"""A choice on the join form starts empty (issue 10, item 5).

It shows "Choose…": a required one skipped is refused, not recorded as the first option."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sessions.models import Participant
from sessions.services import session_create
from statements.models import FieldType
from statements.services import profile_field_add

pytestmark = pytest.mark.django_db


def consented_client(session) -> Client:
    client = Client()
    client.post(reverse("join-consent", args=[session.invite_token]), {"accept": "on"})
    return client


def test_a_required_choice_starts_empty_and_skipping_it_is_refused(study):
    profile_field_add(
        study=study,
        key="sector",
        label="Sector",
        type=FieldType.CHOICE,
        choices=["Oil", "Gas"],
        required=True,
    )
    session = session_create(study=study, name="S1")
    client = consented_client(session)
    page = client.get(reverse("join-profile", args=[session.invite_token])).content.decode()
    select = page[
        page.index('name="sector"') : page.index("</select>", page.index('name="sector"'))
    ]
    assert '<option value="" selected>Choose…</option>' in select
    assert "selected" not in select.split("Choose…", 1)[1]
    response = client.post(
        reverse("join-profile", args=[session.invite_token]), {"years": "3", "sector": ""}
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert Participant.objects.count() == 0


def test_an_optional_choice_left_empty_is_not_recorded(study):
    session = session_create(study=study, name="S1")
    client = consented_client(session)
    response = client.post(
        reverse("join-profile", args=[session.invite_token]), {"years": "3", "knowledge": ""}
    )
    assert response.status_code == 302
    assert Participant.objects.get().profile == {"years": 3}
