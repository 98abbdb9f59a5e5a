"""The session pages: who sees the console, who runs it, who manages participants."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sessions.models import Participant, Session
from sessions.services import participant_create, session_create

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_console_is_for_members_and_its_controls_for_runners(
    study, owner, moderator, analyst, outsider
):
    session = session_create(study=study, name="S1")
    url = reverse("session-console", args=[study.pk, session.pk])
    for user, controls in ((owner, True), (moderator, True), (analyst, False)):
        page = client_for(user).get(url)
        assert page.status_code == 200
        assert ("Run the session" in page.content.decode()) is controls
        assert (session.join_code in page.content.decode()) is controls
    assert client_for(outsider).get(url).status_code == 404
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous.url


def test_runners_create_sessions_and_others_cannot(study, owner, moderator, analyst, outsider):
    url = reverse("session-list", args=[study.pk])
    for name, user in (("By owner", owner), ("By moderator", moderator)):
        assert client_for(user).post(url, {"name": name}).status_code == 302
    assert client_for(analyst).post(url, {"name": "By analyst"}).status_code == 404
    assert client_for(outsider).post(url, {"name": "By outsider"}).status_code == 404
    assert client_for(None).post(url, {"name": "Anonymous"}).status_code == 302
    assert sorted(Session.objects.values_list("name", flat=True)) == ["By moderator", "By owner"]
    duplicate = client_for(owner).post(url, {"name": "By owner"})
    assert "already has a session with that name" in duplicate.content.decode()


def test_runners_pre_register_and_remove_participants(study, owner, moderator, analyst, outsider):
    session = session_create(study=study, name="S1")
    add = reverse("session-participant-add", args=[study.pk, session.pk])
    for user in (owner, moderator):
        assert client_for(user).post(add).status_code == 302
    for user, status in ((analyst, 404), (outsider, 404)):
        assert client_for(user).post(add).status_code == status
    assert list(Participant.objects.values_list("code", flat=True)) == ["P1", "P2"]
    page = client_for(owner).get(reverse("session-console", args=[study.pk, session.pk]))
    first = Participant.objects.get(code="P1")
    assert reverse("join-personal", args=[first.access_token]) in page.content.decode()
    remove = reverse("session-participant-remove", args=[study.pk, session.pk, first.pk])
    assert client_for(analyst).post(remove).status_code == 404
    assert client_for(moderator).post(remove).status_code == 302
    first.refresh_from_db()
    assert first.removed_at is not None


def test_only_runners_change_invites(study, analyst, moderator):
    session = session_create(study=study, name="S1")
    participant_create(session=session)
    url = reverse("session-invites", args=[study.pk, session.pk])
    assert client_for(analyst).post(url, {"action": "close"}).status_code == 404
    assert client_for(moderator).post(url, {"action": "close"}).status_code == 302
    session.refresh_from_db()
    assert session.invites_open is False


def test_the_session_list_links_each_session_to_its_recordings(client, study, analyst):
    first = session_create(study=study, name="Focus group 1")
    session_create(study=study, name="Focus group 2")
    client.force_login(analyst)
    html = client.get(reverse("session-list", args=[study.pk])).content.decode()
    assert reverse("recording-list", args=[study.pk, first.pk]) in html
    assert html.count("0 recordings") == 2


def test_runners_issue_a_new_personal_link_that_replaces_the_participants_token(
    study, owner, moderator, analyst, outsider
):
    session = session_create(study=study, name="S1")
    participant = participant_create(session=session, profile={}, consented_at=session.created_at)
    url = reverse("session-participant-link", args=[study.pk, session.pk, participant.pk])
    for user in (analyst, outsider):
        assert client_for(user).post(url).status_code == 404
    assert client_for(None).post(url).status_code == 302
    participant.refresh_from_db()
    first = participant.access_token
    for user in (owner, moderator):
        page = client_for(user).post(url, follow=True).content.decode()
        participant.refresh_from_db()
        assert reverse("join-personal", args=[participant.access_token]) in page
    assert participant.access_token != first
    assert client_for(owner).get(url).status_code == 405
