"""Sequencing and replay of a board socket: every event once, in order, filtered for its viewer.

The browser syncs from its last sequence number (a replay from the database, or a snapshot past
500 behind); live events from the hub are then sent in order: an event that overtook an earlier
one waits for it a moment, then the missing ones are read from the database, where they are
committed. After the hub's Redis subscription comes back, the socket catches up the same way.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from channels.db import database_sync_to_async
from django.utils.translation import gettext as _

from . import selectors
from .errors import BoardError
from .visibility import BoardRules, Viewer, encoded_for_viewer, rules_after

logger = logging.getLogger(__name__)
GAP_WAIT_SECONDS = 0.2
CLOSE_FORBIDDEN = 4403


class BoardStream:
    """Mixin of the board consumer: what reaches the browser, and in which order."""

    session_id: int
    viewer: Viewer
    rules: BoardRules
    participant: Any

    def init_stream(self) -> None:
        self.last_seq: int | None = None
        self.early: dict[int, dict[str, Any]] = {}
        self.gap_task: asyncio.Task | None = None
        self.removed = False  # told it was removed: nothing more is sent

    async def on_sync(self, message: dict[str, Any]) -> None:
        last = message.get("last_seq")
        if last is not None and (isinstance(last, bool) or not isinstance(last, int) or last < 0):
            raise BoardError(
                "invalid_field",
                _("'%(field)s' must be a whole number or null.") % {"field": "last_seq"},
                field="last_seq",
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
            self.rules.sealed = {int(k): v for k, v in state["session"]["sealed"].items()}
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

    # From the hub.

    async def hub_message(self, message: dict[str, Any]) -> None:
        if message["type"] == "board.event":
            await self.board_event(message)
        elif message["type"] == "study.rules_changed":
            await self.study_rules_changed(message)

    async def hub_catch_up(self) -> None:
        """Read what may have been published while the hub's subscription was down."""
        if self.last_seq is not None and not self.removed and self.gap_task is None:
            self.gap_task = asyncio.create_task(self._fill_gap_later(wait=0, catch_up=True))

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
        if self.last_seq is None:
            return
        for seq in [s for s in self.early if s <= self.last_seq]:
            del self.early[seq]
        while self.last_seq + 1 in self.early:
            if not await self._deliver(self.early.pop(self.last_seq + 1)):
                return

    async def _fill_gap_later(self, wait: float | None = None, catch_up: bool = False) -> None:
        """Read missing events from the database: those before the earliest waiting one, or
        (catch_up) every event after the last one sent; `wait` is GAP_WAIT_SECONDS unless given."""
        if wait is None:
            wait = GAP_WAIT_SECONDS  # read when the wait starts, so that a test can set it
        try:
            await asyncio.sleep(wait)
            if catch_up or self.early:
                before = None if catch_up else min(self.early)
                if before is not None:
                    logger.warning(
                        "Board %s: event %s missing after %ss; reading it from the database.",
                        self.session_id,
                        self.last_seq + 1,
                        wait,
                    )
                missing = await database_sync_to_async(selectors.events_between)(
                    self.session_id, self.last_seq, before
                )
                for event in missing:
                    self.early.setdefault(event["seq"], event)
                await self._drain()
        finally:
            self.gap_task = None
        if self.early and not self.removed:
            self.gap_task = asyncio.create_task(self._fill_gap_later())

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

    async def _close_removed(self, text: str | None = None) -> None:
        if self.removed:
            return
        if text is None:
            text = _("The moderator removed you from the session.")
        self.removed = True
        self.early.clear()
        await self.send_json(BoardError("removed", text).as_message())
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
            await self._close_removed(_("You can no longer use this board: ask your moderator."))
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
