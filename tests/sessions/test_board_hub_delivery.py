"""The hub hands each message to every local socket.

A socket whose client left mid-send is a normal disconnect (no error logged), and the others still
get the message."""

from __future__ import annotations

import logging

from uvicorn.protocols.utils import ClientDisconnected

from sessions.hub import BoardHub


class Member:
    def __init__(self, fails_with: Exception | None = None) -> None:
        self.fails_with = fails_with
        self.got: list[dict] = []

    async def hub_message(self, message: dict) -> None:
        if self.fails_with is not None:
            raise self.fails_with
        self.got.append(message)

    async def hub_catch_up(self) -> None:
        return None


async def test_a_client_gone_mid_send_is_no_error_and_the_others_still_get_it(caplog):
    hub = BoardHub(url=None)  # this process's sockets only
    gone, staying = Member(ClientDisconnected()), Member()
    await hub.join(7, gone)
    await hub.join(7, staying)
    with caplog.at_level(logging.DEBUG, logger="sessions.hub"):
        await hub.deliver(7, {"event": "note.created", "seq": 1})
    assert staying.got == [{"event": "note.created", "seq": 1}]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("closed while" in r.getMessage() for r in caplog.records)


async def test_a_real_failure_in_a_socket_is_logged_and_the_others_still_get_it(caplog):
    hub = BoardHub(url=None)
    broken, staying = Member(RuntimeError("bug")), Member()
    await hub.join(8, broken)
    await hub.join(8, staying)
    with caplog.at_level(logging.DEBUG, logger="sessions.hub"):
        await hub.deliver(8, {"event": "note.created", "seq": 1})
    assert len(staying.got) == 1
    assert [
        r.levelno for r in caplog.records if "delivery to a socket failed" in r.getMessage()
    ] == [logging.ERROR]
