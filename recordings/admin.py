"""The Django admin of recordings, speakers, transcript lines and the machine's own state.

The machine's own state is the lines of a run in progress and the resumable uploads. An operators'
tool, open to superusers only (see statements/admin.py)."""

from __future__ import annotations

from django.contrib import admin

from statements.admin import OperatorAdmin

from .models import Recording, RecordingUpload, Speaker, StagedSegment, TranscriptSegment


@admin.register(Recording)
class RecordingAdmin(OperatorAdmin):
    list_display = ["original_name", "session", "status", "duration", "engine", "created_at"]
    list_filter = ["status", "speakers_status", "engine"]
    search_fields = ["original_name", "session__name"]
    list_select_related = ["session"]
    # The file lives in private storage with no URL (the file widget would fail on it): its
    # stored name is shown instead, and what the worker measured or owns is read-only.
    exclude = ["file"]
    readonly_fields = [
        "stored_file",
        "size",
        "codec",
        "duration",
        "run_id",
        "transcript_run_id",
        "attempts",
        "heartbeat_at",
        "transcribed_at",
    ]

    @admin.display(description="stored file")
    def stored_file(self, recording: Recording) -> str:
        return recording.file.name


@admin.register(Speaker)
class SpeakerAdmin(OperatorAdmin):
    list_display = ["label", "recording", "participant", "is_moderator"]
    list_filter = ["is_moderator"]
    search_fields = ["label", "recording__original_name"]
    list_select_related = ["recording", "participant"]


@admin.register(TranscriptSegment)
class TranscriptSegmentAdmin(OperatorAdmin):
    list_display = ["index", "recording", "start", "end", "speaker", "statement", "step"]
    list_filter = ["step"]
    search_fields = ["text", "recording__original_name"]
    list_select_related = ["recording", "speaker__participant", "statement"]
    raw_id_fields = ["recording", "speaker", "statement"]


class MachineStateAdmin(OperatorAdmin):
    """What the worker or the upload API writes: shown, and deletable when stuck, never added or
    edited by hand (a hand-made staged line or upload would only confuse the run that owns it)."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(StagedSegment)
class StagedSegmentAdmin(MachineStateAdmin):
    list_display = ["index", "recording", "run_id", "start", "end"]
    search_fields = ["text", "recording__original_name", "run_id"]
    list_select_related = ["recording"]


@admin.register(RecordingUpload)
class RecordingUploadAdmin(MachineStateAdmin):
    list_display = [
        "original_name",
        "session",
        "created_by",
        "received",
        "size",
        "recording",
        "updated_at",
    ]
    search_fields = ["original_name", "session__name", "created_by__username", "sha256"]
    list_select_related = ["session", "created_by", "recording"]
