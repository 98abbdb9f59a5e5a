"""Data the browser tests set up the same way: a transcribed recording and a phase log.

Built through the models and services, as the worker and the phase pages would leave them.
"""

from __future__ import annotations

from phases.services import entry_create
from recordings.models import Recording, RecordingStatus, TranscriptSegment

# A morning of one team, main phase → visited phase, minutes: a loop back, a shift ahead, stays.
SHIFTS = [
    ("data_preparation", "data_preparation", 60),
    ("data_preparation", "data_acquisition", 30),
    ("problem_definition", "communication", 20),
    ("problem_definition", "problem_definition", 20),
]


def log_shifts(study, user, shifts=SHIFTS) -> None:
    """Log each (main, visited, minutes) of `shifts` as `user`."""
    for main, visited, minutes in shifts:
        entry_create(study=study, main=main, visited=visited, minutes=minutes, user=user)


def transcribed_recording(session, name: str, lines: list[str], statement=None) -> Recording:
    """A 12-second recording whose transcript is done: one 3.5 s line every 4 s."""
    recording = Recording.objects.create(
        session=session,
        file=f"recordings/{name}",
        original_name=name,
        size=1024,
        content_type="audio/wav",
        duration=12.0,
        status=RecordingStatus.DONE,
        progress=1,
    )
    TranscriptSegment.objects.bulk_create(
        TranscriptSegment(
            recording=recording,
            index=i,
            start=4.0 * i,
            end=4.0 * i + 3.5,
            text=text,
            original_text=text,
            statement=statement,
        )
        for i, text in enumerate(lines)
    )
    return recording
