"""The agreement grid of a statement (the paper's Figures 3-8): participants by scale levels.

A cell holds the number of notes a participant put in a level; the page draws a mark for one note
and the count for more.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .dataset import Level, StatementInfo, StudyData


@dataclass(frozen=True)
class StatementGrid:
    """The grid of one statement: `counts[participant][level]`, zero cells left out."""

    statement: StatementInfo
    levels: list[Level]
    participants: list[str]
    counts: dict[str, dict[str, int]]

    def count(self, participant: str, level: str) -> int:
        """Notes of the participant in the level (0 when none)."""
        return self.counts.get(participant, {}).get(level, 0)

    def level_participants(self) -> dict[str, list[str]]:
        """Per level (every level, in scale order), the participants with at least one note."""
        return {
            level.key: [code for code in self.participants if self.count(code, level.key)]
            for level in self.levels
        }

    def level_totals(self, *, by: str = "participants") -> dict[str, float]:
        """Per level, how many participants (default) or notes it holds; "split" shares each
        participant's weight of one among the levels they used, so the levels sum to N."""
        if by == "split":
            shares = dict.fromkeys((lv.key for lv in self.levels), 0.0)
            for cells in self.counts.values():
                for key in cells:
                    shares[key] += 1 / len(cells)
            return {key: round(value, 9) for key, value in shares.items()}
        if by == "notes":
            totals = dict.fromkeys((lv.key for lv in self.levels), 0)
            for cells in self.counts.values():
                for key, n in cells.items():
                    totals[key] += n
            return totals
        return {key: len(codes) for key, codes in self.level_participants().items()}

    def respondents(self) -> int:
        """Participants with at least one note on the statement."""
        return sum(1 for cells in self.counts.values() if cells)

    def note_total(self) -> int:
        """Notes on the statement."""
        return sum(sum(cells.values()) for cells in self.counts.values())


def build_grids(data: StudyData) -> list[StatementGrid]:
    """One grid per statement, in statement order, from the study's notes.

    Notes naming a participant, statement or level outside `data` (filtered out) are ignored.
    """
    participants = [p.code for p in data.participants]
    known_participants = set(participants)
    level_order = {lv.key: i for i, lv in enumerate(data.levels)}
    raw: dict[str, dict[str, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int))
    )
    for note in data.notes:
        if note.participant in known_participants and note.level in level_order:
            raw[note.statement][note.participant][note.level] += 1
    grids = []
    for statement in data.statements:
        by_participant = raw.get(statement.key, {})
        counts = {
            code: {
                key: cells[key] for key in sorted(cells, key=level_order.__getitem__) if cells[key]
            }
            for code in participants
            if (cells := by_participant.get(code))
        }
        grids.append(
            StatementGrid(
                statement=statement,
                levels=list(data.levels),
                participants=participants,
                counts=counts,
            )
        )
    return grids
