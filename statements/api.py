"""REST API of studies and their design: thin viewsets whose writes call services.

Studies live at /api/studies/; their parts are nested under /api/studies/{study_id}/… so that
one permission check on the study covers every request (see api_permissions.py).
"""

from __future__ import annotations

from typing import ClassVar

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from . import services
from .api_base import STUDY_PK, SplitSerializersMixin, StudyScopedMixin
from .api_permissions import StudyRolePermission
from .models import Membership, ProfileField, Role, ScaleLevel, Statement
from .permissions import CAN_EDIT_DESIGN, CAN_MANAGE_MEMBERS
from .selectors import study_list_for
from .serializers import (
    MembershipInput,
    MembershipSerializer,
    MoveSerializer,
    ProfileFieldInput,
    ProfileFieldSerializer,
    ScaleLevelInput,
    ScaleLevelSerializer,
    ScalePresetSerializer,
    StatementInput,
    StatementSerializer,
    StudyInput,
    StudySerializer,
)


class StudyViewSet(SplitSerializersMixin, viewsets.ModelViewSet):
    """Studies the user is a member of. Anyone signed in creates one and becomes its owner;
    only owners change or delete it."""

    serializer_class = StudySerializer
    input_serializer_class = StudyInput
    permission_classes: ClassVar = [StudyRolePermission]
    write_roles = CAN_EDIT_DESIGN

    def get_queryset(self):
        return study_list_for(self.request.user).order_by("-created_at", "-id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.study_create(
            owner=self.request.user, scale=data.pop("scale_preset"), **data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("scale_preset", None)
        services.study_update(study=serializer.instance, **data)

    def perform_destroy(self, instance):
        services.study_delete(study=instance, actor=self.request.user)


@extend_schema_view(
    list=extend_schema(parameters=[STUDY_PK]),
    create=extend_schema(parameters=[STUDY_PK]),
    retrieve=extend_schema(parameters=[STUDY_PK]),
    update=extend_schema(parameters=[STUDY_PK]),
    partial_update=extend_schema(parameters=[STUDY_PK]),
    destroy=extend_schema(parameters=[STUDY_PK]),
)
class StudyPartViewSet(SplitSerializersMixin, StudyScopedMixin, viewsets.ModelViewSet):
    """Base of the editable parts of a study (scale, statements, fields, members)."""


class OrderedPartViewSet(StudyPartViewSet):
    """A study part kept in order, with a `move` action."""

    @extend_schema(parameters=[STUDY_PK], request=MoveSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request: Request, study_id=None, pk=None) -> Response:
        """Move the item one place up or down."""
        item = self.get_object()
        body = MoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        type(self).move_service(**{self.instance_arg: item}, **body.validated_data)
        item.refresh_from_db()
        return Response(self.get_serializer(item).data)


def _static(function):
    return staticmethod(function)


class ScaleLevelViewSet(OrderedPartViewSet):
    """The study's scale levels, left to right; fixed (but for labels) once notes use them."""

    serializer_class = ScaleLevelSerializer
    input_serializer_class = ScaleLevelInput
    model = ScaleLevel
    instance_arg = "level"
    add = _static(services.scale_level_add)
    update_service = _static(services.scale_level_update)
    delete_service = _static(services.scale_level_delete)
    move_service = _static(services.scale_level_move)

    @extend_schema(
        parameters=[STUDY_PK],
        request=ScalePresetSerializer,
        responses=ScaleLevelSerializer(many=True),
    )
    @action(detail=False, methods=["post"])
    def preset(self, request: Request, study_id=None) -> Response:
        """Replace the whole scale with a preset."""
        body = ScalePresetSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        levels = services.scale_preset_apply(study=self.study, **body.validated_data)
        return Response(ScaleLevelSerializer(levels, many=True).data, status=status.HTTP_200_OK)


class StatementViewSet(OrderedPartViewSet):
    """The study's statements in board order."""

    serializer_class = StatementSerializer
    input_serializer_class = StatementInput
    model = Statement
    instance_arg = "statement"
    add = _static(services.statement_add)
    update_service = _static(services.statement_update)
    delete_service = _static(services.statement_delete)
    move_service = _static(services.statement_move)


class ProfileFieldViewSet(OrderedPartViewSet):
    """The study's participant characterization form."""

    serializer_class = ProfileFieldSerializer
    input_serializer_class = ProfileFieldInput
    model = ProfileField
    instance_arg = "field"
    add = _static(services.profile_field_add)
    update_service = _static(services.profile_field_update)
    delete_service = _static(services.profile_field_delete)
    move_service = _static(services.profile_field_move)


class MembershipViewSet(StudyPartViewSet):
    """Who has which role in the study; owners invite, change roles and remove."""

    serializer_class = MembershipSerializer
    input_serializer_class = MembershipInput
    model = Membership
    write_roles = CAN_MANAGE_MEMBERS
    ordering = ("role", "user__username")

    def get_queryset(self):
        return super().get_queryset().select_related("user")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.membership_invite(
            study=self.study,
            identifier=data["user"],
            role=data["role"],
            actor=self.request.user,
        )

    def perform_update(self, serializer):
        membership = serializer.instance
        role = serializer.validated_data.get("role", membership.role)
        serializer.instance = services.membership_set(
            study=self.study,
            user=membership.user,
            role=Role(role),
            actor=self.request.user,
        )

    def perform_destroy(self, instance):
        services.membership_remove(membership=instance, actor=self.request.user)
