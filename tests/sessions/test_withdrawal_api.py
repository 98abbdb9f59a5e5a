"""Withdrawal in the REST API: who may record it, and what the participant and note lists show."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from sessions.models import Participant
from sessions.withdrawal import WITHDRAWN_TEXT, participant_withdraw
from statements.services import study_update

from .withdrawal_support import OTHER, SECRET, board_with_history

pytestmark = pytest.mark.django_db


def api_as(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def withdraw_url(study, participant) -> str:
    return reverse("study-participant-withdraw", args=[study.pk, participant.pk])


@pytest.mark.parametrize(
    ("role", "status"),
    [("owner", 200), ("moderator", 200), ("analyst", 403), ("outsider", 404), ("anonymous", 403)],
)
def test_owners_and_moderators_record_a_withdrawal(study, people, role, status):
    board = board_with_history(study)
    response = api_as(people[role]).post(withdraw_url(study, board.leaver))
    assert response.status_code == status
    withdrawn = Participant.objects.get(pk=board.leaver.pk).withdrawn_at is not None
    assert withdrawn is (status == 200)
    if status == 200:
        body = response.json()
        assert body["policy"] == "erase"
        assert (body["notes"], body["revisions"], body["speakers"]) == (2, 4, 0)
        assert body["participant"]["code"] == "W1"
        assert body["participant"]["number"] is None
        assert body["participant"]["profile"] == {}
        assert body["participant"]["withdrawal"] == "erased"


def test_a_second_withdrawal_is_a_conflict_or_not_found(study, owner):
    board = board_with_history(study)
    client = api_as(owner)
    assert client.post(withdraw_url(study, board.leaver)).status_code == 200
    # The erased participant is a tombstone: the API no longer knows them.
    assert client.post(withdraw_url(study, board.leaver)).status_code == 404
    study_update(study=study, withdrawal_policy="anonymise")
    assert client.post(withdraw_url(study, board.stayer)).status_code == 200
    again = client.post(withdraw_url(study, board.stayer))
    assert again.status_code == 409
    assert again.json()["code"] == "already_withdrawn"


def test_after_an_erase_the_lists_know_nothing_of_the_participant(study, analyst, owner):
    board = board_with_history(study)
    participant_withdraw(participant=board.leaver, actor=owner)
    client = api_as(analyst)
    people = client.get(reverse("study-participant-list", args=[study.pk])).json()["results"]
    assert [p["code"] for p in people] == ["P2"]
    notes = client.get(reverse("study-note-list", args=[study.pk])).json()["results"]
    assert [n["text"] for n in notes] == [OTHER]


def test_after_an_anonymisation_notes_are_marks_under_the_neutral_code(study, analyst, owner):
    study_update(study=study, withdrawal_policy="anonymise")
    board = board_with_history(study)
    participant_withdraw(participant=board.leaver, actor=owner)
    client = api_as(analyst)
    response = client.get(reverse("study-participant-list", args=[study.pk]))
    people = {p["code"]: p for p in response.json()["results"]}
    assert set(people) == {"W1", "P2"}
    assert people["W1"]["profile"] == {}
    assert people["W1"]["number"] is None
    assert people["W1"]["withdrawal"] == "anonymised"
    notes = client.get(reverse("study-note-list", args=[study.pk])).json()["results"]
    marks = sorted((n["participant_code"], n["level"], n["text"]) for n in notes)
    assert marks == [
        ("P2", "strongly_agree", OTHER),
        ("W1", "partially_agree", WITHDRAWN_TEXT),
        ("W1", "strongly_disagree", WITHDRAWN_TEXT),
    ]
    assert SECRET not in response.content.decode()
