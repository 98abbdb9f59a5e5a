"""App config of study files: the study format, its import and export, templates and the demo."""

from __future__ import annotations

from django.apps import AppConfig


class StudyfilesConfig(AppConfig):
    name = "studyfiles"
    verbose_name = "Study files"
