"""REST API of coding under /api/studies/{study_id}/: codes, codings, memos and agreement.

Thin viewsets: permission on the study (members read, owners and analysts write; anyone else
gets 404), input serializers, then a service; a CodingError (a DomainError) leaves the view and
api_exception_handler answers it: 400 (409 for a duplicate), naming the field.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from focusgroup.params import query_int
from statements.api_permissions import StudyRolePermission
from statements.models import Role, Study
from statements.permissions import study_role

from . import services
from .errors import CodingError
from .models import FINAL_CODER, Code, Coding, Memo
from .permissions import CAN_CODE
from .selectors import memo_list, study_agreement
from .serializers import (
    AgreementOut,
    CodeDeleteOut,
    CodeIn,
    CodeMergeIn,
    CodeMoveIn,
    CodeOut,
    CodeUpdateIn,
    CodingIn,
    CodingOut,
    MemoIn,
    MemoOut,
    MemoUpdateIn,
)

STUDY_ID = OpenApiParameter("study_id", OpenApiTypes.INT, OpenApiParameter.PATH)
ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)


class StudyScoped:
    permission_classes: ClassVar = [StudyRolePermission]
    write_roles = CAN_CODE

    def get_study(self) -> Study:
        return get_object_or_404(Study, pk=self.kwargs["study_id"])


@extend_schema_view(
    list=extend_schema(parameters=[STUDY_ID]),
    retrieve=extend_schema(parameters=[STUDY_ID, ID]),
    create=extend_schema(parameters=[STUDY_ID], request=CodeIn, responses={201: CodeOut}),
    partial_update=extend_schema(
        parameters=[STUDY_ID, ID], request=CodeUpdateIn, responses={200: CodeOut}
    ),
    destroy=extend_schema(
        parameters=[
            STUDY_ID,
            ID,
            OpenApiParameter("confirm", bool, description="Needed: also deletes codings."),
        ],
        responses={200: CodeDeleteOut},
    ),
)
class CodeViewSet(StudyScoped, viewsets.ModelViewSet):
    """The study's codebook (a tree through `parent`)."""

    serializer_class = CodeOut
    http_method_names: ClassVar = ["get", "post", "patch", "delete"]

    def get_queryset(self):
        return Code.objects.filter(study_id=self.kwargs["study_id"]).order_by("position", "id")

    def create(self, request: Request, study_id: int) -> Response:
        data = CodeIn(data=request.data)
        data.is_valid(raise_exception=True)
        code = services.code_create(study=self.get_study(), **data.validated_data)
        return Response(CodeOut(code).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, study_id: int, pk=None) -> Response:
        data = CodeUpdateIn(data=request.data)
        data.is_valid(raise_exception=True)
        code = services.code_update(code=self.get_object(), **data.validated_data)
        return Response(CodeOut(code).data)

    def destroy(self, request: Request, study_id: int, pk=None) -> Response:
        confirm = request.query_params.get("confirm") in {"1", "true", "yes"}
        impact = services.code_delete(code=self.get_object(), confirm=confirm)
        return Response(CodeDeleteOut(impact).data)

    @extend_schema(parameters=[STUDY_ID, ID], request=CodeMoveIn, responses={200: CodeOut})
    @action(detail=True, methods=["post"])
    def move(self, request: Request, study_id: int, pk=None) -> Response:
        data = CodeMoveIn(data=request.data)
        data.is_valid(raise_exception=True)
        code = services.code_move(code=self.get_object(), **data.validated_data)
        return Response(CodeOut(code).data)

    @extend_schema(parameters=[STUDY_ID, ID], request=CodeMergeIn, responses={200: CodeOut})
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, study_id: int, pk=None) -> Response:
        data = CodeMergeIn(data=request.data)
        data.is_valid(raise_exception=True)
        target = self.get_queryset().filter(pk=data.validated_data["target"]).first()
        if target is None:
            raise CodingError(_("No such code in this study."), where="target")
        code = services.code_merge(source=self.get_object(), target=target)
        return Response(CodeOut(code).data)


CODING_FILTERS = [
    STUDY_ID,
    OpenApiParameter("coder", str, description="Only this coder's codings."),
    OpenApiParameter("code", str, description="Only this code (its key)."),
    OpenApiParameter("note", str, description="Only codings of this note."),
    OpenApiParameter("segment", int, description="Only codings of this transcript line."),
]


