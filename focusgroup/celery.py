"""The Celery application; tasks are discovered in each app's tasks.py."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "focusgroup.settings")

app = Celery("focusgroup")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _add_presence_step() -> None:
    """Every worker tells the pages it is alive (focusgroup/workers.py)."""
    from .workers import Presence

    app.steps["worker"].add(Presence)


_add_presence_step()
