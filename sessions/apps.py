"""App config; the label is focus_sessions because django.contrib.sessions owns 'sessions'."""

from __future__ import annotations

from django.apps import AppConfig


class FocusSessionsConfig(AppConfig):
    name = "sessions"
    label = "focus_sessions"
    verbose_name = "Sessions"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the signal receivers)
