"""Withdrawal on the live board, over real WebSockets.

The notes leave every browser at once, the withdrawn participant's socket is closed, and nothing of
theirs comes back on a reconnect."""

from __future__ import annotations

import json

import pytest

from sessions.withdrawal import participant_withdraw
from statements.services import study_update
from tests.factories import make_study, make_user

from .board_support import connected, db, receive_until, user_cookie
from .withdrawal_support import EDITED, OTHER, SECRET, board_with_history

pytestmark = pytest.mark.django_db(transaction=True)


async def _setup(policy: str):
    owner, moderator = await db(make_user)(), await db(make_user)()
    study = await db(make_study)(owner=owner, moderator=moderator)
    await db(study_update)(study=study, withdrawal_policy=policy)
    board = await db(board_with_history)(study)
    return moderator, board


def _note_ids(state) -> set[str]:
    return {n["id"] for n in state["notes"]}


@pytest.mark.parametrize("policy", ["erase", "anonymise"])
async def test_a_withdrawal_takes_the_notes_off_every_board_and_closes_the_socket(policy):
    moderator, board = await _setup(policy)
    gone = {str(n.pk) for n in board.leaver_notes}
    cookie = await db(user_cookie)(moderator)
    async with (
        connected(board.session, token=board.leaver.access_token) as leaver,
        connected(board.session, token=board.stayer.access_token) as other,
        connected(board.session, cookie=cookie) as mod,
    ):
        # Revealed: everyone sees P1's notes before the withdrawal.
        assert gone <= _note_ids(other.snapshot)
        assert gone <= _note_ids(mod.snapshot)

        await db(participant_withdraw)(participant=board.leaver, actor=moderator)

        for browser in (other, mod):
            _, seen = await receive_until(
                browser,
                lambda m: m.get("type") == "event" and m["event"] == "participant.removed",
            )
            deleted = [m for m in seen if m.get("event") == "note.deleted"]
            assert {m["data"]["note"]["id"] for m in deleted} == gone
            assert all(m["data"]["note"]["deleted"] for m in deleted)
            assert all(m["data"]["note"].get("text", "") == "" for m in deleted)
            assert [m["data"]["note_total"] for m in deleted] == [1, 1]
            assert any(
                m.get("event") == "note.highlighted" and m["data"]["note_id"] is None for m in seen
            )
            for secret in (SECRET, EDITED, '"P1"'):
                assert secret not in json.dumps(seen)

        error, _ = await receive_until(leaver, lambda m: m["type"] == "error")
        assert error["code"] == "removed"
        assert (await leaver.receive_output(timeout=5))["type"] == "websocket.close"

    # A fresh snapshot and a replay from before the withdrawal show nothing of theirs.
    async with (
        connected(board.session, token=board.stayer.access_token) as other,
        connected(board.session, cookie=cookie) as mod,
    ):
        for browser in (other, mod):
            state = browser.snapshot
            assert not gone & _note_ids(state)
            assert [n["text"] for n in state["notes"]] == [OTHER]
            assert state["note_totals"] == {str(board.statement.pk): 1}
            assert board.leaver.pk not in [p["id"] for p in state["participants"]]
            await browser.send_json_to({"type": "sync", "last_seq": 0})
            _, replay = await receive_until(browser, lambda m: m["type"] == "synced")
            text = json.dumps(replay)
            for secret in (SECRET, EDITED, "A second thought of P1"):
                assert secret not in text
            live = {}
            for message in replay:
                if message.get("event", "").startswith("note.") and "note" in message["data"]:
                    note = message["data"]["note"]
                    live[note["id"]] = not note.get("deleted")
            # Replayed in order, every note of theirs ends deleted.
            assert not any(live.get(note_id) for note_id in gone)


async def test_the_withdrawn_participant_cannot_open_the_board_again():
    _moderator, board = await _setup("erase")
    token = board.leaver.access_token
    await db(participant_withdraw)(participant=board.leaver, by_participant=True)
    from .board_support import socket

    # Refused sockets are accepted, then closed with the code (a browser reads it that way).
    refused = socket(board.session, token=token)
    ok, _ = await refused.connect()
    assert ok
    closing = await refused.receive_output(timeout=5)
    await refused.disconnect()
    assert (closing["type"], closing["code"]) == ("websocket.close", 4403)
