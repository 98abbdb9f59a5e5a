"""REST API of resumable recording uploads (/api/recording-uploads/).

Create, send chunks with Content-Range, read the offset to resume, finish into a Recording, or
delete. Owners and moderators of the session's study only; an upload is seen by its uploader
alone."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from sessions.models import Session
from statements.permissions import CAN_MANAGE_RECORDINGS, CAN_READ_DATA, studies_for

from . import resumable
from .api import RecordingOutput
from .models import RecordingUpload

UUID_PATTERN = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
NO_UPLOAD = gettext_lazy(
    "No upload with this id: it may have expired, been refused when finished, or belong to "
    "someone else."
)
CONTENT_RANGE = OpenApiParameter(
    "Content-Range",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="Where the chunk goes: `bytes <first>-<last>/<total>`; first must be the offset.",
)


class UploadInput(serializers.Serializer):
    session = serializers.IntegerField(min_value=1)
    filename = serializers.CharField(max_length=1000)
    size = serializers.IntegerField(min_value=1)
    sha256 = serializers.CharField(max_length=64, min_length=64)
    started_at = serializers.DateTimeField(required=False, allow_null=True)


class UploadOutput(serializers.ModelSerializer):
    filename = serializers.CharField(source="original_name")
    offset = serializers.IntegerField(source="received")
    complete = serializers.SerializerMethodField()
    recording = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = RecordingUpload
        fields = [
            "id",
            "session",
            "filename",
            "size",
            "sha256",
            "offset",
            "complete",
            "started_at",
            "recording",
            "created_at",
            "updated_at",
        ]

    def get_complete(self, upload: RecordingUpload) -> bool:
        return upload.received == upload.size


class RecordingUploadViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Resumable uploads: POST to open, PATCH chunks, GET the offset, POST finish, DELETE."""

    serializer_class = UploadOutput
    lookup_value_regex = UUID_PATTERN
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        studies = studies_for(self.request.user, CAN_MANAGE_RECORDINGS)
        return RecordingUpload.objects.filter(
            created_by=self.request.user, session__study__in=studies
        ).select_related("session")

    def get_object(self) -> RecordingUpload:
        upload = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if upload is None:
            raise NotFound(NO_UPLOAD)
        return upload

    def _session(self, session_id: int) -> Session:
        user = self.request.user
        session = (
            Session.objects.filter(pk=session_id, study__in=studies_for(user, CAN_READ_DATA))
            .select_related("study")
            .first()
        )
        if session is None:
            raise serializers.ValidationError(
                {
                    "session": [
                        _("No session %(session)s in a study you are a member of.")
                        % {"session": session_id}
                    ]
                }
            )
        if not studies_for(user, CAN_MANAGE_RECORDINGS).filter(pk=session.study_id).exists():
            raise PermissionDenied(
                _("Only the study's owner or a moderator may upload recordings.")
            )
        return session

    @extend_schema(request=UploadInput, responses={201: UploadOutput})
    def create(self, request: Request, *args, **kwargs) -> Response:
        data = UploadInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        upload = resumable.upload_create(
            session=self._session(values["session"]),
            user=request.user,
            filename=values["filename"],
            size=values["size"],
            sha256=values["sha256"],
            started_at=values.get("started_at"),
        )
        location = reverse("recording-upload-detail", args=[upload.pk])
        return Response(
            UploadOutput(upload).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": location},
        )

    @extend_schema(
        request={"application/octet-stream": OpenApiTypes.BINARY},
        parameters=[CONTENT_RANGE],
        responses={
            200: UploadOutput,
            400: OpenApiResponse(description="Bad Content-Range or a chunk cut short."),
            409: OpenApiResponse(description="The chunk does not start at the offset."),
            416: OpenApiResponse(description="The chunk ends past the declared size."),
        },
        description="Append a chunk: the raw bytes, placed by Content-Range. A chunk cut short "
        "keeps the bytes that arrived; GET the upload for the offset to resume from.",
    )
    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        upload = self.get_object()
        length = request.META.get("CONTENT_LENGTH") or ""
        resumable.chunk_write(
            upload=upload,
            content_range=request.headers.get("Content-Range", ""),
            length=int(length) if length.isdigit() else None,
            stream=request._request,  # the raw body, read block by block, never in memory
        )
        return Response(UploadOutput(upload).data)

    @extend_schema(request=None, responses={201: RecordingOutput})
    @action(detail=True, methods=["post"])
    def finish(self, request: Request, pk=None) -> Response:
        """Check the checksum and make the recording (queued for transcription); idempotent."""
        upload = self.get_object()
        recording = resumable.upload_finish(upload=upload, user=request.user)
        return Response(RecordingOutput(recording).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: RecordingUpload) -> None:
        resumable.upload_abort(upload=instance)
