"""The phase-revisit matrix, a pure function of the logged minutes (no database).

For main phase M and phase V the value is the minutes logged with main M and visited V divided by
all minutes logged with main M, so a row sums to 1 and a main phase without minutes is all zeros.
A visit to an earlier phase is backtracking, to a later one forward(-thinking), to M itself focus.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

FOCUS, BACKTRACKING, FORWARD = "focus", "backtracking", "forward"
DIRECTIONS = (FOCUS, BACKTRACKING, FORWARD)


def direction(main_index: int, visited_index: int) -> str:
    """The direction of a visit, from the two phases' places in the process order."""
    if visited_index == main_index:
        return FOCUS
    return BACKTRACKING if visited_index < main_index else FORWARD


def number(value: float) -> int | float:
    """Minutes as a JSON number: whole minutes as an int, others as a float."""
    rounded = round(value, 4)
    return int(rounded) if float(rounded).is_integer() else rounded


@dataclass(frozen=True)
class PhaseMatrix:
    """Minutes per (main, visited) pair of the study's phases, in process order."""

    keys: list[str]
    names: list[str]
    minutes: dict[tuple[str, str], float] = field(default_factory=dict)

    def index(self, key: str) -> int:
        return self.keys.index(key)

    def total(self, main: str) -> float:
        """All minutes logged while `main` was the focus."""
        return sum(self.minutes.get((main, v), 0.0) for v in self.keys)

    def cell_minutes(self, main: str, visited: str) -> float:
        return self.minutes.get((main, visited), 0.0)

    def share(self, main: str, visited: str) -> float:
        """The share of main's time spent on visited (0 when main has no minutes)."""
        total = self.total(main)
        return self.cell_minutes(main, visited) / total if total else 0.0

    def direction(self, main: str, visited: str) -> str:
        return direction(self.index(main), self.index(visited))

    def rows(self) -> list[list[float]]:
        """The shares as a list of rows (main phases) of columns (visited phases)."""
        return [[self.share(m, v) for v in self.keys] for m in self.keys]

    def as_json(self, title: str) -> dict:
        """The issue's JSON shape: every phase pair, shares rounded to 4 decimals."""
        return {
            "study": title,
            "phases": list(self.keys),
            "matrix": {m: {v: round(self.share(m, v), 4) for v in self.keys} for m in self.keys},
            "directions": {m: {v: self.direction(m, v) for v in self.keys} for m in self.keys},
            "minutes": {m: number(self.total(m)) for m in self.keys},
        }


def matrix_build(
    *, keys: list[str], names: list[str] | None = None, cells: Iterable[tuple[str, str, float]]
) -> PhaseMatrix:
    """A matrix from (main key, visited key, minutes) triples; repeated pairs add up."""
    known = set(keys)
    minutes: dict[tuple[str, str], float] = {}
    for main, visited, value in cells:
        if main not in known or visited not in known:
            raise ValueError(f"Unknown phase in ({main!r}, {visited!r}).")
        minutes[(main, visited)] = minutes.get((main, visited), 0.0) + float(value)
    return PhaseMatrix(keys=list(keys), names=list(names or keys), minutes=minutes)
