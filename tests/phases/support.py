"""The hand-built log of the matrix tests and its expected matrix, typed in by hand."""

from __future__ import annotations

from phases.services import entry_create

# (main, visited, minutes, scenario)
LOG = [
    ("define", "define", 60, None),
    ("define", "acquire", 20, None),
    ("define", "deploy", 20, "Stakeholder alignment"),
    ("acquire", "define", 30, None),
    ("acquire", "acquire", 90, None),
    ("prepare", "acquire", 10, "Missing data"),
    ("prepare", "define", 5, None),
    ("prepare", "prepare", 25, None),
    ("prepare", "deploy", 3, None),
    ("prepare", "deploy", 2, None),
]

EXPECTED_MATRIX = {
    "define": {"define": 0.6, "acquire": 0.2, "prepare": 0.0, "deploy": 0.2},
    "acquire": {"define": 0.25, "acquire": 0.75, "prepare": 0.0, "deploy": 0.0},
    "prepare": {"define": 0.1111, "acquire": 0.2222, "prepare": 0.5556, "deploy": 0.1111},
    "deploy": {"define": 0.0, "acquire": 0.0, "prepare": 0.0, "deploy": 0.0},
}
EXPECTED_MINUTES = {"define": 100, "acquire": 120, "prepare": 45, "deploy": 0}


def log_by_hand(study, user) -> None:
    for main, visited, minutes, scenario in LOG:
        entry_create(
            study=study,
            main=main,
            visited=visited,
            minutes=minutes,
            scenario=scenario,
            at="2024-02-01T09:30:00Z",
            user=user,
        )
