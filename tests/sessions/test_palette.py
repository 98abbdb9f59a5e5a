"""The participant palette: distinct colours first, then the least used one."""

from __future__ import annotations

import re

from sessions.palette import PALETTE, next_free_color


def test_the_palette_has_distinct_hex_colours():
    assert len(set(PALETTE)) == len(PALETTE) >= 8
    assert all(re.fullmatch(r"#[0-9A-F]{6}", color) for color in PALETTE)


def test_it_gives_the_first_colour_nobody_has():
    assert next_free_color([]) == PALETTE[0]
    assert next_free_color([PALETTE[0], PALETTE[2]]) == PALETTE[1]


def test_used_colours_match_whatever_their_case():
    assert next_free_color([PALETTE[0].lower()]) == PALETTE[1]


def test_colours_outside_the_palette_take_nothing_from_it():
    assert next_free_color(["#123456", "#ABCDEF"]) == PALETTE[0]


def test_when_all_are_taken_it_reuses_the_least_used():
    used = list(PALETTE) * 2 + [c for c in PALETTE if c != PALETTE[3]]
    assert next_free_color(used) == PALETTE[3]
    assert next_free_color(list(PALETTE)) == PALETTE[0]
