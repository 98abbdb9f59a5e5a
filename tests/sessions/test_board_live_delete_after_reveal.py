"""After the reveal, a live note.deleted tells the other participants the id, not the text."""

from __future__ import annotations

import pytest

from sessions.models import Step
from sessions.services import session_step_set
from tests.factories import make_study, make_user

from .board_support import connected, db, make_board, new_note, receive_until, user_cookie

pytestmark = pytest.mark.django_db(transaction=True)


async def test_a_note_deleted_after_the_reveal_reaches_the_others_without_its_text():
    owner = await db(make_user)()
    study = await db(make_study)(owner=owner)
    session, (p1, p2, _), statement = await db(make_board)(study)
    async with (
        connected(session, token=p1.access_token) as author,
        connected(session, token=p2.access_token) as other,
        connected(session, cookie=await db(user_cookie)(owner)) as member,
    ):
        await author.send_json_to(new_note(statement, text="Regret this soon", ref="c"))
        ack, _ = await receive_until(author, lambda m: m["type"] == "ack")
        await db(session_step_set)(session=session, statement=statement, step=Step.DISCUSS)
        reveal, _ = await receive_until(other, lambda m: m.get("event") == "step.set")
        assert reveal["data"]["notes"][0]["text"] == "Regret this soon"
        await author.send_json_to(
            {"type": "note.delete", "note_id": ack["note"]["id"], "base_version": 1, "ref": "d"}
        )
        deleted, _ = await receive_until(other, lambda m: m.get("event") == "note.deleted")
        note = deleted["data"]["note"]
        assert note["id"] == ack["note"]["id"]
        assert note["deleted"] is True
        assert "text" not in note
        assert "level" not in note
        assert "Regret this soon" not in str(deleted)
        own, _ = await receive_until(author, lambda m: m.get("event") == "note.deleted")
        assert own["data"]["note"]["text"] == "Regret this soon"  # the author's own note
        staff, _ = await receive_until(member, lambda m: m.get("event") == "note.deleted")
        assert staff["data"]["note"]["text"] == "Regret this soon"  # members see the record
