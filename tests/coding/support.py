"""Builders of coding test data.

A small study imported through the study-file service (the one place to change when that service
moves), its notes in order, and a transcript."""

from __future__ import annotations

from pathlib import Path

from coding.units import Note, Recording, Session, TranscriptSegment
from statements.models import Role, Study
from statements.services import membership_set
from studyfiles.studyfile import study_import

DATA = Path(__file__).parent / "data"
LEVELS = [
    {"key": "strongly_agree", "label": "Strongly agree"},
    {"key": "partially_agree", "label": "Partially agree"},
    {"key": "partially_disagree", "label": "Partially disagree"},
    {"key": "strongly_disagree", "label": "Strongly disagree"},
    {"key": "no_opinion", "label": "No opinion", "off_scale": True},
]
NOTES = [
    ("P1", "S1", "strongly_agree", "Rollback saved us twice last year."),
    ("P2", "S1", "partially_disagree", "The first version took a lot of effort."),
    ("P3", "S1", "no_opinion", "We never deployed models."),
    ("P1", "S2", "partially_agree", "The pipeline avoids manual steps that fail."),
]


def coding_study(*, owner, members: dict | None = None, notes=NOTES, title="Coded study") -> Study:
    """A study with two sessions, three participants and the given notes; members by role."""
    document = {
        "format": "focusgroup-study",
        "version": 1,
        "study": {
            "title": title,
            "scale": LEVELS,
            "profile_fields": [
                {"key": "years", "label": "Years", "type": "integer"},
                {"key": "role", "label": "Role", "type": "choice", "choices": ["Dev", "Ops"]},
            ],
            "statements": [
                {"key": "S1", "title": "Rollback", "text": "MLOps helps me roll back."},
                {"key": "S2", "title": "Pipeline", "text": "MLOps automates my pipeline."},
            ],
            "sessions": [
                {
                    "name": "Focus group 1",
                    "participants": [
                        {"code": "P1", "profile": {"years": 3, "role": "Dev"}},
                        {"code": "P2", "profile": {"years": 10, "role": "Ops"}},
                    ],
                    "notes": [
                        {"participant": p, "statement": s, "level": lv, "text": t}
                        for p, s, lv, t in notes
                        if p != "P3"
                    ],
                },
                {
                    "name": "Focus group 2",
                    "participants": [{"code": "P3", "profile": {"years": 1, "role": "Dev"}}],
                    "notes": [
                        {"participant": p, "statement": s, "level": lv, "text": t}
                        for p, s, lv, t in notes
                        if p == "P3"
                    ],
                },
            ],
        },
    }
    study = study_import(data=document, owner=owner)
    for role, users in (members or {}).items():
        for user in users if isinstance(users, list | tuple) else [users]:
            membership_set(study=study, user=user, role=Role(role))
    return study


def notes_of(study: Study) -> dict[str, Note]:
    """The study's notes by their text's first word ("The" is the first one of those)."""
    notes = Note.objects.filter(session__study=study).order_by("-created_at", "-seq")
    return {n.text.split()[0]: n for n in notes}


def add_transcript(study: Study, lines: list[str]) -> list[TranscriptSegment]:
    """A transcribed recording of the study's first session with these lines (5 s each)."""
    session = Session.objects.filter(study=study).order_by("position", "id").first()
    recording = Recording.objects.create(
        session=session, file="recordings/x.wav", original_name="session1.wav", status="done"
    )
    return [
        TranscriptSegment.objects.create(
            recording=recording, index=i, start=5.0 * i, end=5.0 * i + 4, text=t, original_text=t
        )
        for i, t in enumerate(lines)
    ]
