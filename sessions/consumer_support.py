"""What the board's consumer needs besides the protocol: who connects, its rate limit, its send."""

from __future__ import annotations

import asyncio
import hashlib
from typing import Any
from urllib.parse import parse_qs

from focusgroup.ratelimit import Rate, rate_shared, rate_take_async

from . import selectors
from .models import Session
from .visibility import BoardRules, Viewer

RATE_CAPACITY = 20  # messages in a burst
RATE_PER_SECOND = 10.0  # sustained messages per second


BOARD_RATE = Rate(capacity=RATE_CAPACITY, per_second=RATE_PER_SECOND)
# Where DirectSend leaves the server's send in a socket's scope.
DIRECT_SEND = "focusgroup.direct_send"


class DirectSend:
    """ASGI middleware that leaves the server's own send in a WebSocket's scope (DIRECT_SEND),
    outside the middleware below it: the board's consumer sends its frames there. Channels'
    session middleware wraps send to save the session on HTTP responses only, yet reads the
    session's state on every message first: a cost on each frame to each socket, for nothing."""

    def __init__(self, application: Any) -> None:
        self.application = application

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        if scope["type"] == "websocket":
            scope = {**scope, DIRECT_SEND: send}
        return await self.application(scope, receive, send)


def board_rate_ident(*, token: str = "", user_id: int | None = None, address: str = "") -> str:
    """The key of a caller's board rate, one for its sockets and its REST calls alike: its
    participant token, else its user, else its address."""
    if token:
        return "board:participant:" + hashlib.sha256(token.encode()).hexdigest()[:32]
    if user_id is not None:
        return f"board:user:{user_id}"
    return f"board:address:{address}"


class SocketRate:
    """A socket's rate limit: its sender's board bucket (focusgroup/ratelimit.py).

    Where the bucket is in Redis, a socket that writes takes the token of its next message at
    once, beside the write (a lease), so that the next message does not wait for Redis: a
    participant posting notes makes one round trip to Redis per note, off the note's path. Every
    message admitted has taken a token of the shared bucket, only earlier: the sustained rate is
    the bucket's, and a burst can pass it by one message per socket (the lease taken at its last
    write, whose token has refilled since). An unused lease is a tenth of a second of the bucket,
    never given back. A refused lease is no lease: the message asks Redis itself.
    """

    def __init__(self, actor: Any) -> None:
        participant = actor.participant
        user = actor.user
        self.ident = board_rate_ident(
            token=participant.access_token if participant is not None else "",
            user_id=user.pk if participant is None and user is not None else None,
        )
        self.lease: asyncio.Task | None = None

    async def take(self) -> bool:
        """Spend one message of the bucket if the sender has one left (the lease, if any)."""
        lease, self.lease = self.lease, None
        if lease is not None and await lease:
            return True
        return await self._take()

    def lease_next(self) -> None:
        """After a write: take the next message's token now (see the class)."""
        if self.lease is None and rate_shared():
            self.lease = asyncio.create_task(self._take())

    def close(self) -> None:
        """The socket closed: drop a lease still in flight (Redis may have taken its token)."""
        lease, self.lease = self.lease, None
        if lease is not None:
            lease.cancel()

    async def _take(self) -> bool:
        return await rate_take_async(self.ident, BOARD_RATE) == 0.0


def identify(scope: dict[str, Any], session_id: int) -> tuple[Viewer, Any, BoardRules] | None:
    """Who opens this socket: a participant (token in the query or the browser's session) or a
    study member (Django login); None for anyone else."""
    session = Session.objects.select_related("study").filter(pk=session_id).first()
    if session is None:
        return None
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    token = (query.get("token") or [None])[0]
    participant = None
    if token:
        participant = selectors.participant_for_token(session_id, token)
        if participant is None:
            return None  # a forged, revoked or expired token is refused, not downgraded
    if participant is None:
        user = scope.get("user")
        if user is not None and user.is_authenticated:
            viewer = selectors.staff_viewer(user, session)
            if viewer is not None:
                return viewer, None, selectors.board_rules(session)
        django_session = scope.get("session")
        if django_session is not None:
            joined = django_session.get("fg_participants", {})
            participant = selectors.participant_for_token(session_id, joined.get(str(session_id)))
    if participant is None:
        return None
    return Viewer(participant_id=participant.pk), participant, selectors.board_rules(session)
