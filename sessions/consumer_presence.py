"""Who is online and who is writing on a board (issue 10, item 2), mixed into BoardConsumer.

Members receive the ids of the participants online (`presence.online`) and who is writing;
participants receive only how many are online (`presence.count`) and that someone is writing,
never who, and never a text before the reveal.
"""

from __future__ import annotations

from typing import Any

from .errors import BoardError


class PresenceMixin:
    """Presence and typing handlers of the board's consumer (needs its viewer, group, channel)."""

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
        channels = self.online.setdefault(message["participant_id"], set())
        if message["online"]:
            channels.add(message["channel"])
        else:
            channels.discard(message["channel"])
        online = sorted(pid for pid, chans in self.online.items() if chans)
        if self.viewer.is_staff:
            await self.send_json({"type": "presence", "online": online})
        elif getattr(self, "presence_wanted", False):
            await self._send_count()

    async def board_presence_query(self, message: dict[str, Any]) -> None:
        if self.viewer.participant_id is None:
            return
        reply_to = message.get("reply_to")
        if reply_to is None:
            await self._announce(online=True)
        else:
            await self.channel_layer.send(reply_to, self._presence_message(online=True))

    # Presence for participants and "someone is writing" (issue 10, item 2).

    def _presence_message(self, *, online: bool) -> dict[str, Any]:
        return {
            "type": "board.presence",
            "participant_id": self.viewer.participant_id,
            "channel": self.channel_name,
            "online": online,
        }

    async def _ask_presence(self) -> None:
        """A participant's new socket asks the others to answer it alone (not the whole group)."""
        await self.channel_layer.group_send(
            self.group, {"type": "board.presence_query", "reply_to": self.channel_name}
        )

    async def _send_count(self) -> None:
        """Participants learn how many are online (when that changes), never who."""
        count = sum(1 for channels in self.online.values() if channels)
        if count != getattr(self, "online_count_sent", None):
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
        if self.viewer.participant_id is None or self.removed:
            raise BoardError("forbidden", "Only participants write notes.")
        await self.channel_layer.group_send(
            self.group,
            {
                "type": "board.typing",
                "participant_id": self.viewer.participant_id,
                "channel": self.channel_name,
            },
        )

    async def board_typing(self, message: dict[str, Any]) -> None:
        if message["channel"] == self.channel_name or self.removed:
            return
        if self.viewer.is_staff:
            await self.send_json({"type": "typing", "participant_id": message["participant_id"]})
        elif getattr(self, "presence_wanted", False):
            await self.send_json({"type": "typing"})
