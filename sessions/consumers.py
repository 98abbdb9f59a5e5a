"""The live board's WebSocket: one consumer per browser, filtering every event for its viewer.

Permission is checked in connect (a refused socket is accepted, then closed with 4403); client
mistakes are answered with an ``error`` message and the socket stays open. The protocol is in
docs/websocket-protocol.md.
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

from . import selectors, services
from .consumer_support import RATE_CAPACITY, RATE_PER_SECOND, TokenBucket, identify
from .errors import BoardError, require_fields
from .events import group_name, note_data
from .models import Session
from .visibility import BoardRules, Viewer, encoded_for_viewer, rules_after

MAX_MESSAGE_BYTES = 16 * 1024
PARTICIPANT_OPS = frozenset({"note.create", "note.edit", "note.move", "note.delete"})
MODERATOR_OPS = frozenset(
    {"step.set", "board.lock", "note.highlight", "note.flag", "participant.remove"}
)
CLOSE_FORBIDDEN = 4403
logger = logging.getLogger(__name__)
GAP_WAIT_SECONDS = 0.2
# Writes run in a small pool of their own rather than Channels' single ORM thread, so that boards
# of different sessions write in parallel (writes of one session still queue on its row lock).
_WRITERS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="board-write")


def _write(func: Any) -> Any:
    return DatabaseSyncToAsync(func, thread_sensitive=False, executor=_WRITERS)


class BoardConsumer(AsyncJsonWebsocketConsumer):
    """A browser on one session's board (participant or study member)."""

    viewer: Viewer
    rules: BoardRules

    async def connect(self) -> None:
        self.session_id = int(self.scope["url_route"]["kwargs"]["session_id"])
        self.last_seq: int | None = None
        self.early: dict[int, dict[str, Any]] = {}
        self.gap_task: asyncio.Task | None = None
        self.write_lock = asyncio.Lock()  # FIFO: a browser's writes keep their order
        self.writes: set[asyncio.Task] = set()
        self.joined = False
        self.removed = False  # told it was removed: nothing more is sent
        found = await database_sync_to_async(identify)(self.scope, self.session_id)
        if found is None:
            # Accepted, then closed with the code: a refusal before accept reaches the browser as
            # a failed handshake (1006), which it cannot tell from a network failure.
            await self.accept()
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.viewer, self.participant, self.rules = found
        self.bucket = TokenBucket()
        self.limited_notice_at = 0.0
        self.online: dict[int, set[str]] = {}
        self.group = group_name(self.session_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        self.joined = True
        await self.accept()
        if self.viewer.participant_id is not None:
            await self._announce(online=True)
        else:
            await self.channel_layer.group_send(self.group, {"type": "board.presence_query"})

    async def dispatch(self, message: dict[str, Any]) -> None:
        """Channels' dispatch, without its close_old_connections before every message.

        Channels runs that in Django's single thread-sensitive thread and waits for it, so every
        event delivered to every socket of the process queued for that one thread: with 100
        sockets on a board, a note meant 99 hops through it in a row (the tail of the fan-out
        in bench/ws_fanout.py). This consumer touches the database only through
        database_sync_to_async and _write, which close old connections in their own thread,
        before and after each call.
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
        if self.viewer.participant_id is not None:
            await self._announce(online=False)
        await self.channel_layer.group_discard(self.group, self.channel_name)

    # Messages from the browser.

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if not self.bucket.take():
            now = time.monotonic()
            if now - self.limited_notice_at >= 1:
                self.limited_notice_at = now
                await self._error(
                    BoardError(
                        "rate_limited",
                        f"Too many messages: at most {RATE_PER_SECOND:g} a second "
                        f"(bursts of {RATE_CAPACITY}); this one was dropped.",
                    )
                )
            return
        raw = text_data if text_data is not None else (bytes_data or b"").decode("utf-8", "replace")
        if len(raw.encode("utf-8")) > MAX_MESSAGE_BYTES:
            await self._error(
                BoardError("too_large", f"A message holds at most {MAX_MESSAGE_BYTES} bytes.")
            )
            return
        try:
            message = json.loads(raw)
        except ValueError as exc:
            await self._error(BoardError("bad_json", f"The message is not valid JSON: {exc}."))
            return
        if not isinstance(message, dict):
            await self._error(BoardError("bad_json", "A message must be a JSON object."))
            return
        ref = message.get("ref")
        try:
            await self._dispatch(message)
        except BoardError as error:
            await self._error(error, ref)

    async def _dispatch(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if not isinstance(kind, str) or not kind:
            raise BoardError("missing_field", "Every message needs a 'type'.", field="type")
        handler = HANDLERS.get(kind)
        if handler is None:
            raise BoardError("unknown_type", f"Unknown message type '{kind}'.", field="type")
        if kind in PARTICIPANT_OPS and self.viewer.participant_id is None:
            raise BoardError("forbidden", "Only participants write notes.")
        if kind in MODERATOR_OPS and not self.viewer.can_run:
            raise BoardError("forbidden", f"Only the session's moderators can send '{kind}'.")
        if kind in PARTICIPANT_OPS or kind in MODERATOR_OPS:
            # Writes run beside the socket, one at a time in arrival order, so that events keep
            # reaching this browser while its own write waits for the database.
            task = asyncio.create_task(self._write_in_order(handler, message))
            self.writes.add(task)
            task.add_done_callback(self.writes.discard)
            return
        await handler(self, message)

    async def _write_in_order(self, handler: Any, message: dict[str, Any]) -> None:
        async with self.write_lock:
            try:
                await handler(self, message)
            except BoardError as error:
                await self._error(error, message.get("ref"))
            except Exception:
                # The browser keeps the operation and resends it after reconnecting.
                logger.exception("Board write failed: %s", message.get("type"))

    async def _error(self, error: BoardError, ref: Any = None) -> None:
        await self.send_json(error.as_message(ref))

    async def _ack(self, message: dict[str, Any], **extra: Any) -> None:
        body = {"type": "ack", "op": message["type"], **extra}
        if message.get("ref") is not None:
            body["ref"] = message["ref"]
        await self.send_json(body)

    async def on_ping(self, message: dict[str, Any]) -> None:
        await self.send_json({"type": "pong", "ref": message.get("ref")})

    async def on_sync(self, message: dict[str, Any]) -> None:
        last = message.get("last_seq")
        if last is not None and (isinstance(last, bool) or not isinstance(last, int) or last < 0):
            raise BoardError(
                "invalid_field", "'last_seq' must be a whole number or null.", field="last_seq"
            )
        if not await self._still_allowed():
            return
        events = None
        if last is not None:
            events = await database_sync_to_async(selectors.events_after)(
                self.session_id, last, self.viewer
            )
        if events is None:
            state = await database_sync_to_async(selectors.board_state)(
                self.session_id, self.viewer
            )
            self.rules.revealed = set(state["session"]["revealed"])
            self.last_seq = state["session"]["last_seq"]
            await self.send_json({"type": "snapshot", "state": state})
        else:
            for event in events:
                if self._removes_me(event):
                    await self._close_removed()
                    return
                rules_after(event, self.rules)
                await self.send_json(event)
            self.last_seq = events[-1]["seq"] if events else last
        await self.send_json({"type": "synced", "last_seq": self.last_seq})
        await self._drain()

    async def on_note(self, message: dict[str, Any]) -> None:
        kind = message["type"]
        fields = {
            "note.create": ("id", "statement_id", "level", "text"),
            "note.edit": ("note_id", "text", "base_version"),
            "note.move": ("note_id", "level", "base_version"),
            "note.delete": ("note_id", "base_version"),
        }[kind]
        args = _required(message, fields)
        service = {
            "note.create": services.note_create,
            "note.edit": services.note_edit,
            "note.move": services.note_move,
            "note.delete": services.note_delete,
        }[kind]
        if kind == "note.create":
            args["note_id"] = args.pop("id")
        result = await _write(_call)(service, participant=self.participant, **args)
        await self._ack(message, note=note_data(result.note), duplicate=result.duplicate)

    async def on_step(self, message: dict[str, Any]) -> None:
        args = _required(message, ("statement_id", "step"))
        duration = message.get("duration_seconds")
        if duration is not None and (isinstance(duration, bool) or not isinstance(duration, int)):
            raise BoardError(
                "invalid_field",
                "'duration_seconds' must be a whole number.",
                field="duration_seconds",
            )
        if isinstance(args["statement_id"], bool) or not isinstance(args["statement_id"], int):
            raise BoardError(
                "invalid_field", "'statement_id' must be an integer.", field="statement_id"
            )
        event = await _write(_call)(
            services.session_step_set,
            session=Session(pk=self.session_id),
            statement=args["statement_id"],
            step=args["step"],
            actor=self.scope.get("user"),
            duration_seconds=duration,
        )
        await self._ack(message, seq=event.seq)

    async def on_lock(self, message: dict[str, Any]) -> None:
        locked = _required(message, ("locked",))["locked"]
        if not isinstance(locked, bool):
            raise BoardError("invalid_field", "'locked' must be true or false.", field="locked")
        event = await _write(_call)(
            services.session_lock_set,
            session=Session(pk=self.session_id),
            locked=locked,
            actor=self.scope.get("user"),
        )
        await self._ack(message, seq=event.seq)

    async def on_highlight(self, message: dict[str, Any]) -> None:
        if "note_id" not in message:
            raise BoardError("missing_field", "'note.highlight' needs 'note_id'.", field="note_id")
        event = await _write(_call)(
            services.note_highlight,
            session=Session(pk=self.session_id),
            note_id=_uuid_or_none(message["note_id"]),
            actor=self.scope.get("user"),
        )
        await self._ack(message, seq=event.seq)

    async def on_flag(self, message: dict[str, Any]) -> None:
        args = _required(message, ("note_id",))
        unclear = message.get("unclear", True)
        if not isinstance(unclear, bool):
            raise BoardError("invalid_field", "'unclear' must be true or false.", field="unclear")
        event = await _write(_call)(
            services.note_flag,
            session=Session(pk=self.session_id),
            note_id=_uuid_or_none(args["note_id"]),
            unclear=unclear,
            actor=self.scope.get("user"),
        )
        await self._ack(message, seq=event.seq)

    async def on_remove(self, message: dict[str, Any]) -> None:
        participant_id = _required(message, ("participant_id",))["participant_id"]
        if isinstance(participant_id, bool) or not isinstance(participant_id, int):
            raise BoardError(
                "invalid_field", "'participant_id' must be an integer.", field="participant_id"
            )
        await _write(_call)(
            services.participant_remove,
            session=Session(pk=self.session_id),
            participant_id=participant_id,
        )
        await self._ack(message)

    # Messages from the channel layer.

    async def board_event(self, message: dict[str, Any]) -> None:
        event = message["event"]
        if self.removed:
            return
        if self._removes_me(event):
            # At once, synced or not: a removed participant's socket receives nothing more.
            await self._close_removed()
            return
        if self.last_seq is None or event["seq"] <= self.last_seq:
            return  # not synced yet (the sync reads it from the database), or already sent
        self.early[event["seq"]] = event
        await self._drain()
        if self.early and self.gap_task is None:
            # An earlier event is still on its way (broadcasts of one session can overtake each
            # other): wait a moment for it, then read it from the database, where it is committed.
            self.gap_task = asyncio.create_task(self._fill_gap_later())

    async def _drain(self) -> None:
        for seq in [s for s in self.early if s <= self.last_seq]:
            del self.early[seq]
        while self.last_seq + 1 in self.early:
            if not await self._deliver(self.early.pop(self.last_seq + 1)):
                return

    async def _fill_gap_later(self) -> None:
        try:
            await asyncio.sleep(GAP_WAIT_SECONDS)
            if self.early:
                logger.warning(
                    "Board %s: event %s missing after %ss; reading it from the database.",
                    self.session_id,
                    self.last_seq + 1,
                    GAP_WAIT_SECONDS,
                )
                missing = await database_sync_to_async(selectors.events_between)(
                    self.session_id, self.last_seq, min(self.early)
                )
                for event in missing:
                    self.early.setdefault(event["seq"], event)
                await self._drain()
        finally:
            self.gap_task = None

    async def _deliver(self, event: dict[str, Any]) -> bool:
        rules_after(event, self.rules)
        if self.removed or self._removes_me(event):
            await self._close_removed()
            return False
        await self.send(
            text_data=encoded_for_viewer(self.session_id, event, self.viewer, self.rules)
        )
        self.last_seq = event["seq"]
        return True

    def _removes_me(self, event: dict[str, Any]) -> bool:
        return (
            event["event"] == "participant.removed"
            and self.viewer.participant_id is not None
            and event["data"]["participant_id"] == self.viewer.participant_id
        )

    async def _close_removed(
        self, text: str = "The moderator removed you from the session."
    ) -> None:
        if self.removed:
            return
        self.removed = True
        self.early.clear()
        await self._error(BoardError("removed", text))
        await self.close(code=CLOSE_FORBIDDEN)

    async def _still_allowed(self) -> bool:
        """A participant's token is checked again on every sync: a participant removed, or whose
        link was replaced, since the socket opened is told and disconnected."""
        if self.removed:
            return False
        if self.participant is None:
            return True
        current = await database_sync_to_async(selectors.participant_for_token)(
            self.session_id, self.participant.access_token
        )
        if current is None:
            await self._close_removed("You can no longer use this board: ask your moderator.")
            return False
        return True

    async def study_rules_changed(self, message: dict[str, Any]) -> None:
        """The study's reveal policy or code visibility changed: reload the rules, and give a
        participant's synced socket a fresh snapshot under them (later events follow them)."""
        if self.removed:
            return
        self.rules = await database_sync_to_async(selectors.session_rules)(self.session_id)
        if self.viewer.participant_id is not None and self.last_seq is not None:
            await self.on_sync({"type": "sync", "last_seq": None})

    async def _announce(self, *, online: bool) -> None:
        await self.channel_layer.group_send(
            self.group,
            {
                "type": "board.presence",
                "participant_id": self.viewer.participant_id,
                "channel": self.channel_name,
                "online": online,
            },
        )

    async def board_presence(self, message: dict[str, Any]) -> None:
        if not self.viewer.is_staff:
            return
        channels = self.online.setdefault(message["participant_id"], set())
        if message["online"]:
            channels.add(message["channel"])
        else:
            channels.discard(message["channel"])
        online = sorted(pid for pid, chans in self.online.items() if chans)
        await self.send_json({"type": "presence", "online": online})

    async def board_presence_query(self, message: dict[str, Any]) -> None:
        if self.viewer.participant_id is not None:
            await self._announce(online=True)


HANDLERS = {
    "ping": BoardConsumer.on_ping,
    "sync": BoardConsumer.on_sync,
    "note.create": BoardConsumer.on_note,
    "note.edit": BoardConsumer.on_note,
    "note.move": BoardConsumer.on_note,
    "note.delete": BoardConsumer.on_note,
    "step.set": BoardConsumer.on_step,
    "board.lock": BoardConsumer.on_lock,
    "note.highlight": BoardConsumer.on_highlight,
    "note.flag": BoardConsumer.on_flag,
    "participant.remove": BoardConsumer.on_remove,
}


def _required(message: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return require_fields(message, fields, message["type"])


def _uuid_or_none(value: Any) -> Any:
    import uuid

    if value is None:
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise BoardError("invalid_field", "'note_id' must be a UUID.", field="note_id") from None


def _call(service: Any, **kwargs: Any) -> Any:
    return service(**kwargs)
