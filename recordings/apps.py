"""App config of recordings: uploads, transcripts, speakers, alignment with the board."""

from __future__ import annotations

from django.apps import AppConfig


class RecordingsConfig(AppConfig):
    name = "recordings"
    verbose_name = "Recordings"

    def ready(self) -> None:
        from . import receivers, tasks  # noqa: F401  (signal receivers; the Celery task by name)
