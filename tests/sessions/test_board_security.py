"""What the board never gives away.

Old texts, used links, sessions, the moderator's name, ids, and nothing more to a socket whose rules
changed or whose participant was removed."""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from focusgroup.ratelimit import Rate
from sessions import api_board
from sessions.consumer_support import RATE_CAPACITY
from sessions.models import Note, Participant, Step
from sessions.services import (
    note_create,
    note_delete,
    note_edit,
    note_highlight,
    participant_create,
    participant_remove,
    participant_token_rotate,
    session_lock_set,
    session_step_set,
)
from statements.models import RevealPolicy
from statements.services import study_update
from tests.factories import make_study, make_user

from .board_support import connected, db, make_board, new_note, receive_until, socket

PROFILE = {"years": "5", "knowledge": "Low", "job_title": "Developer"}


def api(participant=None, token: str | None = None) -> APIClient:
    client = APIClient()
    token = token or (participant.access_token if participant is not None else None)
    if token is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Participant {token}")
    return client


def _url(session_id: int, tail: str) -> str:
    return f"/api/board/sessions/{session_id}/{tail}"


def _deleted_and_edited_before_the_reveal(session, author, statement) -> None:
    gone, edited = uuid.uuid4(), uuid.uuid4()
    note_create(
        participant=author,
        note_id=gone,
        statement_id=statement.pk,
        level="strongly_agree",
        text="Deleted before the reveal",
    )
    note_delete(participant=author, note_id=gone, base_version=1)
    note_create(
        participant=author,
        note_id=edited,
        statement_id=statement.pk,
        level="strongly_agree",
        text="First draft",
    )
    note_edit(participant=author, note_id=edited, text="Final wording", base_version=1)
    session_step_set(session=session, statement=statement, step=Step.DISCUSS)
    # Edited again during the discussion: the reveal's own list of notes is old now too.
    note_edit(participant=author, note_id=edited, text="Wording after the reveal", base_version=2)


@pytest.mark.django_db
def test_a_replay_after_the_reveal_shows_others_notes_only_as_they_are_now(study, moderator):
    session, (p1, p2, _), statement = make_board(study)
    _deleted_and_edited_before_the_reveal(session, p1, statement)
    replay = api(p2).get(_url(session.pk, "events/?after=0"))
    assert replay.status_code == 200
    body = replay.content.decode()
    assert "Deleted before the reveal" not in body
    assert "First draft" not in body
    assert "Final wording" not in body
    assert "Wording after the reveal" in body
    # Members keep the whole history.
    member = APIClient()
    member.force_authenticate(moderator)
    history = member.get(_url(session.pk, "events/?after=0")).content.decode()
    assert "First draft" in history
    assert "Deleted before the reveal" in history


@pytest.mark.django_db(transaction=True)
async def test_a_socket_replay_after_the_reveal_shows_no_deleted_or_earlier_texts():
    study = await db(make_study)(owner=await db(make_user)())
    session, (p1, p2, _), statement = await db(make_board)(study)
    await db(_deleted_and_edited_before_the_reveal)(session, p1, statement)
    other = socket(session, token=p2.access_token)
    assert (await other.connect())[0]
    try:
        await other.send_json_to({"type": "sync", "last_seq": 0})
        _synced, seen = await receive_until(other, lambda m: m["type"] == "synced")
    finally:
        await other.disconnect()
    text = str(seen)
    assert "Deleted before the reveal" not in text
    assert "First draft" not in text
    assert "Final wording" not in text
    assert "Wording after the reveal" in text


