"""Builders of analysis test data.

Plain StudyData for the pure functions, and study-file documents imported through the real import
service for the database tests."""

from __future__ import annotations

import uuid
from typing import Any

from analysis.dataset import (
    Level,
    NoteRow,
    ParticipantInfo,
    ProfileFieldInfo,
    StatementInfo,
    StudyData,
)
from sessions.note_services import note_create

PAPER_LEVELS = [
    Level("strongly_agree", "Strongly agree"),
    Level("partially_agree", "Partially agree"),
    Level("partially_disagree", "Partially disagree"),
    Level("strongly_disagree", "Strongly disagree"),
    Level("no_opinion", "No opinion", off_scale=True),
]
SHORT = {
    "SA": "strongly_agree",
    "PA": "partially_agree",
    "PD": "partially_disagree",
    "SD": "strongly_disagree",
    "NO": "no_opinion",
}
# Figure 3 of the paper (S1): P5 wrote a "Strongly agree" and a "Partially agree" comment.
FIGURE_3 = [
    ("P1", "S1", "SA"),
    ("P2", "S1", "SA"),
    ("P3", "S1", "SA"),
    ("P4", "S1", "PA"),
    ("P5", "S1", "SA"),
    ("P5", "S1", "PA"),
    ("P6", "S1", "SA"),
]


def study_data(
    marks: list[tuple[str, str, str]],
    *,
    participants: list[str] | None = None,
    statements: list[str] | None = None,
    levels: list[Level] | None = None,
) -> StudyData:
    """StudyData from (participant, statement, level) marks; levels may be SA/PA/PD/SD/NO."""
    participants = participants or sorted({p for p, _, _ in marks}, key=lambda c: int(c[1:]))
    statements = statements or ["S1"]
    return StudyData(
        title="A study",
        levels=levels or PAPER_LEVELS,
        statements=[StatementInfo(key=k, title=f"Title {k}", text=f"Text {k}") for k in statements],
        participants=[
            ParticipantInfo(code=c, session="Focus group 1", profile={"job": f"Job {c}"})
            for c in participants
        ],
        notes=[
            NoteRow(
                session="Focus group 1",
                participant=p,
                statement=s,
                level=SHORT.get(lv, lv),
                text=f"{p} on {s}",
            )
            for p, s, lv in marks
        ],
        profile_fields=[ProfileFieldInfo(key="job", label="Job title")],
        sessions=["Focus group 1"],
    )


def study_document(
    *,
    sessions: dict[str, dict[str, dict[str, Any]]],
    notes: dict[str, list[tuple[str, str, str]]],
    statements: int = 2,
    title: str = "Imported study",
    times: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    """A study-format document: sessions {name: {code: profile}}, notes {session: [(p, s, lv)]}."""
    times = times or {}
    return {
        "format": "focusgroup-study",
        "version": 1,
        "study": {
            "title": title,
            "scale": [
                {"key": lv.key, "label": lv.label, **({"off_scale": True} if lv.off_scale else {})}
                for lv in PAPER_LEVELS
            ],
            "profile_fields": [
                {"key": "job_title", "label": "Job title", "type": "text"},
                {"key": "years", "label": "Years", "type": "integer"},
            ],
            "statements": [
                {"key": f"S{i}", "title": f"Statement {i}", "text": f"Text of statement {i}."}
                for i in range(1, statements + 1)
            ],
            "sessions": [
                {
                    "name": name,
                    "participants": [
                        {"code": code, "profile": profile} for code, profile in people.items()
                    ],
                    "notes": [
                        {
                            "participant": p,
                            "statement": s,
                            "level": SHORT.get(lv, lv),
                            "text": f"{p} says {lv} on {s}",
                            **(
                                {"created_at": times[name][i]}
                                if name in times and i < len(times[name])
                                else {}
                            ),
                        }
                        for i, (p, s, lv) in enumerate(notes.get(name, []))
                    ],
                }
                for name, people in sessions.items()
            ],
        },
    }


def write_note(participant, statement, level: str, text: str | None = None) -> None:
    """A participant's live note on the board, through the real note service."""
    note_create(
        participant=participant,
        note_id=uuid.uuid4(),
        statement_id=statement.pk,
        level=level,
        text=text if text is not None else f"{participant.code} on {level}",
    )
