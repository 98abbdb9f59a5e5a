"""Participants join without an account: consent, characterization form, then the board."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sessions.models import Participant
from sessions.palette import PALETTE
from sessions.services import (
    participant_create,
    participant_remove,
    session_create,
    session_invites_set,
)

pytestmark = pytest.mark.django_db

PROFILE = {"years": "5", "knowledge": "High", "job_title": "Data engineer"}


def join(client: Client, session, profile=PROFILE):
    consent = client.post(reverse("join-consent", args=[session.invite_token]), {"accept": "on"})
    assert consent.status_code == 302
    return client.post(reverse("join-profile", args=[session.invite_token]), profile)


def test_a_participant_consents_fills_the_form_and_reaches_the_board(study):
    session = session_create(study=study, name="S1")
    client = Client()
    page = client.get(reverse("join-consent", args=[session.invite_token]))
    assert "We record this session." in page.content.decode()
    response = join(client, session)
    assert response.status_code == 302
    assert response.url == reverse("board", args=[session.pk])
    participant = Participant.objects.get()
    assert (participant.code, participant.profile) == (
        "P1",
        {"years": 5, "knowledge": "High", "job_title": "Data engineer"},
    )
    assert participant.consented_at is not None
    assert participant.color in PALETTE
    assert client.get(response.url).status_code == 200


def test_consent_must_be_accepted_before_the_form(study):
    session = session_create(study=study, name="S1")
    client = Client()
    refused = client.post(reverse("join-consent", args=[session.invite_token]), {})
    assert "You need to agree before you can join." in refused.content.decode()
    skipped = client.get(reverse("join-profile", args=[session.invite_token]))
    assert skipped.url == reverse("join-consent", args=[session.invite_token])
    assert Participant.objects.count() == 0


def test_the_form_is_validated_and_nothing_is_created_until_it_is_valid(study):
    session = session_create(study=study, name="S1")
    client = Client()
    response = join(client, session, {"years": "many", "knowledge": "Guru"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter a whole number." in body
    assert "Select a valid choice" in body
    assert Participant.objects.count() == 0


def test_the_same_browser_coming_back_is_the_same_participant(study):
    session = session_create(study=study, name="S1")
    client = Client()
    join(client, session)
    again = client.get(reverse("join-consent", args=[session.invite_token]))
    assert again.url == reverse("board", args=[session.pk])
    assert Participant.objects.count() == 1


def test_codes_continue_across_sessions_and_colours_differ(study):
    first, second = session_create(study=study, name="S1"), session_create(study=study, name="S2")
    for session in (first, first, second, second):
        join(Client(), session)
    codes = list(Participant.objects.order_by("number").values_list("session__name", "code"))
    assert codes == [("S1", "P1"), ("S1", "P2"), ("S2", "P3"), ("S2", "P4")]
    colours = list(first.participants.values_list("color", flat=True))
    assert len(set(colours)) == 2


def test_a_regenerated_or_closed_invite_no_longer_works(study):
    session = session_create(study=study, name="S1")
    old_token = session.invite_token
    session = session_invites_set(session=session, open=True, regenerate=True)
    assert Client().get(reverse("join-consent", args=[old_token])).status_code == 404
    session_invites_set(session=session, open=False)
    assert Client().get(reverse("join-consent", args=[session.invite_token])).status_code == 404
    assert Client().get(reverse("join-consent", args=["forged"])).status_code == 404


def test_the_join_code_leads_to_the_consent_page(study):
    session = session_create(study=study, name="S1")
    response = Client().post(reverse("join-code"), {"code": session.join_code.lower()})
    assert response.url == reverse("join-consent", args=[session.invite_token])
    wrong = Client().post(reverse("join-code"), {"code": "ZZZZZZ"})
    assert "No open session has this code" in wrong.content.decode()


def test_a_pre_registered_participant_joins_through_a_personal_link(study):
    session = session_create(study=study, name="S1")
    participant = participant_create(session=session)
    client = Client()
    link = reverse("join-personal", args=[participant.access_token])
    assert client.post(link, {"accept": "on"}).status_code == 302
    client.post(reverse("join-personal-profile", args=[participant.access_token]), PROFILE)
    participant.refresh_from_db()
    assert participant.consented_at is not None
    assert participant.profile["years"] == 5
    assert Participant.objects.count() == 1
    assert client.get(reverse("board", args=[session.pk])).status_code == 200


def test_a_removed_participant_loses_the_board_and_the_personal_link(study):
    session = session_create(study=study, name="S1")
    client = Client()
    join(client, session)
    participant = Participant.objects.get()
    participant_remove(session=session, participant_id=participant.pk)
    assert client.get(reverse("board", args=[session.pk])).status_code == 403
    personal = reverse("join-personal", args=[participant.access_token])
    assert Client().get(personal).status_code == 404


def test_another_browser_cannot_open_a_participants_board(study):
    session = session_create(study=study, name="S1")
    join(Client(), session)
    assert Client().get(reverse("board", args=[session.pk])).status_code == 403
