"""WebSocket routes of the live board."""

from __future__ import annotations

websocket_urlpatterns: list = []
