"""Permission-checked lookups of recordings and lines: 404 for anyone without a role."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from statements.permissions import CAN_READ_DATA, study_role

from .models import Recording, TranscriptSegment


def get_recording_for(request: HttpRequest, recording_id: int, allowed=CAN_READ_DATA) -> Recording:
    """The recording if the user holds an allowed role in its study; 404 otherwise."""
    recording = Recording.objects.select_related("session__study").filter(pk=recording_id).first()
    if recording is None or study_role(request.user, recording.session.study_id) not in allowed:
        raise Http404("No such recording.")
    return recording


def get_segment_for(
    request: HttpRequest, recording_id: int, segment_id: int, allowed=CAN_READ_DATA
) -> TranscriptSegment:
    recording = get_recording_for(request, recording_id, allowed)
    segment = get_object_or_404(TranscriptSegment, pk=segment_id, recording=recording)
    segment.recording = recording
    return segment
