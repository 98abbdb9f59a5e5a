"""The Django admin of recordings, speakers and transcript lines: an operators' tool, open to
superusers only (see statements/admin.py)."""

from __future__ import annotations

from django.contrib import admin

from statements.admin import OperatorAdmin

from .models import Recording, Speaker, TranscriptSegment


@admin.register(Recording)
class RecordingAdmin(OperatorAdmin):
    list_display = ["original_name", "session", "status", "duration", "engine", "created_at"]
    list_filter = ["status", "engine"]
    search_fields = ["original_name", "session__name"]
    list_select_related = ["session"]


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
