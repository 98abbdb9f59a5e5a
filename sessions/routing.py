"""WebSocket routes of the live board."""

from __future__ import annotations

from django.urls import path

from .consumers import BoardConsumer

websocket_urlpatterns: list = [
    path("ws/sessions/<int:session_id>/board/", BoardConsumer.as_asgi()),
]
