"""The key rule (statements.models KEY_MAX, KEY_PATTERN) as the key inputs of the pages use it.

Templates that write a key input by hand take its maxlength and pattern from here, not from a
number of their own.
"""

from __future__ import annotations

from django import template

from statements.models import KEY_MAX

register = template.Library()


@register.simple_tag
def key_max() -> int:
    """The most characters a key holds (a key input's maxlength)."""
    return KEY_MAX


@register.simple_tag
def key_input_pattern() -> str:
    """The key rule as an HTML `pattern` attribute (anchored by the browser).

    KEY_PATTERN's class with its "-" escaped: browsers compile `pattern` with the `v` flag, in
    which a bare "-" at the end of a class is a syntax error (and the pattern is then ignored)."""
    return rf"[A-Za-z0-9_\-]{{1,{KEY_MAX}}}"
