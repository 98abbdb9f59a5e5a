"""A fuzzer on the board's socket: bad messages of every kind between valid ones, answered all.

Ten participants each send 110 messages (malformed, oversized, deeply nested, binary, NUL and lone
surrogate texts, wrong types) with valid notes in between, as fast as they can under a rate limit
that holds them all, while a participant and a member only watch. Every message gets exactly one
answer, no observer socket drops, and the notes in the database are exactly the acknowledged ones.
"""

from __future__ import annotations

import asyncio
import json
import random
import uuid

import pytest

from focusgroup.ratelimit import Rate
from sessions import consumer_support
from sessions.models import Note
from tests.factories import make_study, make_user

from .board_support import connected, db, make_board, user_cookie

pytestmark = pytest.mark.django_db(transaction=True)
WRITERS = 10
PER_WRITER = 110
ANSWERS = {"ack", "error", "pong"}


def bad_message(rng: random.Random, statement_id: int) -> dict:
    """One hostile message: {"text": ...} or {"bytes": ...}."""
    kind = rng.randrange(12)
    note = {"type": "note.create", "id": str(uuid.uuid4()), "statement_id": statement_id}
    if kind == 0:
        return {"text": "{" + "x" * rng.randrange(1, 50)}
    if kind == 1:
        return {"text": "[" * rng.choice([100, 1000, 5000])}
    if kind == 2:
        return {"text": json.dumps({"type": "ping", "pad": "x" * 17000})}
    if kind == 3:
        return {"bytes": bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300)))}
    if kind == 4:
        return {"text": json.dumps({**note, "level": "strongly_agree", "text": "a\x00b"})}
    if kind == 5:
        escaped = '"\\ud800 alone"'  # a lone surrogate, escaped as JSON allows
        return {
            "text": json.dumps({**note, "level": "strongly_agree", "text": "@"}).replace(
                '"@"', escaped
            )
        }
    if kind == 6:
        return {"text": json.dumps({**note, "level": 5, "text": ["not", "text"]})}
    if kind == 7:
        return {"text": json.dumps({"type": rng.choice(["", None, 7, "note.nuke", []])})}
    if kind == 8:
        return {"text": json.dumps([1, 2, 3])}
    if kind == 9:
        return {
            "text": json.dumps(
                {"type": "note.edit", "note_id": "x", "text": "y", "base_version": "²"}
            )
        }
    if kind == 10:
        return {"text": json.dumps({"type": "sync", "last_seq": rng.choice([-1, "1", 1.5, True])})}
    return {"text": json.dumps({"type": "step.set", "statement_id": statement_id, "step": "x"})}


async def writer(browser, rng, statement_id, acked: set[str], valid_refs: set[str]) -> list:
    answers: list[dict] = []
    sent = 0
    for i in range(PER_WRITER):
        if i % 3 == 0:
            ref = f"v-{uuid.uuid4()}"
            valid_refs.add(ref)
            await browser.send_json_to(
                {
                    "type": "note.create",
                    "ref": ref,
                    "id": str(uuid.uuid4()),
                    "statement_id": statement_id,
                    "level": "strongly_agree",
                    "text": f"ok {i}",
                }
            )
        else:
            message = bad_message(rng, statement_id)
            await browser.send_to(text_data=message.get("text"), bytes_data=message.get("bytes"))
        sent += 1
    while len([a for a in answers if a["type"] in ANSWERS]) < sent:
        answers.append(await browser.receive_json_from(timeout=20))
    for answer in answers:
        if answer["type"] == "ack" and answer.get("note") and not answer["duplicate"]:
            acked.add(answer["note"]["id"])
    return answers


async def test_a_thousand_hostile_messages_are_all_answered_and_change_only_acked_notes(
    monkeypatch,
):
    # A burst that holds all a writer sends (its messages and the board's own sync on opening),
    # refilling too slowly to matter: none is rate limited whatever the machine's speed, so the
    # writers need no pace (the limit has tests of its own).
    burst = Rate(capacity=2 * PER_WRITER, per_second=0.001)
    monkeypatch.setattr(consumer_support, "BOARD_RATE", burst)
    owner = await db(make_user)()
    study = await db(make_study)(owner=owner)
    session, people, statement = await db(make_board)(study, participants=WRITERS + 1)
    acked: set[str] = set()
    valid_refs: set[str] = set()
    rng = random.Random(8)
    async with (
        connected(session, token=people[-1].access_token) as watcher,
        connected(session, cookie=await db(user_cookie)(owner)) as member,
    ):
        writers = [connected(session, token=p.access_token) for p in people[:WRITERS]]
        browsers = [await w.__aenter__() for w in writers]
        try:
            results = await asyncio.gather(
                *(
                    writer(b, random.Random(rng.random()), statement.pk, acked, valid_refs)
                    for b in browsers
                )
            )
        finally:
            for w in writers:
                await w.__aexit__(None, None, None)
        answers = [a for result in results for a in result if a["type"] in ANSWERS]
        assert len(answers) == WRITERS * PER_WRITER >= 1000
        assert not [a for a in answers if a.get("code") == "rate_limited"]
        by_ref = {a.get("ref"): a for a in answers}
        assert {ref for ref in valid_refs if by_ref.get(ref, {}).get("type") != "ack"} == set()
        # The observers are still there and saw every acknowledged note.
        for observer in (watcher, member):
            await observer.send_json_to({"type": "ping", "ref": "alive"})
        seen: dict[str, set[str]] = {"watcher": set(), "member": set()}
        for name, observer in (("watcher", watcher), ("member", member)):
            while True:
                message = await observer.receive_json_from(timeout=20)
                if message.get("ref") == "alive":
                    break
                if message.get("event") == "note.created":
                    seen[name].add(message["data"]["note"]["id"])
                elif message.get("event") == "note.hidden":
                    seen[name].add("hidden")
        assert seen["member"] == acked
        assert seen["watcher"] == {"hidden"}  # notes hidden from a participant before the reveal
    stored = await db(lambda: {str(i) for i in Note.objects.values_list("id", flat=True)})()
    assert stored == acked
    assert len(acked) >= len(valid_refs)
