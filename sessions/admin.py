"""The Django admin of sessions, participants, notes and the event log.

An operators' tool, open to superusers only (see statements/admin.py)."""

from __future__ import annotations

from django.contrib import admin

from statements.admin import OperatorAdmin

from .models import (
    BoardEvent,
    Note,
    NoteRevision,
    Participant,
    Session,
)


@admin.register(Session)
class SessionAdmin(OperatorAdmin):
    list_display = ["name", "study", "held_on", "step", "locked", "invites_open", "started_at"]
    list_filter = ["step", "locked", "invites_open"]
    search_fields = ["name", "study__title", "join_code"]
    list_select_related = ["study"]
    raw_id_fields = ["active_statement", "highlighted_note"]
    exclude = ["invite_token"]


@admin.register(Participant)
class ParticipantAdmin(OperatorAdmin):
    list_display = ["code", "study", "session", "color", "consented_at", "removed_at"]
    list_filter = ["consented_at", "removed_at"]
    search_fields = ["code", "study__title", "session__name"]
    list_select_related = ["study", "session"]
    exclude = ["access_token"]


@admin.register(Note)
class NoteAdmin(OperatorAdmin):
    list_display = ["short_text", "participant", "statement", "level", "session", "created_at"]
    list_filter = ["flagged_unclear", "deleted_at"]
    search_fields = ["text", "participant__code", "statement__key", "session__name"]
    list_select_related = ["participant", "statement", "level", "session"]
    raw_id_fields = ["session", "statement", "participant", "level"]
    date_hierarchy = "created_at"

    @admin.display(description="Text")
    def short_text(self, note: Note) -> str:
        return note.text[:60]


@admin.register(NoteRevision)
class NoteRevisionAdmin(OperatorAdmin):
    list_display = ["note", "version", "kind", "level", "created_at"]
    list_filter = ["kind"]
    search_fields = ["text", "note__id"]
    list_select_related = ["note__participant", "note__statement", "level"]
    raw_id_fields = ["note", "level"]


@admin.register(BoardEvent)
class BoardEventAdmin(OperatorAdmin):
    list_display = ["seq", "type", "session", "statement", "step", "created_at"]
    list_filter = ["type", "step"]
    search_fields = ["type", "session__name"]
    list_select_related = ["session", "statement"]
    raw_id_fields = ["session", "statement"]
