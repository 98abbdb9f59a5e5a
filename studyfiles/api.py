"""REST API of study files: import a file as a new study, export a study as a file.

POST /api/studies/import/ takes the file as the request body (JSON) or as the `file` field of a
multipart form; GET /api/studies/{id}/export/ answers the document itself.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http.request import RawPostDataException
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from focusgroup.errors import RefusalSerializer
from statements.audit import audit_study_export, audit_study_import
from statements.models import Study
from statements.permissions import CAN_VIEW, has_study_permission

from .parse import too_large_error
from .schema import schema as published_schema
from .studyfile import StudyFileError, study_export, study_file_read, study_import
from .validation import FORMAT_VERSION


class StudyImportedSerializer(serializers.Serializer):
    """The study created by an import."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.URLField(help_text="The study's page.")
    export_url = serializers.URLField(help_text="Its study file through the API.")


def study_file_schema(*, versions: list[int] | None = None) -> dict:
    """The top of the published JSON Schema (docs/study-format.schema.json) as an OpenAPI schema.

    OpenAPI 3.0 cannot hold JSON Schema 2020-12 (`$defs`, `const`, `if`/`then`), so the body of
    `study` is left to the published schema, which the description names.
    """
    published = published_schema()
    top = published["properties"]
    return {
        "type": "object",
        "description": (
            "A study file. Its full structure is the published JSON Schema "
            "`docs/study-format.schema.json` (`$id` "
            f"{published['$id']}); the importer applies it and then checks the references "
            "between places."
        ),
        "required": list(published["required"]),
        "additionalProperties": False,
        "properties": {
            "format": {"type": "string", "enum": [top["format"]["const"]]},
            "version": {"type": "integer", "enum": list(versions or top["version"]["enum"])},
            "study": {
                "type": "object",
                "additionalProperties": True,
                "description": "The study: `$defs/study_v1` or `$defs/study_v2` of the "
                "published schema, by `version`.",
            },
        },
    }


MULTIPART_SCHEMA = inline_serializer(
    "StudyFileUpload", fields={"file": serializers.FileField(help_text="The study file (JSON).")}
)


class StudyImportAPIView(APIView):
    """Import a study file; the caller becomes the new study's owner. All or nothing."""

    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(
        operation_id="study_import",
        summary="Import a study file as a new study",
        request={
            "application/json": study_file_schema(),
            "multipart/form-data": MULTIPART_SCHEMA,
        },
        responses={
            201: StudyImportedSerializer,
            400: OpenApiResponse(
                RefusalSerializer,
                description="The file breaks a rule (`pointer` says where); nothing was written.",
                examples=[
                    OpenApiExample(
                        "Unknown level",
                        value={
                            "code": "study_file_invalid",
                            "message": 'There is no level "agree" in the study\'s scale '
                            "(level keys: strongly_agree, partially_agree).",
                            "pointer": "/study/sessions/1/notes/7/level",
                        },
                    )
                ],
            ),
        },
        tags=["study files"],
    )
    def post(self, request: Request) -> Response:
        # A refused file (StudyFileError) is answered by focusgroup.errors.api_exception_handler.
        study = study_import(data=self._file_bytes(request), owner=request.user)
        audit_study_import(study=study, actor=request.user, via="api")
        detail_url = request.build_absolute_uri(reverse("study-detail", args=[study.pk]))
        export_url = request.build_absolute_uri(reverse("api-study-export", args=[study.pk]))
        return Response(
            {"id": study.pk, "title": study.title, "url": detail_url, "export_url": export_url},
            status=status.HTTP_201_CREATED,
            headers={"Location": detail_url},
        )

    @staticmethod
    def _file_bytes(request: Request) -> bytes:
        if request.content_type.startswith("multipart/form-data"):
            upload = request.FILES.get("file")
            if upload is None:
                message = _(
                    'Send the study file as the "file" field of the form, or as a JSON body.'
                )
                raise StudyFileError("", message)
            return study_file_read(upload)
        # The raw body, not request.data: our parser refuses NaN and keys given twice.
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        if length > settings.STUDY_FILE_MAX_BYTES:
            raise too_large_error(length)
        try:
            return request.body
        except RequestDataTooBig:
            message = _("The request body is larger than this server takes; upload it as a file.")
            raise StudyFileError("", message) from None
        except RawPostDataException:  # pragma: no cover - the body was already parsed
            raise StudyFileError("", _("The request body could not be read again.")) from None


class StudyExportAPIView(APIView):
    """A study as a study file, for any member of it (others get 404)."""

    @extend_schema(
        operation_id="study_export",
        summary="Export a study as a study file",
        responses={
            200: OpenApiResponse(
                study_file_schema(versions=[FORMAT_VERSION]),
                description=f"The study file (format version {FORMAT_VERSION}).",
            ),
            404: OpenApiResponse(description="No such study, or you are not a member."),
        },
        tags=["study files"],
    )
    def get(self, request: Request, study_id: int) -> Response:
        study = get_object_or_404(Study, pk=study_id)
        if not has_study_permission(request.user, study, CAN_VIEW):
            raise NotFound(_("No such study."))
        audit_study_export(study=study, actor=request.user, via="api")
        return Response(study_export(study=study))
