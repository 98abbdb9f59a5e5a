"""Scale presets offered to a new study: the paper's five columns, 5- and 7-point Likert."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LevelSpec:
    key: str
    label: str
    off_scale: bool = False


# A study of phase tracking alone has no scale (and no statements).
NO_SCALE = "none"

SCALE_PRESETS: dict[str, tuple[str, list[LevelSpec]]] = {
    "paper": (
        "The paper's five columns (four agreement levels and No opinion)",
        [
            LevelSpec("strongly_agree", "Strongly agree"),
            LevelSpec("partially_agree", "Partially agree"),
            LevelSpec("partially_disagree", "Partially disagree"),
            LevelSpec("strongly_disagree", "Strongly disagree"),
            LevelSpec("no_opinion", "No opinion", off_scale=True),
        ],
    ),
    "likert5": (
        "Classic 5-point Likert",
        [
            LevelSpec("strongly_agree", "Strongly agree"),
            LevelSpec("agree", "Agree"),
            LevelSpec("neutral", "Neither agree nor disagree"),
            LevelSpec("disagree", "Disagree"),
            LevelSpec("strongly_disagree", "Strongly disagree"),
        ],
    ),
    "likert7": (
        "Classic 7-point Likert",
        [
            LevelSpec("strongly_agree", "Strongly agree"),
            LevelSpec("agree", "Agree"),
            LevelSpec("somewhat_agree", "Somewhat agree"),
            LevelSpec("neutral", "Neither agree nor disagree"),
            LevelSpec("somewhat_disagree", "Somewhat disagree"),
            LevelSpec("disagree", "Disagree"),
            LevelSpec("strongly_disagree", "Strongly disagree"),
        ],
    ),
}
