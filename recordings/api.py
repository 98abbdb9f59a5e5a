"""REST API of recordings and transcript lines: read for every role, writes for owner/moderator."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from focusgroup.params import query_int
from statements.permissions import (
    CAN_MANAGE_RECORDINGS,
    CAN_READ_DATA,
    has_study_permission,
    studies_for,
)

from . import services
from .api_speakers import SpeakerActionsMixin
from .models import Recording, TranscriptSegment


class RecordingOutput(serializers.ModelSerializer):
    error = serializers.CharField(
        source="error_text", read_only=True, help_text="Why it failed, in the reader's language."
    )

    class Meta:
        model = Recording
        fields = [
            "id",
            "session",
            "original_name",
            "size",
            "duration",
            "codec",
            "started_at",
            "status",
            "stage",
            "progress",
            "error",
            "engine",
            "transcribed_at",
            "created_at",
        ]


class SegmentOutput(serializers.ModelSerializer):
    speaker = serializers.SerializerMethodField()
    statement = serializers.SlugRelatedField(slug_field="key", read_only=True)

    class Meta:
        model = TranscriptSegment
        fields = [
            "id",
            "recording",
            "index",
            "start",
            "end",
            "text",
            "original_text",
            "words",
            "speaker",
            "statement",
            "step",
        ]

    def get_speaker(self, segment: TranscriptSegment) -> str:
        return segment.speaker.code if segment.speaker else ""


class SegmentInput(serializers.Serializer):
    text = serializers.CharField(max_length=10_000)


class RecordingViewSet(
    SpeakerActionsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Recordings of the studies the user may read; delete and speaker changes need owner or
    moderator."""

    serializer_class = RecordingOutput

    def get_queryset(self):
        studies = studies_for(self.request.user, CAN_READ_DATA)
        queryset = Recording.objects.filter(session__study__in=studies).select_related("session")
        if (session := query_int(self.request.query_params, "session")) is not None:
            queryset = queryset.filter(session_id=session)
        return queryset.order_by("id")

    def perform_destroy(self, instance: Recording) -> None:
        if not has_study_permission(
            self.request.user, instance.session.study_id, CAN_MANAGE_RECORDINGS
        ):
            raise PermissionDenied(
                _("Only the study's owner or a moderator may delete recordings.")
            )
        services.recording_delete(recording=instance, actor=self.request.user)


class SegmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Transcript lines (filter with ?recording=); PATCH text corrects a line."""

    serializer_class = SegmentOutput
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        studies = studies_for(self.request.user, CAN_READ_DATA)
        queryset = TranscriptSegment.objects.filter(
            recording__session__study__in=studies
        ).select_related("speaker__participant", "statement", "recording__session")
        if (recording := query_int(self.request.query_params, "recording")) is not None:
            queryset = queryset.filter(recording_id=recording)
        return queryset.order_by("recording_id", "index")

    def update(self, request, *args, **kwargs):
        segment = self.get_object()
        if not has_study_permission(
            request.user, segment.recording.session.study_id, CAN_MANAGE_RECORDINGS
        ):
            raise PermissionDenied(_("Only the study's owner or a moderator may correct lines."))
        data = SegmentInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.segment_update(segment=segment, text=data.validated_data["text"])
        return Response(SegmentOutput(segment).data)
