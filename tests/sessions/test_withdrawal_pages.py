"""Withdrawal in pages: the participant's own from the board, and the one recorded by runners."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sessions.models import Note, Participant
from sessions.views_join import JOINED_KEY
from statements.models import AuditEntry
from statements.services import study_update

from .withdrawal_support import SECRET, board_with_history

pytestmark = pytest.mark.django_db


def joined_client(participant) -> Client:
    """A browser that joined the session as the participant."""
    client = Client()
    store = client.session
    store[JOINED_KEY] = {str(participant.session_id): participant.access_token}
    store.save()
    return client


def signed_in(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_board_links_to_a_confirmation_that_explains_the_studys_policy(study):
    board = board_with_history(study)
    browser = joined_client(board.leaver)
    page = browser.get(reverse("board", args=[board.session.pk]))
    link = reverse("board-withdraw", args=[board.session.pk])
    assert link in page.content.decode()
    confirm = browser.get(link)
    assert confirm.status_code == 200
    assert "Withdraw my consent" in confirm.content.decode()
    assert "erases" in confirm.content.decode()
    assert Note.objects.filter(participant=board.leaver).count() == 2  # a GET changes nothing
    study_update(study=study, withdrawal_policy="anonymise")
    assert "anonymises" in browser.get(link).content.decode()


def test_a_participant_withdraws_and_can_no_longer_open_the_board(study):
    board = board_with_history(study)
    browser = joined_client(board.leaver)
    done = browser.post(reverse("board-withdraw", args=[board.session.pk]))
    assert done.status_code == 200
    assert "Your consent is withdrawn" in done.content.decode()
    assert not Note.objects.filter(participant=board.leaver).exists()
    assert browser.get(reverse("board", args=[board.session.pk])).status_code == 403
    assert browser.post(reverse("board-withdraw", args=[board.session.pk])).status_code == 403
    entry = AuditEntry.objects.get(action="participant.withdraw")
    assert entry.actor_label == "participant P1"


def test_someone_who_has_not_joined_cannot_withdraw_anyone(study):
    board = board_with_history(study)
    stranger = Client()
    url = reverse("board-withdraw", args=[board.session.pk])
    assert stranger.get(url).status_code == 403
    assert stranger.post(url).status_code == 403
    other = joined_client(board.stayer)
    other.post(url)  # withdraws P2 (the browser's own participant), never P1
    assert Participant.objects.get(pk=board.leaver.pk).withdrawn_at is None
    assert Participant.objects.get(pk=board.stayer.pk).withdrawn_at is not None


@pytest.mark.parametrize(
    ("role", "status"),
    [("owner", 302), ("moderator", 302), ("analyst", 404), ("outsider", 404), ("anonymous", 302)],
)
def test_runners_record_a_withdrawal_from_the_console(study, people, role, status):
    board = board_with_history(study)
    client = signed_in(people[role])
    url = reverse(
        "session-participant-withdraw", args=[study.pk, board.session.pk, board.leaver.pk]
    )
    response = client.post(url)
    assert response.status_code == status
    withdrawn = Participant.objects.get(pk=board.leaver.pk).withdrawn_at is not None
    assert withdrawn is (role in {"owner", "moderator"})
    if role == "anonymous":
        assert "/accounts/login/" in response.url
    if withdrawn:
        console = client.get(response.url)
        text = console.content.decode()
        assert "P1 withdrew: their data was erased" in text
        assert SECRET not in text


def test_the_console_links_each_participant_to_the_withdrawal_form(study, owner):
    board = board_with_history(study)
    client = signed_in(owner)
    console = client.get(reverse("session-console", args=[study.pk, board.session.pk]))
    url = reverse(
        "session-participant-withdraw", args=[study.pk, board.session.pk, board.leaver.pk]
    )
    assert url in console.content.decode()
    confirm = client.get(url)
    assert "Record P1" in confirm.content.decode()
    assert "Withdraw P1" in confirm.content.decode()
    client.post(url)
    assert client.get(url).status_code == 404  # withdrawn once, for good
    console = client.get(reverse("session-console", args=[study.pk, board.session.pk]))
    assert url not in console.content.decode()


def test_a_participant_of_another_session_is_not_found(study, owner):
    first = board_with_history(study, name="One")
    second = board_with_history(study, name="Two")
    url = reverse(
        "session-participant-withdraw", args=[study.pk, first.session.pk, second.leaver.pk]
    )
    assert signed_in(owner).post(url).status_code == 404
    assert Participant.objects.get(pk=second.leaver.pk).withdrawn_at is None
