"""App config of phase tracking: a study's process phases, its phase log and the revisit matrix."""

from __future__ import annotations

from django.apps import AppConfig


class PhasesConfig(AppConfig):
    name = "phases"
    verbose_name = "Phase tracking"
