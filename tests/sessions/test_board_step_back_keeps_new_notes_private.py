"""Stepping back from Discuss to Add comments keeps new notes private, unless the moderator says."""

from __future__ import annotations

import pytest

from tests.factories import make_study, make_user

from .board_support import connected, db, make_board, new_note, receive_until, user_cookie

pytestmark = pytest.mark.django_db(transaction=True)


def step(statement, name, **extra):
    return {"type": "step.set", "statement_id": statement.pk, "step": name, "ref": name, **extra}


async def run_step_back(keep_private):
    owner = await db(make_user)()
    study = await db(make_study)(owner=owner)
    session, (p1, p2, _), statement = await db(make_board)(study)
    extra = {} if keep_private is None else {"keep_private": keep_private}
    async with (
        connected(session, token=p1.access_token) as author,
        connected(session, token=p2.access_token) as other,
        connected(session, cookie=await db(user_cookie)(owner)) as mod,
    ):
        await mod.send_json_to(step(statement, "discuss"))
        await receive_until(mod, lambda m: m.get("ref") == "discuss")
        await mod.send_json_to(step(statement, "comment", **extra))
        await receive_until(mod, lambda m: m.get("ref") == "comment")
        await receive_until(other, lambda m: m.get("event") == "step.set" and m["seq"] > 0)
        await author.send_json_to(new_note(statement, text="Said after the discussion"))
        await receive_until(author, lambda m: m["type"] == "ack")
        live, _ = await receive_until(
            other, lambda m: m.get("event") in {"note.created", "note.hidden"}
        )
        async with connected(session, token=p2.access_token) as later:
            snapshot_notes = later.snapshot["notes"]
        await mod.send_json_to(step(statement, "discuss"))
        reveal, _ = await receive_until(
            other, lambda m: m.get("event") == "step.set" and m["data"]["step"] == "discuss"
        )
    return live, snapshot_notes, reveal


async def test_by_default_notes_written_after_stepping_back_stay_private_until_discussed():
    live, snapshot_notes, reveal = await run_step_back(None)
    assert live["event"] == "note.hidden"
    assert "Said after the discussion" not in str(live)
    assert snapshot_notes == []
    assert [n["text"] for n in reveal["data"]["notes"]] == ["Said after the discussion"]


async def test_the_moderator_may_let_notes_written_after_stepping_back_show_live():
    live, snapshot_notes, _reveal = await run_step_back(False)
    assert live["event"] == "note.created"
    assert live["data"]["note"]["text"] == "Said after the discussion"
    assert [n["text"] for n in snapshot_notes] == ["Said after the discussion"]


async def test_keep_private_must_be_true_or_false():
    owner = await db(make_user)()
    study = await db(make_study)(owner=owner)
    session, _people, statement = await db(make_board)(study)
    async with connected(session, cookie=await db(user_cookie)(owner)) as mod:
        await mod.send_json_to(step(statement, "comment", keep_private="yes"))
        reply, _ = await receive_until(mod, lambda m: m.get("ref") == "comment")
        assert (reply["type"], reply["code"], reply["field"]) == (
            "error",
            "invalid_field",
            "keep_private",
        )