@pytest.mark.django_db
def test_a_personal_link_works_once_and_the_moderator_can_issue_a_new_one(study, moderator):
    session, _, statement = make_board(study, participants=0)
    pre = participant_create(session=session)
    console_url = reverse("session-console", args=[study.pk, session.pk])
    web = Client()
    web.force_login(moderator)
    link = re.search(r"/p/[A-Za-z0-9_\-]+/", web.get(console_url).content.decode()).group(0)
    assert link == reverse("join-personal", args=[pre.access_token])
    seen_token = pre.access_token

    person = Client()
    assert person.post(link, {"accept": "on"}).status_code == 302
    joined = person.post(f"{link}about-you/", PROFILE)
    assert joined.url == reverse("board", args=[session.pk])
    pre.refresh_from_db()
    assert pre.consented_at is not None
    assert pre.access_token != seen_token
    assert person.get(reverse("board", args=[session.pk])).status_code == 200

    # The token the console showed opens nothing any more: not the API, not another browser.
    note = {"id": str(uuid.uuid4()), "statement_id": statement.pk, "level": "strongly_agree"}
    forged = api(token=seen_token).post(
        _url(session.pk, "notes/"), {**note, "text": "As someone else"}, format="json"
    )
    assert forged.status_code == 404
    other = Client()
    used = other.get(link)
    assert used.status_code == 404
    assert "already used" in used.content.decode()
    assert other.post(link, {"accept": "on"}).status_code == 404
    assert other.get(reverse("board", args=[session.pk])).status_code == 403
    assert seen_token not in web.get(console_url).content.decode()
    # The joined browser's token is the only one that works, over the API too.
    mine = api(pre).post(_url(session.pk, "notes/"), {**note, "text": "Mine"}, format="json")
    assert mine.status_code == 201

    # A new link from the moderator works once, for one new browser, and signs out the old one.
    issued = web.post(
        reverse("session-participant-link", args=[study.pk, session.pk, pre.pk]), follow=True
    )
    new_link = re.search(r"/p/[A-Za-z0-9_\-]+/", issued.content.decode()).group(0)
    assert new_link != link
    device = Client()
    assert device.get(new_link).status_code == 200  # the consent page: nothing used yet
    assert device.post(new_link, {"accept": "on"}).url == reverse("board", args=[session.pk])
    assert device.get(reverse("board", args=[session.pk])).status_code == 200
    assert person.get(reverse("board", args=[session.pk])).status_code == 403
    assert Client().post(new_link, {"accept": "on"}).status_code == 404
    assert Participant.objects.filter(session=session).count() == 1
    assert Note.objects.get().participant_id == pre.pk


@pytest.mark.django_db
def test_the_board_api_answers_the_same_404_for_missing_sessions_and_failed_authentication(
    study, outsider
):
    session, _, _ = make_board(study)
    missing = session.pk + 1000
    signed_in = APIClient()
    signed_in.force_authenticate(outsider)
    for client in (APIClient(), api(token="forged"), signed_in):
        for session_id in (session.pk, missing):
            for tail in ("state/", "events/?after=0"):
                response = client.get(_url(session_id, tail))
                assert response.status_code == 404
                assert response.json()["code"] == "session_not_found"
        posted = client.post(_url(session.pk, "lock/"), {"locked": True}, format="json")
        assert posted.status_code == 404
    answers = {APIClient().get(_url(s, "state/")).content for s in (session.pk, missing)}
    assert len(answers) == 1


@pytest.mark.django_db
def test_the_board_api_limits_a_participant_like_its_socket_and_spares_the_others(
    study, monkeypatch
):
    # The socket's burst, refilled too slowly to matter during the test: exactly the burst gets
    # through, then every request is refused, whatever the machine's speed (Redis counts).
    monkeypatch.setattr(api_board, "BOARD_RATE", Rate(capacity=RATE_CAPACITY, per_second=0.001))
    session, (p1, p2, _), statement = make_board(study)
    flooder = api(p1)
    codes = []
    for i in range(RATE_CAPACITY * 3):
        response = flooder.post(
            _url(session.pk, "notes/"),
            {
                "id": str(uuid.uuid4()),
                "statement_id": statement.pk,
                "level": "strongly_agree",
                "text": f"Flood {i}",
            },
            format="json",
        )
        codes.append(response.status_code)
        if response.status_code == 429:
            refused = response
    assert codes == [201] * RATE_CAPACITY + [429] * (RATE_CAPACITY * 2)
    assert refused.json()["code"] == "rate_limited"
    assert "a second" in refused.json()["message"]
    assert int(refused["Retry-After"]) >= 1
    assert Note.objects.filter(participant=p1).count() == codes.count(201)
    assert api(p2).get(_url(session.pk, "state/")).status_code == 200


@pytest.mark.django_db
def test_participants_never_receive_the_moderators_username(study, moderator):
    session, (p1, *_), statement = make_board(study)
    note_id = uuid.uuid4()
    note_create(
        participant=p1, note_id=note_id, statement_id=statement.pk, level="no_opinion", text="n"
    )
    session_step_set(session=session, statement=statement, step=Step.DISCUSS, actor=moderator)
    session_lock_set(session=session, locked=True, actor=moderator)
    note_highlight(session=session, note_id=note_id, actor=moderator)
    events = api(p1).get(_url(session.pk, "events/?after=0")).json()["events"]
    kinds = {e["event"] for e in events}
    assert {"step.set", "board.locked", "note.highlighted"} <= kinds
    assert moderator.username not in str(events)
    assert all("actor" not in e["data"] for e in events)
    member = APIClient()
    member.force_authenticate(moderator)
    staff_events = member.get(_url(session.pk, "events/?after=0")).json()["events"]
    assert {e["data"].get("actor") for e in staff_events if e["event"] == "board.locked"} == {
        moderator.username
    }


