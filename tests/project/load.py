"""Board participants as a browser behaves, posting notes over a real WebSocket.

Each waits for the ack of each note, and after any failure (server restarted, Redis gone, no
answer) reconnects and sends the notes not yet acknowledged again, with the same ids, so that the
server stores each exactly once."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from dataclasses import dataclass, field

import websockets

ACK_WAIT = 15.0  # as patient as a browser's outbox: an overloaded server is slow, not gone
SYNC_WAIT = 30.0
PACE = 0.12  # seconds between notes: under the board's 10 messages a second per socket


@dataclass
class Participant:
    url: str
    origin: str
    notes: int
    ids: list[str] = field(default_factory=list)
    acked: set[str] = field(default_factory=set)
    refused: set[str] = field(default_factory=set)
    duplicates: int = 0  # acks of a resend ("duplicate": true), expected after faults
    reconnects: int = 0
    errors: list[str] = field(default_factory=list)
    ack_times: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.ids = [str(uuid.uuid4()) for _ in range(self.notes)]


async def _synced(ws) -> int:
    """Sync from scratch; the active statement's id."""
    await ws.send(json.dumps({"type": "sync", "last_seq": None}))
    statement_id = None
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), SYNC_WAIT))
        if message["type"] == "snapshot":
            statement_id = message["state"]["session"]["active_statement_id"]
        elif message["type"] == "synced":
            return statement_id


async def _post(ws, participant: Participant, note_id: str, statement_id: int) -> bool:
    """Send one note and wait for its answer; False only when it must be sent again (rate
    limited); a refusal is recorded in participant.errors."""
    sent = time.perf_counter()
    await ws.send(
        json.dumps(
            {
                "type": "note.create",
                "id": note_id,
                "ref": note_id,
                "statement_id": statement_id,
                "level": "strongly_agree",
                "text": f"Soak note {note_id[:8]}",
            }
        )
    )
    deadline = time.monotonic() + ACK_WAIT
    while time.monotonic() < deadline:
        raw = await asyncio.wait_for(ws.recv(), max(deadline - time.monotonic(), 0.01))
        message = json.loads(raw)
        if message.get("ref") != note_id:
            continue  # other participants' events
        if message["type"] == "ack":
            participant.acked.add(note_id)
            participant.duplicates += bool(message.get("duplicate"))
            participant.ack_times.append(time.perf_counter() - sent)
            return True
        if message["type"] == "error":
            if message.get("code") == "rate_limited":
                await asyncio.sleep(1)
                return False
            participant.errors.append(message.get("code", "?"))
            participant.refused.add(note_id)  # answered: not sent again
            return True
    raise TimeoutError(f"no answer to note {note_id} within {ACK_WAIT} s")


async def run_participant(participant: Participant, deadline: float) -> Participant:
    """Post every note until each is acknowledged or the deadline passes."""
    while (
        len(participant.acked) + len(participant.refused) < participant.notes
        and time.monotonic() < deadline
    ):
        try:
            async with websockets.connect(
                participant.url, origin=participant.origin, open_timeout=30, close_timeout=2
            ) as ws:
                statement_id = await _synced(ws)
                for note_id in participant.ids:
                    if note_id in participant.acked or note_id in participant.refused:
                        continue
                    while not await _post(ws, participant, note_id, statement_id):
                        if time.monotonic() > deadline:
                            return participant
                    await asyncio.sleep(PACE)
        except (OSError, TimeoutError, websockets.WebSocketException):
            participant.reconnects += 1
            await asyncio.sleep(0.5)
    return participant


async def run_board(participants: list[Participant], seconds: float) -> list[Participant]:
    deadline = time.monotonic() + seconds
    return await asyncio.gather(*(run_participant(p, deadline) for p in participants))


def board_in_thread(participants: list[Participant], seconds: float):
    """Run the participants in a thread of their own; join() it, then read them."""
    import threading

    failures: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(run_board(participants, seconds))
        except BaseException as exc:  # reported by the caller through thread.failures
            failures.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.failures = failures
    thread.start()
    return thread


def board_urls(port: int, session_id: int, tokens: list[str]) -> list[str]:
    return [f"ws://127.0.0.1:{port}/ws/sessions/{session_id}/board/?token={t}" for t in tokens]
