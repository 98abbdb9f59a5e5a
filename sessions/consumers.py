"""The live board's WebSocket: one consumer per browser, a thin adapter over the board's parts.

Permission is checked in connect (a refused socket is accepted, then closed with 4403, so
that the browser can tell a refusal from a network failure). Every
message gets an answer: an ``ack``, the replay of a ``sync``, a ``pong``, or an ``error`` with a
code, for client mistakes and for failures of the server alike, and the socket stays open. What
reaches the browser and in which order is in board_stream.py, presence in board_presence.py, the
write operations in board_commands.py; events arrive through the process's hub (hub.py). The
protocol is in docs/websocket-protocol.md.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from channels.consumer import get_handler_name
from channels.db import DatabaseSyncToAsync, database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from . import board_commands, note_loop
from .board_presence import BoardPresence
from .board_stream import CLOSE_FORBIDDEN, BoardStream
from .consumer_support import DIRECT_SEND, RATE_CAPACITY, RATE_PER_SECOND, SocketRate, identify
from .errors import BoardError
from .events import group_name
from .hub import get_hub
from .visibility import BoardRules, Viewer

MAX_MESSAGE_BYTES = 16 * 1024
MAX_DEPTH = 16  # levels of nested objects and arrays in a message
logger = logging.getLogger(__name__)
# Writes run in a small pool of their own rather than Channels' single ORM thread, so that boards
# of different sessions write in parallel (writes of one session still queue on its row lock).
_WRITERS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="board-write")
_execute = DatabaseSyncToAsync(board_commands.execute, thread_sensitive=False, executor=_WRITERS)
SERVER_ERROR = gettext_noop("The server could not do this now (it is logged); try again.")


class BoardConsumer(BoardStream, BoardPresence, AsyncJsonWebsocketConsumer):
    """A browser on one session's board (participant or study member)."""

    viewer: Viewer
    rules: BoardRules

    async def connect(self) -> None:
        # Frames go straight to the server (consumer_support.DirectSend), where it put its send.
        self.base_send = self.scope.get(DIRECT_SEND, self.base_send)
        self.session_id = int(self.scope["url_route"]["kwargs"]["session_id"])
        self.init_stream()
        self.init_presence()
        self.write_lock = asyncio.Lock()  # FIFO: a browser's writes keep their order
        self.writes: set[asyncio.Task] = set()
        self.joined = False
        found = await database_sync_to_async(identify)(self.scope, self.session_id)
        if found is None:
            # Accepted, then closed with the code: a refusal before accept reaches the browser as
            # a failed handshake (1006), which it cannot tell from a network failure.
            await self.accept()
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.viewer, self.participant, self.rules = found
        self.actor = board_commands.Actor(
            session_id=self.session_id,
            participant=self.participant,
            user=self.scope.get("user") if self.participant is None else None,
            can_run=self.viewer.can_run,
        )
        self.bucket = SocketRate(self.actor)
        self.limited_notice_at = 0.0
        self.group = group_name(self.session_id)
        self.hub = get_hub()
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.hub.join(self.session_id, self)
        self.joined = True
        if self.participant is not None and note_loop.enabled():
            await note_loop.connection_pool()  # opened (in the background) before the first note
        await self.accept()
        await self.presence_opened()

    async def dispatch(self, message: dict[str, Any]) -> None:
        """Channels' dispatch, without its close_old_connections before every message.

        Channels runs that in Django's single thread-sensitive thread and waits for it, so every
        message to every socket of the process would queue for that one thread. This consumer
        touches the database only through database_sync_to_async and the writers' pool, which
        close old connections in their own thread, before and after each call.
        """
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def disconnect(self, code: int) -> None:
        if self.gap_task is not None:
            self.gap_task.cancel()
        if not self.joined:
            return
        self.bucket.close()
        await self.hub.leave(self.session_id, self)
        await self.presence_closed()
        await self.channel_layer.group_discard(self.group, self.channel_name)

    # Messages from the browser.

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        message = await self._parse(text_data, bytes_data)
        if message is None:
            return
        ref = message.get("ref")
        try:
            await self._dispatch(message)
        except BoardError as error:
            await self._error(error, ref)
        except Exception:
            logger.exception("Board message failed: %r", message.get("type"))
            await self._error(BoardError("server_error", _(SERVER_ERROR)), ref)

    async def _parse(self, text_data: str | None, bytes_data: bytes | None) -> dict | None:
        """The message as an object, or None after answering why it is refused."""
        if not await self.bucket.take():
            now = time.monotonic()
            if now - self.limited_notice_at >= 1:
                self.limited_notice_at = now
                await self._error(
                    BoardError(
                        "rate_limited",
                        _(
                            "Too many messages: at most %(rate)s a second "
                            "(bursts of %(burst)s); this one was dropped."
                        )
                        % {"rate": f"{RATE_PER_SECOND:g}", "burst": RATE_CAPACITY},
                    )
                )
            return None
        raw = text_data if text_data is not None else (bytes_data or b"").decode("utf-8", "replace")
        if len(raw) > MAX_MESSAGE_BYTES or len(raw.encode("utf-8", "surrogatepass")) > (
            MAX_MESSAGE_BYTES
        ):
            await self._error(
                BoardError(
                    "too_large",
                    _("A message holds at most %(max)s bytes.") % {"max": MAX_MESSAGE_BYTES},
                )
            )
            return None
        try:
            message = json.loads(raw)
        except RecursionError:
            message = None  # nested deeper than the parser goes: refused below
        except ValueError as exc:
            await self._error(
                BoardError(
                    "bad_json", _("The message is not valid JSON: %(error)s.") % {"error": exc}
                )
            )
            return None
        if message is None or _too_deep(message):
            await self._error(
                BoardError(
                    "bad_json",
                    _("A message nests at most %(max)s levels deep.") % {"max": MAX_DEPTH},
                )
            )
            return None
        if not isinstance(message, dict):
            await self._error(BoardError("bad_json", _("A message must be a JSON object.")))
            return None
        return message

    async def _dispatch(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if not isinstance(kind, str) or not kind:
            raise BoardError("missing_field", _("Every message needs a 'type'."), field="type")
        if kind == "ping":
            await self.send_json({"type": "pong", "ref": message.get("ref")})
        elif kind == "sync":
            await self.on_sync(message)
        elif kind == "typing":
            await self.on_typing(message)
        elif kind == "presence.subscribe":
            await self.on_presence_subscribe(message)
        elif kind in board_commands.COMMANDS:
            board_commands.authorize(kind, self.actor)
            # Writes run beside the socket, one at a time in arrival order, so that events keep
            # reaching this browser while its own write waits for the database.
            task = asyncio.create_task(self._write_in_order(kind, message))
            self.writes.add(task)
            task.add_done_callback(self.writes.discard)
            # Started after the write, so that it runs while the write waits for the database.
            self.bucket.lease_next()
        else:
            raise BoardError(
                "unknown_type", _("Unknown message type '%(type)s'.") % {"type": kind}, field="type"
            )

    async def _write_in_order(self, kind: str, message: dict[str, Any]) -> None:
        ref = message.get("ref")
        async with self.write_lock:
            try:
                result = None
                if kind == "note.create" and note_loop.enabled():
                    result = await note_loop.create(self.actor, message)
                if result is None:
                    result = await _execute(kind, self.actor, message)
            except BoardError as error:
                await self._error(error, ref)
                return
            except Exception:
                # Never silence: the browser's outbox waits for an answer to each operation.
                logger.exception("Board write failed: %s", kind)
                await self._error(BoardError("server_error", _(SERVER_ERROR)), ref)
                return
            body = {"type": "ack", "op": kind, **result}
            if ref is not None:
                body["ref"] = ref
            await self.send_json(body)

    async def _error(self, error: BoardError, ref: Any = None) -> None:
        await self.send_json(error.as_message(ref))


def _too_deep(value: Any) -> bool:
    """True when objects and arrays nest deeper than MAX_DEPTH (checked without recursion)."""
    stack = [(value, 1)] if isinstance(value, dict | list) else []
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))
    return False
