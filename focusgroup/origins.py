"""The WebSocket Origin check: the full origin (scheme, host and port) must be allowed.

Channels' AllowedHostsOriginValidator compares the host only, so a page served from another port
or over plain HTTP of an allowed host could open the board's socket with the user's cookies. Here
an origin is allowed when it is exactly the origin the socket was opened on (its Host header, which
must be in ALLOWED_HOSTS, with https for wss and http for ws), or one of WEBSOCKET_ALLOWED_ORIGINS.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host

DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_normalise(origin: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an origin with the default port filled in, or None if malformed."""
    try:
        parts = urlsplit(origin.strip().lower())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname or parts.path not in ("", "/"):
        return None
    return parts.scheme, parts.hostname, port or DEFAULT_PORTS[parts.scheme]


def _header(scope: dict, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def origin_allowed(scope: dict) -> bool:
    """True when the socket's Origin header is its own origin or a configured one."""
    origin = _header(scope, b"origin")
    parsed = origin_normalise(origin) if origin else None
    if parsed is None:
        return False
    allowed = {origin_normalise(o) for o in settings.WEBSOCKET_ALLOWED_ORIGINS}
    if parsed in allowed:
        return True
    host = _header(scope, b"host")
    if not host or not validate_host(split_domain_port(host)[0], settings.ALLOWED_HOSTS):
        return False
    scheme = "https" if scope.get("scheme") == "wss" else "http"
    return parsed == origin_normalise(f"{scheme}://{host}")


class OriginValidator:
    """ASGI middleware refusing a WebSocket whose Origin is not allowed (see origin_allowed)."""

    def __init__(self, application) -> None:
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not origin_allowed(scope):
            return await WebsocketDenier()(scope, receive, send)
        return await self.application(scope, receive, send)
