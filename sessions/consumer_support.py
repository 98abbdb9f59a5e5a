"""What the board's consumer needs besides the protocol: who is connecting, and a rate limit."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import parse_qs

from . import selectors
from .models import Session
from .visibility import BoardRules, Viewer

RATE_CAPACITY = 20  # messages in a burst
RATE_PER_SECOND = 10.0  # sustained messages per second


class TokenBucket:
    """Per-connection rate limit: a burst of `capacity`, then `rate` messages a second."""

    def __init__(self, capacity: int = RATE_CAPACITY, rate: float = RATE_PER_SECOND) -> None:
        self.capacity = capacity
        self.rate = rate
        self.tokens = float(capacity)
        self.stamp = time.monotonic()

    def take(self) -> bool:
        """Spend a token if one is left."""
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


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
