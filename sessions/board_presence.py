"""Presence on a board: which participants have a socket open, for the moderators' console.

Presence stays on the channel layer's group of the session (hub.py carries the events): a
participant's socket announces itself when it opens and closes, and a member's socket asks every
participant's socket to announce itself again when it opens.
"""

from __future__ import annotations

from typing import Any

from .visibility import Viewer


class BoardPresence:
    """Mixin of the board consumer."""

    viewer: Viewer
    group: str
    channel_name: str
    channel_layer: Any

    def init_presence(self) -> None:
        self.online: dict[int, set[str]] = {}

    async def presence_opened(self) -> None:
        if self.viewer.participant_id is not None:
            await self._announce(online=True)
        else:
            await self.channel_layer.group_send(self.group, {"type": "board.presence_query"})

    async def presence_closed(self) -> None:
        if self.viewer.participant_id is not None:
            await self._announce(online=False)

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
