"""The app with Python's default garbage collection and switch interval.

bench/ws_fanout.py measures it beside the tuning of focusgroup/asgi.py (a no-op if that tuning is
gone)."""

from __future__ import annotations

import gc
import sys

from focusgroup.asgi import application  # noqa: F401  (what uvicorn serves)

gc.unfreeze()
gc.set_threshold(700, 10, 10)
sys.setswitchinterval(0.005)
