"""A deeply nested message is refused as bad JSON and the socket stays open."""

from __future__ import annotations

import json

import pytest

from tests.factories import make_study, make_user

from .board_support import connected, db, make_board

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    "raw",
    [
        "[" * 5000,
        "[" * 5000 + "]" * 5000,
        '{"a":' * 2500 + "1" + "}" * 2500,
        json.dumps({"type": "ping", "ref": [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]}),
    ],
    ids=["open-arrays", "closed-arrays", "objects", "deep-ref"],
)
async def test_a_deeply_nested_message_is_answered_bad_json_and_the_socket_stays_open(raw):
    assert len(raw.encode()) < 16 * 1024
    study = await db(make_study)(owner=await db(make_user)())
    session, (p1, *_), _ = await db(make_board)(study)
    async with connected(session, token=p1.access_token) as browser:
        await browser.send_to(text_data=raw)
        reply = await browser.receive_json_from(timeout=5)
        assert (reply["type"], reply["code"]) == ("error", "bad_json")
        await browser.send_json_to({"type": "ping", "ref": "still-here"})
        assert await browser.receive_json_from(timeout=5) == {"type": "pong", "ref": "still-here"}
