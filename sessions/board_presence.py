"""Presence on a board: who is online and who is writing.

Presence stays on the channel layer's group of the session (hub.py carries the events). Members
receive the ids of the participants online and who is writing; participants receive only how many
are online and that someone is writing (after opting in with `presence.subscribe`), never who, and
never a text before the reveal. A participant's socket announces itself when it opens and closes;
a new socket asks the participants' sockets to announce themselves to it alone.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from .errors import BoardError
from .visibility import Viewer


class BoardPresence:
    """Mixin of the board consumer."""

    viewer: Viewer
    group: str
    channel_name: str
    channel_layer: Any

    def init_presence(self) -> None:
        self.online: dict[int, set[str]] = {}
        self.presence_wanted = False
        self.online_count_sent: int | None = None

    async def presence_opened(self) -> None:
        if self.viewer.participant_id is not None:
            await self.channel_layer.group_send(self.group, self._presence_message(online=True))
        await self.channel_layer.group_send(
            self.group, {"type": "board.presence_query", "reply_to": self.channel_name}
        )

    async def presence_closed(self) -> None:
        if self.viewer.participant_id is not None:
            await self.channel_layer.group_send(self.group, self._presence_message(online=False))

    def _presence_message(self, *, online: bool) -> dict[str, Any]:
        return {
            "type": "board.presence",
            "participant_id": self.viewer.participant_id,
            "channel": self.channel_name,
            "online": online,
        }

    async def board_presence(self, message: dict[str, Any]) -> None:
        channels = self.online.setdefault(message["participant_id"], set())
        if message["online"]:
            channels.add(message["channel"])
        else:
            channels.discard(message["channel"])
        if self.viewer.is_staff:
            online = sorted(pid for pid, chans in self.online.items() if chans)
            await self.send_json({"type": "presence", "online": online})
        elif self.presence_wanted:
            await self._send_count()

    async def board_presence_query(self, message: dict[str, Any]) -> None:
        if self.viewer.participant_id is None:
            return
        reply_to = message.get("reply_to")
        if reply_to is None:
            await self.channel_layer.group_send(self.group, self._presence_message(online=True))
        elif reply_to != self.channel_name:
            await self.channel_layer.send(reply_to, self._presence_message(online=True))

    async def _send_count(self) -> None:
        """Participants learn how many are online (when that changes), never who."""
        count = sum(1 for channels in self.online.values() if channels)
        if count != self.online_count_sent:
            self.online_count_sent = count
            await self.send_json({"type": "presence", "count": count})

    async def on_presence_subscribe(self, message: dict[str, Any]) -> None:
        """A participant's board asks for the online count and the typing cues (opt-in, so that
        clients that do not show them receive nothing new)."""
        if self.viewer.participant_id is None:
            return
        self.presence_wanted = True
        await self._send_count()

    async def on_typing(self, message: dict[str, Any]) -> None:
        """A participant is writing a note: the others see that someone is, never the text."""
        if self.viewer.participant_id is None or getattr(self, "removed", False):
            raise BoardError("forbidden", _("Only participants write notes."))
        await self.channel_layer.group_send(
            self.group,
            {
                "type": "board.typing",
                "participant_id": self.viewer.participant_id,
                "channel": self.channel_name,
            },
        )

    async def board_typing(self, message: dict[str, Any]) -> None:
        if message["channel"] == self.channel_name or getattr(self, "removed", False):
            return
        if self.viewer.is_staff:
            await self.send_json({"type": "typing", "participant_id": message["participant_id"]})
        elif self.presence_wanted:
            await self.send_json({"type": "typing"})
