"""The board hub: one subscription per session per server process, fanned out to its sockets.

Every board event goes to the sockets of its session through the hub of each server process
rather than through one channel-layer subscription per socket: a process subscribes once per
session that has sockets open in it (a Redis pub/sub channel in production; nothing at all
embedded, where the process is the only one), decodes each message once, and hands it to its local
consumers, which send a frame encoded once per audience (visibility.encoded_for_viewer).

An event published in a process reaches that process's sockets at once, without the Redis round
trip, and the other processes through Redis (each skips its own messages). Redis pub/sub may lose
messages while a connection is down or reorder those of different publishers: the consumers put
events back in order and read missing ones from the database (board_stream.py), and after every
(re)subscription the hub asks them to catch up from the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import json
import logging
import uuid
import weakref
from typing import Any, Protocol

from django.conf import settings

logger = logging.getLogger(__name__)
SUBSCRIBE_WAIT_SECONDS = 2.0
RECONNECT_SECONDS = 0.5


class HubMember(Protocol):
    """What the hub needs of a socket: take a message, and catch up after a lost connection."""

    async def hub_message(self, message: dict[str, Any]) -> None: ...

    async def hub_catch_up(self) -> None: ...


def redis_url() -> str | None:
    """The Redis the hub publishes on (the channel layer's), or None embedded."""
    return getattr(settings, "REDIS_URL", None) or None


def channel_name(session_id: int) -> str:
    """The Redis channel of a session's board, under the channel layer's prefix."""
    config = settings.CHANNEL_LAYERS.get("default", {}).get("CONFIG", {})
    return f"{config.get('prefix', 'focusgroup')}:board-hub:{session_id}"


def _encode(origin: str, session_id: int, message: dict[str, Any]) -> str:
    """A message as published: its origin first, then a line break and the JSON, so that a
    process knows its own messages without decoding them."""
    body = json.dumps({"s": session_id, "m": message}, separators=(",", ":"))
    return f"{origin}\n{body}"


def _channel(raw: dict[str, Any]) -> str | None:
    channel = raw.get("channel")
    return channel.decode() if isinstance(channel, bytes) else channel


class BoardHub:
    """The hub of one event loop (one server process)."""

    def __init__(self, url: str | None) -> None:
        self.url = url
        self.origin = uuid.uuid4().hex
        self._own = f"{self.origin}\n".encode()
        self.local: dict[int, set[HubMember]] = {}
        self.confirmed: dict[str, asyncio.Event] = {}
        self._redis: Any = None
        self._pubsub: Any = None
        self._reader: asyncio.Task | None = None
        self._lock = asyncio.Lock()

    # Membership.

    async def join(self, session_id: int, member: HubMember) -> None:
        """Deliver the session's events to this member from now on (subscribed on return)."""
        members = self.local.setdefault(session_id, set())
        members.add(member)
        if self.url is None:
            return
        channel = channel_name(session_id)
        async with self._lock:
            if channel not in self.confirmed:
                self.confirmed[channel] = asyncio.Event()
                await self._subscriber()
                await self._pubsub.subscribe(channel)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.confirmed[channel].wait(), SUBSCRIBE_WAIT_SECONDS)

    async def leave(self, session_id: int, member: HubMember) -> None:
        members = self.local.get(session_id)
        if members is None:
            return
        members.discard(member)
        if members:
            return
        del self.local[session_id]
        if self.url is None:
            return
        channel = channel_name(session_id)
        async with self._lock:
            if session_id not in self.local and self.confirmed.pop(channel, None) is not None:
                with contextlib.suppress(Exception):
                    await self._pubsub.unsubscribe(channel)

    # Publishing and delivery.

    async def publish(self, session_id: int, message: dict[str, Any]) -> None:
        """Send a message to the session's sockets in every process: to Redis for the others
        (started first, so that they do not wait for this fan-out), and here directly."""
        remote = None
        if self.url is not None:
            remote = asyncio.create_task(self._publish_remote(session_id, message))
        await self.deliver(session_id, message)
        if remote is not None:
            await remote

    async def _publish_remote(self, session_id: int, message: dict[str, Any]) -> None:
        for attempt in range(3):
            try:
                await self._client().publish(
                    channel_name(session_id), _encode(self.origin, session_id, message)
                )
                return
            except Exception:
                if attempt == 2:
                    # The other processes' sockets fill the gap from the database at the next
                    # event, or when their subscription comes back.
                    logger.exception("Board hub: publishing to Redis failed")
                    return
                await asyncio.sleep(0.1 * (attempt + 1))

    async def deliver(self, session_id: int, message: dict[str, Any]) -> None:
        """Hand a message to the local sockets of its session, one after another."""
        for member in list(self.local.get(session_id, ())):
            try:
                await member.hub_message(message)
            except OSError:
                # The client went away while we sent (uvicorn's ClientDisconnected is an
                # OSError): its disconnect handler leaves the hub; nothing went wrong here.
                logger.debug("Board hub: a socket closed while its message was sent")
            except Exception:
                logger.exception("Board hub: delivery to a socket failed")

    # Redis.

    def _client(self) -> Any:
        if self._redis is None:
            import redis.asyncio as aioredis

            self._redis = aioredis.Redis.from_url(self.url, health_check_interval=30)
        return self._redis

    async def _subscriber(self) -> None:
        if self._pubsub is None:
            self._pubsub = self._client().pubsub()
        if self._reader is None or self._reader.done():
            self._reader = asyncio.create_task(self._read(), context=contextvars.Context())

    async def _read(self) -> None:
        """Receive every subscribed channel's messages; reconnect and catch up after a loss."""
        while True:
            try:
                if not self._pubsub.subscribed:
                    await asyncio.sleep(0.05)
                    continue
                raw = await self._pubsub.get_message(timeout=None)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("Board hub: Redis subscription lost; reconnecting.", exc_info=True)
                await asyncio.sleep(RECONNECT_SECONDS)
                with contextlib.suppress(Exception):
                    await self._pubsub.connect()  # re-subscribes every channel
                continue
            if raw is None:
                continue
            await self._on_redis(raw)

    async def _on_redis(self, raw: dict[str, Any]) -> None:
        kind = raw.get("type")
        if kind == "message":
            await self._on_message(raw)
            return
        channel = _channel(raw)
        if kind == "subscribe":
            confirmed = self.confirmed.get(channel)
            was_set = confirmed is not None and confirmed.is_set()
            if confirmed is not None:
                confirmed.set()
            if was_set:  # a re-subscription after a lost connection
                session_id = int(channel.rsplit(":", 1)[1])
                for member in list(self.local.get(session_id, ())):
                    with contextlib.suppress(Exception):
                        await member.hub_catch_up()

    async def _on_message(self, raw: dict[str, Any]) -> None:
        data = raw["data"]
        if data.startswith(self._own):
            return  # delivered locally when published
        try:
            body = json.loads(data.partition(b"\n")[2])
            session_id, message = int(body["s"]), body["m"]
        except (ValueError, TypeError, KeyError):
            logger.error("Board hub: unreadable message on %s", _channel(raw))
            return
        await self.deliver(session_id, message)

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
        with contextlib.suppress(Exception):
            if self._pubsub is not None:
                await self._pubsub.aclose()
            if self._redis is not None:
                await self._redis.aclose()


_hubs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, BoardHub] = weakref.WeakKeyDictionary()


def get_hub() -> BoardHub:
    """The hub of the running event loop (created on first use)."""
    loop = asyncio.get_running_loop()
    hub = _hubs.get(loop)
    if hub is None:
        hub = _hubs[loop] = BoardHub(redis_url())
    return hub


def publish_sync(session_id: int, message: dict[str, Any]) -> None:
    """Publish from outside any server's event loop (a command, a worker, a sync test)."""
    url = redis_url()
    if url is None:
        return  # embedded: no socket can be open outside the server process's loop
    import redis

    with redis.Redis.from_url(url) as client:
        client.publish(channel_name(session_id), _encode("sync", session_id, message))
