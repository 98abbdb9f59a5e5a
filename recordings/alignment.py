"""Which statement and step were on the board when a line was said.

A pure function over the board's event times, so that it is tested without a database."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class BoardState:
    """From `at` seconds into the recording on, this statement and step were on the board."""

    at: float
    statement_id: int | None
    step: str


def align(
    segments: Sequence[tuple[float, float]], states: Sequence[BoardState]
) -> list[BoardState | None]:
    """For each (start, end) segment, the board state at its midpoint; None before the first
    state (the board had not started). States may come in any order."""
    ordered = sorted(states, key=lambda s: s.at)
    times = [s.at for s in ordered]
    result: list[BoardState | None] = []
    for start, end in segments:
        moment = (start + end) / 2
        position = bisect.bisect_right(times, moment) - 1
        result.append(ordered[position] if position >= 0 else None)
    return result


def moment_of(seconds: float, states: Sequence[BoardState]) -> BoardState | None:
    """The board state at one moment of the recording."""
    return align([(seconds, seconds)], states)[0]
