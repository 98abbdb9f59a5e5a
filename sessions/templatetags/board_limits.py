"""The board's limits and steps as the page hands them to its script.

One rule, read from the model."""

from __future__ import annotations

import json

from django import template

from ..models.board import NOTE_TEXT_MAX, Step

register = template.Library()


@register.simple_tag
def board_steps() -> str:
    """The steps in order with their labels in the active language, as JSON for the script."""
    return json.dumps([[value, str(label)] for value, label in Step.choices])


@register.simple_tag
def step_choices() -> list[tuple[int, str, str]]:
    """The steps in order: (number, value, label)."""
    return [(number, value, label) for number, (value, label) in enumerate(Step.choices, 1)]


@register.simple_tag
def note_text_max() -> int:
    """The most characters a note holds (the editor's maxlength)."""
    return NOTE_TEXT_MAX
