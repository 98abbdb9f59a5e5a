"""Participants see how many people are online and that someone is writing, never who or what."""

from __future__ import annotations

import pytest

from tests.factories import make_study, make_user

from .board_support import connected, db, drain, make_board, receive_until, user_cookie

pytestmark = pytest.mark.django_db(transaction=True)


async def test_a_participant_learns_how_many_participants_are_online_but_not_who():
    owner = await db(make_user)()
    study = await db(make_study)(owner=owner)
    session, (p1, p2, _p3), _statement = await db(make_board)(study)
    async with connected(session, token=p1.access_token) as first:
        await first.send_json_to({"type": "presence.subscribe"})
        await receive_until(first, lambda m: m["type"] == "presence" and m.get("count") == 1)
        async with connected(session, token=p2.access_token) as second:
            await second.send_json_to({"type": "presence.subscribe"})
            counted, _ = await receive_until(
                second, lambda m: m["type"] == "presence" and m.get("count") == 2
            )
            assert set(counted) == {"type", "count"}
            await receive_until(first, lambda m: m["type"] == "presence" and m.get("count") == 2)
        left, _ = await receive_until(first, lambda m: m["type"] == "presence" and m["count"] == 1)
        assert "online" not in left


async def test_someone_writing_reaches_the_others_without_who_and_the_moderator_with_who():
    owner, moderator = await db(make_user)(), await db(make_user)()
    study = await db(make_study)(owner=owner, moderator=moderator)
    session, (p1, p2, _p3), statement = await db(make_board)(study)
    async with (
        connected(session, token=p1.access_token) as writer,
        connected(session, token=p2.access_token) as other,
        connected(session, cookie=await db(user_cookie)(moderator)) as mod,
    ):
        await other.send_json_to({"type": "presence.subscribe"})
        await receive_until(other, lambda m: m["type"] == "presence")
        await writer.send_json_to({"type": "typing", "statement_id": statement.pk})
        seen, _ = await receive_until(other, lambda m: m["type"] == "typing")
        assert seen == {"type": "typing"}
        told, _ = await receive_until(mod, lambda m: m["type"] == "typing")
        assert told == {"type": "typing", "participant_id": p1.pk}
        assert all(m["type"] != "typing" for m in await drain(writer))


async def test_a_moderator_cannot_send_typing():
    owner = await db(make_user)()
    study = await db(make_study)(owner=owner)
    session, _people, _statement = await db(make_board)(study)
    async with connected(session, cookie=await db(user_cookie)(owner)) as mod:
        await mod.send_json_to({"type": "typing", "ref": 3})
        error, _ = await receive_until(mod, lambda m: m["type"] == "error")
        assert error["code"] == "forbidden"
        assert error["ref"] == 3


async def test_a_participant_that_did_not_subscribe_receives_no_presence_or_typing():
    owner = await db(make_user)()
    study = await db(make_study)(owner=owner)
    session, (p1, p2, _p3), statement = await db(make_board)(study)
    async with (
        connected(session, token=p1.access_token) as quiet,
        connected(session, token=p2.access_token) as writer,
    ):
        await writer.send_json_to({"type": "typing", "statement_id": statement.pk})
        assert await drain(quiet) == []
