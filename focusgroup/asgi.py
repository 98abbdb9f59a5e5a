"""ASGI entry point: HTTP through Django, WebSockets through Channels with full-origin checks."""

from __future__ import annotations

import gc
import os
import sys

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "focusgroup.settings")
# Build the Django app before importing consumers, so that models are ready.
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from focusgroup.origins import OriginValidator  # noqa: E402
from sessions.consumer_support import DirectSend  # noqa: E402
from sessions.routing import websocket_urlpatterns  # noqa: E402

# Tuning of the server process, measured with bench/ws_fanout.py. A board writer needs the GIL
# back from the event loop after each database round trip; Python's default 5 ms switch interval
# makes that a convoy while the loop sends a note to a hundred sockets, 1 ms keeps it short.
sys.setswitchinterval(min(sys.getswitchinterval(), 0.001))
# The objects built at start-up (Django, the app's modules: some 130,000) live as long as the
# process: frozen, full collections no longer walk them, which took 70-100 ms with every socket of
# the process waiting. The thresholds stay Python's: raising them (as once measured for the board)
# let connections of finished request threads pile up unclosed (issue 8).
gc.collect()
gc.freeze()

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": OriginValidator(
            DirectSend(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))
        ),
    }
)
