"""One board rate per sender, on the socket and over REST alike.

The rate is focusgroup/ratelimit.py's: a participant whose bucket is spent is refused, on its
socket with the protocol's error frame; nothing is written, and the other participants are still
served."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from focusgroup.ratelimit import Rate, rate_take_async
from sessions.consumer_support import board_rate_ident
from sessions.models import Note
from tests.factories import make_study, make_user

from .board_support import connected, db, make_board, new_note, receive_until

pytestmark = pytest.mark.django_db(transaction=True)

# One take of this rate leaves a board bucket spent for about 1000 s: no refill within a test.
SPEND = Rate(capacity=2, per_second=0.001)


def _post_note(participant, statement) -> tuple[int, dict]:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Participant {participant.access_token}")
    body = {k: v for k, v in new_note(statement).items() if k not in {"type", "ref"}}
    response = client.post(f"/api/board/sessions/{participant.session_id}/notes/", body, "json")
    return response.status_code, response.json()


async def test_a_spent_sender_is_refused_on_its_sockets_and_over_rest_and_others_are_served():
    owner = await db(make_user)()
    study = await db(make_study)(owner=owner)
    session, (p1, p2, _), statement = await db(make_board)(study)
    async with (
        connected(session, token=p1.access_token) as first_tab,
        connected(session, token=p1.access_token) as second_tab,
        connected(session, token=p2.access_token) as other,
    ):
        assert await rate_take_async(board_rate_ident(token=p1.access_token), SPEND) == 0.0
        for tab in (first_tab, second_tab):
            await tab.send_json_to(new_note(statement, ref="spent"))
            refused, _ = await receive_until(tab, lambda m: m["type"] in {"error", "ack"})
            assert refused["type"] == "error"
            assert refused["code"] == "rate_limited"
            assert "a second" in refused["message"]
        status, body = await db(_post_note)(p1, statement)
        assert (status, body["code"]) == (429, "rate_limited")
        await other.send_json_to(new_note(statement, text="Still served"))
        ack, _ = await receive_until(other, lambda m: m["type"] in {"error", "ack"})
        assert ack["type"] == "ack"
    assert await db(Note.objects.filter(participant=p1).count)() == 0
    assert await db(Note.objects.filter(participant=p2).count)() == 1
