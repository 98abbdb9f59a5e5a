"""App config of studies: their scale, statements, characterization form and members."""

from __future__ import annotations

from django.apps import AppConfig


class StatementsConfig(AppConfig):
    name = "statements"
    verbose_name = "Studies"
