"""Is a Celery worker running? Each worker says so every few seconds; pages read it at no cost.

A worker's main process writes a presence key into the "workers" cache (Redis in production, a
folder under var/ when embedded) every WORKER_PRESENCE_SECONDS, with a time to live of three
times that, so a worker that stops or is killed disappears within seconds, without a broadcast
ping (which costs a second when nobody answers).
"""

from __future__ import annotations

import logging
import time

from celery import bootsteps
from django.conf import settings
from django.core.cache import caches

logger = logging.getLogger(__name__)
PRESENCE_KEY = "alive"


def _ttl() -> int:
    return max(3 * settings.WORKER_PRESENCE_SECONDS, 2)


def worker_seen(hostname: str) -> None:
    """Record that the worker `hostname` is alive now."""
    caches["workers"].set(PRESENCE_KEY, {"hostname": hostname, "at": time.time()}, _ttl())


def worker_running() -> bool:
    """Whether a worker said it was alive within the last few seconds (False if unknown)."""
    try:
        return caches["workers"].get(PRESENCE_KEY) is not None
    except Exception as exc:  # Redis down: the page says so rather than failing
        logger.warning("cannot read worker presence: %s", exc)
        return False


class Presence(bootsteps.StartStopStep):
    """A worker bootstep: write the presence key at start and then on the worker's timer."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self.tref = None

    def _beat(self, hostname: str) -> None:
        try:
            worker_seen(hostname)
        except Exception as exc:  # the broker/cache may be restarting: try again next time
            logger.warning("cannot write worker presence: %s", exc)

    def start(self, worker) -> None:
        self._beat(worker.hostname)
        self.tref = worker.timer.call_repeatedly(
            settings.WORKER_PRESENCE_SECONDS, self._beat, (worker.hostname,), priority=10
        )

    def stop(self, worker) -> None:
        if self.tref is not None:
            self.tref.cancel()
            self.tref = None
