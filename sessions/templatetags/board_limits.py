"""The board's limits as the page hands them to its script (one rule, read from the model)."""

from __future__ import annotations

from django import template

from ..models.board import NOTE_TEXT_MAX

register = template.Library()


@register.simple_tag
def note_text_max() -> int:
    """The most characters a note holds (the editor's maxlength)."""
    return NOTE_TEXT_MAX
