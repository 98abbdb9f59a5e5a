"""App config of coding: codebook, codings, memos, agreement between coders and REFI-QDA."""

from __future__ import annotations

from django.apps import AppConfig


class CodingConfig(AppConfig):
    name = "coding"
    verbose_name = "Qualitative coding"