@pytest.mark.django_db
def test_participants_get_aliases_of_the_others_from_which_no_code_can_be_inferred(study):
    assert study.show_codes_to_participants is False
    session, (p1, p2, p3), statement = make_board(study)
    note_create(
        participant=p3,
        note_id=uuid.uuid4(),
        statement_id=statement.pk,
        level="strongly_agree",
        text="Third",
    )
    session_step_set(session=session, statement=statement, step=Step.DISCUSS)
    late = participant_create(session=session, profile={}, consented_at=session.created_at)
    state = api(p2).get(_url(session.pk, "state/")).json()
    events = api(p2).get(_url(session.pk, "events/?after=0")).json()["events"]
    real_ids = {p1.pk, p3.pk, late.pk}
    assert state["me"]["id"] == p2.pk
    others = [p for p in state["participants"] if p["id"] != p2.pk]
    assert len(others) == 3
    assert all(isinstance(p["id"], str) and p["code"] is None for p in others)
    [third] = state["notes"]
    assert third["participant_id"] in {p["id"] for p in others}
    assert third["participant_id"] not in real_ids
    joined = [e["data"]["participant"]["id"] for e in events if e["event"] == "participant.joined"]
    assert {i for i in joined if i != p2.pk} == {p["id"] for p in others}
    sent_ids = {e["data"]["note"]["participant_id"] for e in events if "note" in e["data"]}
    sent_ids |= {n["participant_id"] for e in events for n in e["data"].get("notes", [])}
    assert sent_ids
    assert not sent_ids & real_ids


@pytest.mark.django_db(transaction=True)
async def test_open_sockets_follow_a_change_of_the_studys_reveal_policy_and_codes():
    owner = await db(make_user)()
    study = await db(make_study)(owner=owner)
    await db(study_update)(
        study=study, reveal_policy=RevealPolicy.LIVE, show_codes_to_participants=True
    )
    session, (p1, p2, _), statement = await db(make_board)(study)
    async with (
        connected(session, token=p1.access_token) as author,
        connected(session, token=p2.access_token) as other,
    ):
        await author.send_json_to(new_note(statement, text="Said while live"))
        await receive_until(author, lambda m: m["type"] == "ack")
        seen, _ = await receive_until(other, lambda m: m["type"] == "event")
        assert seen["data"]["note"]["code"] == "P1"
        await db(study_update)(
            study=study, reveal_policy=RevealPolicy.OWN_ONLY, show_codes_to_participants=False
        )
        # The open socket gets a fresh board under the new rules...
        snapshot, _ = await receive_until(other, lambda m: m["type"] == "snapshot")
        assert snapshot["state"]["session"]["reveal_policy"] == RevealPolicy.OWN_ONLY
        assert snapshot["state"]["notes"] == []
        await receive_until(other, lambda m: m["type"] == "synced")
        # ...and what follows is filtered by them.
        await author.send_json_to(new_note(statement, text="Private opinion", ref="r2"))
        await receive_until(author, lambda m: m["type"] == "ack" and m["ref"] == "r2")
        event, _ = await receive_until(other, lambda m: m["type"] == "event")
        assert event["event"] == "note.hidden"
        assert "Private opinion" not in str(event)


@pytest.mark.django_db(transaction=True)
async def test_a_participant_removed_before_its_first_sync_is_disconnected():
    study = await db(make_study)(owner=await db(make_user)())
    session, (_p1, p2, _), _statement = await db(make_board)(study)
    victim = socket(session, token=p2.access_token)
    assert (await victim.connect())[0]
    try:
        await db(participant_remove)(session=session, participant_id=p2.pk)
        error, _ = await receive_until(victim, lambda m: m["type"] == "error")
        assert error["code"] == "removed"
        assert (await victim.receive_output(timeout=5))["type"] == "websocket.close"
    finally:
        await victim.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_a_sync_from_a_participant_no_longer_allowed_in_is_refused():
    study = await db(make_study)(owner=await db(make_user)())
    session, (_p1, p2, _), _statement = await db(make_board)(study)
    victim = socket(session, token=p2.access_token)
    assert (await victim.connect())[0]
    try:
        # Its link was replaced (a new personal link), so its token opens nothing any more.
        await db(participant_token_rotate)(participant=p2)
        await victim.send_json_to({"type": "sync", "last_seq": 0})
        error, seen = await receive_until(victim, lambda m: m["type"] == "error")
        assert error["code"] == "removed"
        assert not [m for m in seen if m["type"] == "event"]
        assert (await victim.receive_output(timeout=5))["type"] == "websocket.close"
    finally:
        await victim.disconnect()
