"""Every message on the board's socket gets an answer, even when the write fails unexpectedly."""

from __future__ import annotations

import pytest

from sessions.models import Note
from tests.factories import make_study, make_user

from .board_support import connected, db, make_board, new_note, receive_until

pytestmark = pytest.mark.django_db(transaction=True)


async def test_a_write_the_database_refuses_is_answered_with_an_error_code_and_its_ref():
    study = await db(make_study)(owner=await db(make_user)())
    session, (p1, *_), statement = await db(make_board)(study)
    async with connected(session, token=p1.access_token) as author:
        # PostgreSQL refuses a NUL character in text: whatever refuses it, the browser hears.
        await author.send_json_to(new_note(statement, text="before\x00after", ref="nul"))
        reply, _ = await receive_until(author, lambda m: m["type"] in {"ack", "error"})
        assert reply["type"] == "error"
        assert reply["ref"] == "nul"
        assert isinstance(reply["code"], str)
        assert reply["code"]
        assert reply["message"]
        # The socket stays open and the next note is written and acknowledged.
        await author.send_json_to(new_note(statement, text="A clean note", ref="next"))
        ack, _ = await receive_until(author, lambda m: m["type"] in {"ack", "error"})
        assert (ack["type"], ack["ref"]) == ("ack", "next")
    texts = await db(lambda: list(Note.objects.values_list("text", flat=True)))()
    assert texts == ["A clean note"]


async def test_a_failing_sync_is_answered_with_a_server_error_and_the_socket_stays_open(
    monkeypatch,
):
    from sessions import selectors

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    study = await db(make_study)(owner=await db(make_user)())
    session, (p1, *_), _statement = await db(make_board)(study)
    async with connected(session, token=p1.access_token) as browser:
        monkeypatch.setattr(selectors, "board_state", broken)
        await browser.send_json_to({"type": "sync", "last_seq": None, "ref": "s"})
        reply = await browser.receive_json_from(timeout=5)
        assert reply == {
            "type": "error",
            "code": "server_error",
            "message": reply["message"],
            "ref": "s",
        }
        await browser.send_json_to({"type": "ping", "ref": 1})
        assert await browser.receive_json_from(timeout=5) == {"type": "pong", "ref": 1}
