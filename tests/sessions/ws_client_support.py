"""A board client over a real WebSocket, for tests of real servers.

It uses the `websockets` library, keeps every frame and builds the board from them as
static/js/board.js does."""

from __future__ import annotations

import asyncio
import json
import uuid

import websockets

from sessions.models import Session


class Client:
    """A board socket that keeps every frame and builds the board as board.js does."""

    def __init__(self, name: str, url: str, origin: str, headers: dict | None = None) -> None:
        self.name, self.url, self.origin, self.headers = name, url, origin, headers or {}
        self.frames: list[dict] = []
        self.notes: dict[str, dict] = {}
        self.highlighted = None
        self.last_seq = 0
        self.answers: dict[str, dict] = {}

    async def open(self) -> None:
        self.ws = await websockets.connect(
            self.url, origin=self.origin, additional_headers=self.headers, open_timeout=30
        )
        await self.ws.send(json.dumps({"type": "sync", "last_seq": None}))
        self.reader = asyncio.create_task(self.read())

    async def read(self) -> None:
        async for raw in self.ws:
            message = json.loads(raw)
            self.frames.append(message)
            if message["type"] == "snapshot":
                state = message["state"]
                self.notes = {n["id"]: n for n in state["notes"]}
                self.highlighted = state["session"]["highlighted_note_id"]
                self.last_seq = state["session"]["last_seq"]
                self.me = state["me"]
            elif message["type"] == "event":
                assert message["seq"] == self.last_seq + 1, (self.name, message, self.last_seq)
                self.last_seq = message["seq"]
                self.apply(message)
            elif message.get("ref") is not None:
                self.answers[message["ref"]] = message

    def apply(self, event: dict) -> None:
        data = event["data"]
        if event["event"] in {"note.created", "note.edited", "note.moved", "note.flagged"}:
            self.notes[data["note"]["id"]] = data["note"]
        elif event["event"] == "note.deleted":
            self.notes.pop(data["note"]["id"], None)
        elif event["event"] == "step.set":
            for note in data.get("notes") or ():
                self.notes[note["id"]] = note
        elif event["event"] == "note.highlighted":
            self.highlighted = data["note_id"]

    async def call(self, message: dict) -> dict:
        ref = str(uuid.uuid4())
        await self.ws.send(json.dumps({**message, "ref": ref}))
        for _ in range(300):
            if ref in self.answers:
                answer = self.answers.pop(ref)
                assert answer["type"] == "ack", answer
                return answer
            await asyncio.sleep(0.05)
        raise AssertionError(f"{self.name}: no answer to {message}")

    def board(self) -> dict:
        return {i: (n["text"], n["level"], n["version"]) for i, n in self.notes.items()}


def last_seq(session_id: int) -> int:
    return Session.objects.get(pk=session_id).last_seq


async def wait_for_seq(clients: list[Client], seq: int) -> None:
    for _ in range(400):
        if all(c.last_seq >= seq for c in clients):
            return
        await asyncio.sleep(0.05)
    raise AssertionError({c.name: c.last_seq for c in clients})
