"""The load side of bench/ws_fanout.py: participant clients, the floor server, and the figures."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import random
import threading
import time
import uuid
from dataclasses import dataclass, field

import psutil
import websockets

QUIET = 4.0
DRAIN_MAX = 90.0


async def floor_server(port: int, database: str | None = None) -> None:
    """The floor: relay each note to every socket of the same room, nothing else. With a
    `database`, first store each note durably (one INSERT committed in autocommit, on a pool of
    two connections, as the app's event loop does): the least a board that keeps its notes does."""
    rooms: dict[str, set] = {}
    pool = None
    if database is not None:
        from psycopg_pool import AsyncConnectionPool

        pool = AsyncConnectionPool(database, kwargs={"autocommit": True}, min_size=2, open=False)
        await pool.open()
        async with pool.connection() as conn:
            await conn.execute(
                "CREATE TABLE IF NOT EXISTS bench_floor_note (id uuid PRIMARY KEY, room text,"
                " body text, created_at timestamptz NOT NULL DEFAULT now())"
            )

    async def handler(ws) -> None:
        room = rooms.setdefault(ws.request.path, set())
        room.add(ws)
        try:
            async for raw in ws:
                message = json.loads(raw)
                if message.get("type") == "sync":
                    await ws.send(json.dumps({"type": "synced", "last_seq": 0}))
                    continue
                if pool is not None:
                    async with pool.connection() as conn:
                        await conn.execute(
                            "INSERT INTO bench_floor_note (id, room, body) VALUES (%s, %s, %s)",
                            (message["id"], ws.request.path, message["text"]),
                        )
                out = json.dumps(
                    {"type": "event", "event": "note.created", "data": {"note": message}}
                )
                websockets.broadcast(room, out)
        finally:
            room.discard(ws)

    async with websockets.serve(handler, "127.0.0.1", port, max_queue=None):
        await asyncio.Future()


class Sampler(threading.Thread):
    """Peak RSS of a process, sampled every 100 ms."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.process = psutil.Process(pid)
        self.peak = 0
        self.running = True

    def run(self) -> None:
        while self.running:
            with contextlib.suppress(psutil.Error):
                self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(0.1)


# ---- Load ---------------------------------------------------------------------------------


@dataclass
class Tally:
    every: float  # seconds between one client's notes
    sent: dict[str, tuple[float, int, int]] = field(default_factory=dict)  # id -> (t, room, author)
    received: dict[tuple[str, int], int] = field(default_factory=dict)  # (id, client) -> count
    timed: list[tuple[float, float]] = field(default_factory=list)  # (received at, latency)
    acks: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # Notes sent before measure_from warm the servers up; their deliveries are kept apart.
    warmup_latencies: list[float] = field(default_factory=list)
    measure_from: float = 0.0
    stop_at: float = float("inf")
    last_received: float = 0.0


async def _synced(ws) -> int:
    """Sync a fresh socket; the id of the session's active statement."""
    await ws.send(json.dumps({"type": "sync", "last_seq": None}))
    statement_id = None
    while True:
        message = json.loads(await ws.recv())
        if message["type"] == "snapshot":
            statement_id = message["state"]["session"]["active_statement_id"]
        if message["type"] == "synced":
            return statement_id


def _count(message: dict, index: int, tally: Tally) -> None:
    """Tally one message received by client `index`: a note's delivery, an ack or an error."""
    if message.get("type") == "event" and message.get("event") == "note.created":
        now = time.perf_counter()
        note_id = message["data"]["note"]["id"]
        key = (note_id, index)
        tally.received[key] = tally.received.get(key, 0) + 1
        tally.last_received = now
        origin_info = tally.sent.get(note_id)
        if origin_info and origin_info[2] != index and tally.received[key] == 1:
            latency = now - origin_info[0]
            if origin_info[0] < tally.measure_from:
                tally.warmup_latencies.append(latency)
            else:
                tally.timed.append((now, latency))
    elif message.get("type") == "ack" and message.get("note"):
        origin_info = tally.sent.get(message["note"]["id"])
        if origin_info and origin_info[0] >= tally.measure_from:
            tally.acks.append(time.perf_counter() - origin_info[0])
    elif message.get("type") == "error":
        tally.errors.append(message.get("code", "?"))


async def _post_until_stop(ws, statement_id: int, index: int, room: int, tally: Tally) -> None:
    """Post a note every ~tally.every seconds until the load stops."""
    await asyncio.sleep(random.uniform(0, tally.every))
    while time.perf_counter() < tally.stop_at:
        note_id = str(uuid.uuid4())
        tally.sent[note_id] = (time.perf_counter(), room, index)
        note = {
            "type": "note.create",
            "id": note_id,
            "statement_id": statement_id,
            "level": "strongly_agree",
            "text": f"bench note from client {index}",
        }
        await ws.send(json.dumps(note))
        await asyncio.sleep(tally.every * random.uniform(0.9, 1.1))


async def client(
    url: str,
    origin: str,
    index: int,
    room: int,
    tally: Tally,
    go: asyncio.Event,
    connected: list[int],
) -> None:
    """One participant: sync, then post a note every ~tally.every seconds and time every note it
    receives."""
    async with websockets.connect(url, origin=origin, max_size=None, open_timeout=120) as ws:
        statement_id = await _synced(ws)
        connected.append(index)

        async def reader() -> None:
            async for raw in ws:
                _count(json.loads(raw), index, tally)

        reading = asyncio.create_task(reader())
        await go.wait()
        await _post_until_stop(ws, statement_id, index, room, tally)
        # Let the last notes arrive: until nothing came for QUIET seconds (at most DRAIN_MAX), so
        # that a note counted lost was never delivered, not merely late behind a backlog.
        end = time.perf_counter() + DRAIN_MAX
        while time.perf_counter() < end and time.perf_counter() - tally.last_received < QUIET:  # noqa: ASYNC110
            await asyncio.sleep(0.5)
        reading.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await reading


async def run_load(
    urls: list[tuple[str, int]],
    origin: str,
    seconds: float,
    warmup: float,
    on_start,
    every: float,
) -> Tally:
    """Connect every client, have each post a note every ~`every` seconds, load for `warmup`
    seconds, then for `seconds` measured ones; on_start() marks the measured window. The same
    warm-up for every server, the floors too: a note sent in it meets the server's one-time
    costs (its first notes, connections, plans), and with a note every few seconds a socket, the
    few slowest notes of a short run decide its p99."""
    # The clients' own full collections would stall every client at once, the longer the more
    # this process holds (Django, earlier runs): what is here already is left out of them.
    gc.collect()
    gc.freeze()
    tally = Tally(every=every)
    go = asyncio.Event()
    connected: list[int] = []
    tasks = []
    for index, (url, room) in enumerate(urls):
        tasks.append(asyncio.create_task(client(url, origin, index, room, tally, go, connected)))
        if index % 10 == 9:
            await asyncio.sleep(0.05)
    while len(connected) < len(urls):
        for task in tasks:
            if task.done() and task.exception():
                raise task.exception()
        await asyncio.sleep(0.05)
    tally.measure_from = time.perf_counter() + warmup
    tally.stop_at = tally.measure_from + seconds
    asyncio.get_running_loop().call_later(warmup, on_start)
    go.set()
    await asyncio.gather(*tasks)
    return tally


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def _ms(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def summarise(tally: Tally, rooms: dict[int, list[int]]) -> dict:
    """Latency percentiles (ms), lost and duplicated deliveries to the other clients of a room."""
    lost = duplicated = expected = 0
    for note_id, (_t, room, author) in tally.sent.items():
        for member in rooms[room]:
            if member == author:
                continue
            expected += 1
            count = tally.received.get((note_id, member), 0)
            lost += count == 0
            duplicated += max(0, count - 1)
    ms = [lat * 1000 for _at, lat in tally.timed]
    timed = sorted(tally.timed)
    middle = (timed[0][0] + timed[-1][0]) / 2 if timed else 0
    first = [lat * 1000 for at, lat in timed if at <= middle]
    second = [lat * 1000 for at, lat in timed if at > middle]
    return {
        "notes": len(tally.sent),
        "deliveries": expected,
        "p50_ms": _ms(percentile(ms, 50)),
        "p95_ms": _ms(percentile(ms, 95)),
        "p99_ms": _ms(percentile(ms, 99)),
        "ack_p50_ms": _ms(percentile([x * 1000 for x in tally.acks], 50)),
        "ack_p95_ms": _ms(percentile([x * 1000 for x in tally.acks], 95)),
        "ack_p99_ms": _ms(percentile([x * 1000 for x in tally.acks], 99)),
        # A growing backlog shows as a later half slower than the first.
        "p99_first_half_ms": _ms(percentile(first, 99)),
        "p99_second_half_ms": _ms(percentile(second, 99)),
        "lost": lost,
        "duplicated": duplicated,
        "errors": len(tally.errors),
        "warmup_deliveries": len(tally.warmup_latencies),
        "warmup_p99_ms": _ms(percentile([x * 1000 for x in tally.warmup_latencies], 99)),
    }
