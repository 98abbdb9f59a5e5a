"""App config of recordings: uploads, transcripts, speakers, alignment with the board."""

from __future__ import annotations

from django.apps import AppConfig


class RecordingsConfig(AppConfig):
    name = "recordings"
    verbose_name = "Recordings"

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (registers the Celery task that services send by name)
