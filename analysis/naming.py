"""File names of downloads: the study's title made safe, and what the file holds."""

from __future__ import annotations

from django.utils.text import slugify


def download_name(title: str, suffix: str) -> str:
    """A safe file name from the study title."""
    return f"{slugify(title)[:60] or 'study'}-{suffix}"
