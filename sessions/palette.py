"""Participant colours: one colour-blind-safe palette shared by import and the live board.

The colours are Paul Tol's "light" scheme: distinguishable under the common colour-vision
deficiencies and light enough for dark note text to keep a high contrast on them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

PALETTE: tuple[str, ...] = (
    "#77AADD",  # light blue
    "#EE8866",  # orange
    "#EEDD88",  # light yellow
    "#FFAABB",  # pink
    "#99DDFF",  # light cyan
    "#44BB99",  # mint
    "#BBCC33",  # pear
    "#AAAA00",  # olive
    "#DDDDDD",  # pale grey
)


def next_free_color(used: Iterable[str]) -> str:
    """The first palette colour nobody uses yet; once all are taken, the least used one."""
    counts = Counter(color.upper() for color in used if color)
    for color in PALETTE:
        if color not in counts:
            return color
    # Every colour is taken: reuse the one fewest people have, so that repeats stay rare.
    return min(PALETTE, key=lambda color: counts[color])
