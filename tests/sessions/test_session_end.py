"""Ending a session closes its invites and its board for good and leads to its wrap-up page."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from sessions.errors import BoardError
from sessions.models import BoardEvent, Session
from sessions.note_services import note_create
from sessions.services import session_end, session_lock_set, session_step_set
from tests.factories import make_study, make_user

from .board_support import connected, db, make_board, receive_until

pytestmark = pytest.mark.django_db


def end_url(session) -> str:
    return reverse("session-end", args=[session.study_id, session.pk])


def test_ending_closes_invites_locks_the_board_and_records_an_event(study):
    session, (p1, *_), statement = make_board(study)
    event = session_end(session=session)
    session.refresh_from_db()
    assert session.ended_at is not None
    assert (session.invites_open, session.locked) == (False, True)
    assert event.type == "session.ended"
    with pytest.raises(BoardError) as refused:
        note_create(
            participant=p1,
            note_id=uuid.uuid4(),
            statement_id=statement.pk,
            level="strongly_agree",
            text="Too late",
        )
    assert refused.value.code == "board_locked"
    client = Client()
    page = client.get(reverse("join-consent", args=[session.invite_token]))
    assert page.status_code == 404


def test_an_ended_session_refuses_new_steps_a_new_lock_state_and_a_second_end(study):
    session, _people, statement = make_board(study)
    session_end(session=session)
    for change in (
        lambda: session_step_set(session=session, statement=statement, step="discuss"),
        lambda: session_lock_set(session=session, locked=False),
        lambda: session_end(session=session),
    ):
        with pytest.raises(BoardError) as refused:
            change()
        assert refused.value.code == "session_ended"
    assert BoardEvent.objects.filter(session=session, type="session.ended").count() == 1
    assert Session.objects.get(pk=session.pk).locked is True


def test_a_moderator_ends_the_session_and_lands_on_its_wrap_up(study, moderator):
    session, _people, _statement = make_board(study)
    client = Client()
    client.force_login(moderator)
    response = client.post(end_url(session))
    assert response.status_code == 302
    assert response.url == reverse("analysis-session-wrapup", args=[study.pk, session.pk])
    console = client.get(reverse("session-console", args=[study.pk, session.pk]))
    body = console.content.decode()
    assert "This session ended on" in body
    assert "End session" not in body


@pytest.mark.parametrize("who", ["analyst", "outsider", "anonymous"])
def test_only_those_who_run_sessions_can_end_one(study, people, who):
    session, _people, _statement = make_board(study)
    client = Client()
    if people[who] is not None:
        client.force_login(people[who])
    response = client.post(end_url(session))
    if who == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    else:
        assert response.status_code == 404
    session.refresh_from_db()
    assert session.ended_at is None


def test_ending_needs_a_post(study, moderator):
    session, _people, _statement = make_board(study)
    client = Client()
    client.force_login(moderator)
    assert client.get(end_url(session)).status_code == 405
    session.refresh_from_db()
    assert session.ended_at is None


@pytest.mark.django_db(transaction=True)
async def test_open_boards_are_told_the_session_ended_without_who_ended_it():
    owner = await db(make_user)()
    study = await db(make_study)(owner=owner)
    session, (p1, *_), _statement = await db(make_board)(study)
    async with connected(session, token=p1.access_token) as board:
        await db(session_end)(session=session, actor=owner)
        event, _ = await receive_until(board, lambda m: m.get("event") == "session.ended")
        assert "actor" not in event["data"]
