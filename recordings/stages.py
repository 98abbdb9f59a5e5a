"""The stages of a recording's job as people read them.

The job stores the raw stage (the API and scripts read it), the pages show its label in the reader's
language.

The raw stages come from services.recording_run ("starting"), transcription.pipeline (decoding,
detecting speech, transcribing) and queue.SPEAKERS_STAGE; tests/recordings/test_progress_stage.py
checks that each has a label here."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

STAGE_LABELS: dict[str, Promise] = {
    "starting": pgettext_lazy("transcription stage", "starting"),
    "decoding": pgettext_lazy("transcription stage", "decoding"),
    "detecting speech": pgettext_lazy("transcription stage", "detecting speech"),
    "transcribing": pgettext_lazy("transcription stage", "transcribing"),
    "detecting speakers": pgettext_lazy("transcription stage", "detecting speakers"),
}


def stage_label(stage: str) -> str:
    """The stage in the active language; a stage without a label shows as it is."""
    label = STAGE_LABELS.get(stage)
    return str(label) if label is not None else stage
