"""Pages of recordings, included from sessions/urls.py."""

from __future__ import annotations

from django.urls import path

from . import actions, views

urlpatterns = [
    path(
        "studies/<int:study_id>/sessions/<int:session_id>/recordings/",
        views.recording_list,
        name="recording-list",
    ),
    path(
        "studies/<int:study_id>/sessions/<int:session_id>/recordings/upload/",
        views.recording_upload,
        name="recording-upload",
    ),
    path(
        "studies/<int:study_id>/statements/<int:statement_id>/transcript/",
        views.statement_transcript,
        name="statement-transcript",
    ),
    path("notes/<uuid:note_id>/transcript/", views.note_transcript, name="note-transcript"),
    path("recordings/<int:recording_id>/", views.recording_detail, name="recording-detail"),
    path("recordings/<int:recording_id>/status/", views.recording_status, name="recording-status"),
    path("recordings/<int:recording_id>/audio/", views.recording_audio, name="recording-audio"),
    path(
        "recordings/<int:recording_id>/export.<str:fmt>",
        views.recording_export,
        name="recording-export",
    ),
    path(
        "recordings/<int:recording_id>/segments/<int:segment_id>/board/",
        views.segment_board,
        name="segment-board",
    ),
    path(
        "recordings/<int:recording_id>/segments/<int:segment_id>/",
        actions.segment_edit,
        name="segment-edit",
    ),
    path(
        "recordings/<int:recording_id>/delete/", actions.recording_delete, name="recording-delete"
    ),
    path(
        "recordings/<int:recording_id>/transcribe/",
        actions.recording_retranscribe,
        name="recording-transcribe",
    ),
    path(
        "recordings/<int:recording_id>/started-at/",
        actions.recording_started_at,
        name="recording-started-at",
    ),
    path("recordings/<int:recording_id>/speakers/", actions.speaker_save, name="speaker-save"),
    path(
        "recordings/<int:recording_id>/speakers/confirm/",
        actions.speakers_confirm,
        name="speakers-confirm",
    ),
    path(
        "recordings/<int:recording_id>/speakers/detect/",
        actions.speakers_redetect,
        name="speakers-detect",
    ),
    path(
        "recordings/<int:recording_id>/lines/speaker/",
        actions.segments_reassign,
        name="segments-reassign",
    ),
]