@extend_schema_view(
    list=extend_schema(parameters=CODING_FILTERS),
    retrieve=extend_schema(parameters=[STUDY_ID, ID]),
    create=extend_schema(parameters=[STUDY_ID], request=CodingIn, responses={201: CodingOut}),
    destroy=extend_schema(parameters=[STUDY_ID, ID]),
)
class CodingViewSet(
    StudyScoped,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Codings: a coder applied a code to a span of a note or a transcript line."""

    serializer_class = CodingOut

    def get_queryset(self):
        codings = Coding.objects.filter(study_id=self.kwargs["study_id"]).select_related("code")
        params = self.request.query_params
        if params.get("coder"):
            codings = codings.filter(coder=params["coder"])
        if params.get("code"):
            codings = codings.filter(code__key=params["code"])
        if params.get("note"):
            codings = codings.filter(note_id=_note_id(params["note"]))
        segment = query_int(params, "segment")
        if segment is not None:
            codings = codings.filter(segment_id=segment)
        return codings.order_by("id")

    def create(self, request: Request, study_id: int) -> Response:
        data = CodingIn(data=request.data)
        data.is_valid(raise_exception=True)
        coding = services.coding_create(
            study=self.get_study(), user=request.user, **data.validated_data
        )
        return Response(CodingOut(coding).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: Coding) -> None:
        mine = {services.coder_label(self.request.user), FINAL_CODER}
        if (
            instance.coder not in mine
            and study_role(self.request.user, instance.study_id) != Role.OWNER
        ):
            raise PermissionDenied(_("Only its coder (or an owner) removes a coding."))
        services.coding_delete(coding=instance)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            STUDY_ID,
            OpenApiParameter("q", str, description="Search text, author and code."),
            OpenApiParameter("about", str, description="code, note, segment, statement, study"),
        ]
    ),
    retrieve=extend_schema(parameters=[STUDY_ID, ID]),
    create=extend_schema(parameters=[STUDY_ID], request=MemoIn, responses={201: MemoOut}),
    partial_update=extend_schema(
        parameters=[STUDY_ID, ID], request=MemoUpdateIn, responses={200: MemoOut}
    ),
    destroy=extend_schema(parameters=[STUDY_ID, ID]),
)
class MemoViewSet(StudyScoped, viewsets.ModelViewSet):
    """Memos on a code, a note, a transcript line, a statement or the study."""

    serializer_class = MemoOut
    http_method_names: ClassVar = ["get", "post", "patch", "delete"]

    def get_queryset(self):
        params = self.request.query_params
        return memo_list(
            self.get_study(), search=params.get("q", ""), about=params.get("about", "")
        )

    def create(self, request: Request, study_id: int) -> Response:
        data = MemoIn(data=request.data)
        data.is_valid(raise_exception=True)
        memo = services.memo_create(
            study=self.get_study(), user=request.user, **data.validated_data
        )
        return Response(MemoOut(memo).data, status=status.HTTP_201_CREATED)

    def _own(self, memo: Memo) -> Memo:
        if (
            memo.author_user_id != self.request.user.pk
            and study_role(self.request.user, memo.study_id) != Role.OWNER
        ):
            raise PermissionDenied(_("Only its author (or an owner) changes a memo."))
        return memo

    def partial_update(self, request: Request, study_id: int, pk=None) -> Response:
        data = MemoUpdateIn(data=request.data)
        data.is_valid(raise_exception=True)
        memo = services.memo_update(memo=self._own(self.get_object()), **data.validated_data)
        return Response(MemoOut(memo).data)

    def perform_destroy(self, instance: Memo) -> None:
        services.memo_delete(memo=self._own(instance))


class AgreementAPIView(StudyScoped, APIView):
    """Agreement per code between the study's coders (the final coder left out)."""

    @extend_schema(parameters=[STUDY_ID], responses={200: AgreementOut})
    def get(self, request: Request, study_id: int) -> Response:
        study = self.get_study()
        return Response(study_agreement(study).as_document(study.title))


def _note_id(value: str) -> uuid.UUID:
    """A note's id from a query string, or a 400 naming the parameter."""
    try:
        return uuid.UUID(value)
    except ValueError:
        raise CodingError(
            _("'note' must be a note's id (a UUID), not %(value)s.") % {"value": repr(value[:40])},
            where="note",
        ) from None
