"""The coding pages' limits as the page hands them to its script.

One rule, read from the model: the script takes the memo box's maxlength from the page.
"""

from __future__ import annotations

from django import template

from ..models import MEMO_TEXT_MAX

register = template.Library()


@register.simple_tag
def memo_text_max() -> int:
    """The most characters a memo holds (the memo box's maxlength)."""
    return MEMO_TEXT_MAX
