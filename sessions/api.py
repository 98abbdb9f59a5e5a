"""REST API of sessions, participants and notes for the members of a study.

Nested under /api/studies/{study_id}/. Owners and moderators create sessions and participants;
analysts read. Notes are read-only here (the live board writes them; see api_board.py).
"""

from __future__ import annotations

from typing import ClassVar

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from focusgroup.params import query_int
from statements.api_base import STUDY_PK, SplitSerializersMixin, StudyScopedMixin
from statements.api_permissions import StudyRolePermission
from statements.permissions import CAN_RUN_SESSIONS

from . import services
from .errors import BoardError
from .models import NOTE_ORDER, Note, Participant, Session, Withdrawal
from .serializers import (
    NoteSerializer,
    ParticipantInput,
    ParticipantSerializer,
    SessionInput,
    SessionSerializer,
    WithdrawalSerializer,
)
from .withdrawal import participant_withdraw


class StudyContextMixin:
    """Give serializers the study of the URL."""

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["study"] = self.study
        return context


@extend_schema_view(
    list=extend_schema(parameters=[STUDY_PK]),
    create=extend_schema(parameters=[STUDY_PK]),
    retrieve=extend_schema(parameters=[STUDY_PK]),
)
class SessionViewSet(
    SplitSerializersMixin,
    StudyContextMixin,
    StudyScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The study's sessions; owners and moderators add them."""

    serializer_class = SessionSerializer
    input_serializer_class = SessionInput
    model = Session
    write_roles = CAN_RUN_SESSIONS

    def perform_create(self, serializer):
        serializer.instance = services.session_create(study=self.study, **serializer.validated_data)


SESSION_FILTER = OpenApiParameter(
    "session", OpenApiTypes.INT, description="Only those of this session (its id)."
)
STATEMENT_FILTER = OpenApiParameter(
    "statement", OpenApiTypes.INT, description="Only those on this statement (its id)."
)


@extend_schema_view(
    list=extend_schema(parameters=[STUDY_PK, SESSION_FILTER]),
    create=extend_schema(parameters=[STUDY_PK]),
    retrieve=extend_schema(parameters=[STUDY_PK]),
)
class ParticipantViewSet(
    SplitSerializersMixin,
    StudyContextMixin,
    StudyScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The study's participants (P1, P2, … across sessions); owners and moderators add them."""

    serializer_class = ParticipantSerializer
    input_serializer_class = ParticipantInput
    model = Participant
    write_roles = CAN_RUN_SESSIONS
    ordering = ("number", "id")

    def get_queryset(self):
        # An erased withdrawal is a tombstone; an anonymised one shows under its neutral code.
        queryset = super().get_queryset().exclude(withdrawal=Withdrawal.ERASED)
        session = query_int(self.request.query_params, "session")
        if session is not None:
            queryset = queryset.filter(session_id=session)
        return queryset

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.participant_create(
            session=data["session"],
            profile=data.get("profile") or {},
            consented_at=None,  # a researcher adds them; they consent when they join themselves
        )

    @extend_schema(parameters=[STUDY_PK], request=None, responses=WithdrawalSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, study_id=None, pk=None) -> Response:
        """Record the participant's withdrawal of consent: their data is erased or anonymised
        as the study's withdrawal policy says (owners and moderators)."""
        participant = self.get_object()
        try:
            result = participant_withdraw(participant=participant, actor=request.user)
        except BoardError as error:
            return Response(error.as_message(), status=error.status)
        return Response(WithdrawalSerializer(result, context=self.get_serializer_context()).data)


@extend_schema_view(
    list=extend_schema(parameters=[STUDY_PK, SESSION_FILTER, STATEMENT_FILTER]),
    retrieve=extend_schema(
        parameters=[
            STUDY_PK,
            OpenApiParameter("id", OpenApiTypes.UUID, OpenApiParameter.PATH),
        ]
    ),
)
class NoteViewSet(
    StudyContextMixin,
    StudyScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The notes of the study's sessions (deleted ones left out), filterable by session and
    statement. Read-only: notes are written on the live board."""

    serializer_class = NoteSerializer
    model = Note
    permission_classes: ClassVar = [StudyRolePermission]
    ordering = NOTE_ORDER

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Note.objects.none()
        queryset = Note.objects.filter(
            session__study_id=self.kwargs["study_id"], deleted_at__isnull=True
        ).select_related("session", "statement", "participant", "level")
        params = self.request.query_params
        if (session := query_int(params, "session")) is not None:
            queryset = queryset.filter(session_id=session)
        if (statement := query_int(params, "statement")) is not None:
            queryset = queryset.filter(statement_id=statement)
        return queryset.order_by(*self.ordering)
