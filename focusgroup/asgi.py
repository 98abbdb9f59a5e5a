"""ASGI entry point: HTTP through Django, WebSockets through Channels with full-origin checks."""

from __future__ import annotations

import os
import sys

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "focusgroup.settings")
# Build the Django app before importing consumers, so that models are ready.
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from focusgroup.origins import OriginValidator  # noqa: E402
from sessions.routing import websocket_urlpatterns  # noqa: E402

# Tuning of the server process, measured with bench/ws_fanout.py. A board writer holds its
# session's row lock across a dozen database round trips and needs the GIL back from the event
# loop after each; Python's default 5 ms switch interval makes that a convoy, 1 ms keeps it short.
sys.setswitchinterval(min(sys.getswitchinterval(), 0.001))
# Python's garbage collector keeps its default thresholds: raising them (as once measured for the
# board) let connections of finished request threads pile up unclosed (issue 8).

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": OriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
