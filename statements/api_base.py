"""The base of every study-scoped REST view.

The study path parameter, separate input and output serializers, and the mixin of views nested under
/api/studies/{study_id}/. A service's refusal (DomainError) leaves the view as it is:
focusgroup.errors.api_exception_handler answers it."""

from __future__ import annotations

from typing import ClassVar

from django.shortcuts import get_object_or_404
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers, status
from rest_framework.response import Response

from .api_permissions import StudyRolePermission
from .models import Study
from .permissions import CAN_EDIT_DESIGN

STUDY_PK = OpenApiParameter(
    "study_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The study's id."
)


WRITES = ("create", "update", "partial_update")


class SplitSchema(AutoSchema):
    """The OpenAPI side of SplitSerializersMixin: writes take the input serializer and answer
    with the output one."""

    def _writes(self) -> bool:
        view = self.view
        return getattr(view, "input_serializer_class", None) is not None and (
            getattr(view, "action", None) in WRITES
        )

    def get_request_serializer(self):
        if self._writes():
            return self.view.input_serializer_class
        return super().get_request_serializer()

    def get_response_serializers(self):
        if self._writes():
            return self.view.serializer_class
        return super().get_response_serializers()


class SplitSerializersMixin:
    """A viewset whose writes validate with `input_serializer_class` (only what a client sends)
    and answer with `serializer_class` (what the server shows), as the reads do."""

    input_serializer_class: ClassVar[type[serializers.Serializer] | None] = None
    schema = SplitSchema()

    def get_serializer_class(self):
        if self.input_serializer_class is not None and getattr(self, "action", None) in WRITES:
            return self.input_serializer_class
        return super().get_serializer_class()

    def output(self, instance):
        return self.serializer_class(instance, context=self.get_serializer_context())

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        data = self.output(serializer.instance).data
        return Response(
            data, status=status.HTTP_201_CREATED, headers=self.get_success_headers(data)
        )

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        if getattr(instance, "_prefetched_objects_cache", None):
            instance._prefetched_objects_cache = {}
        return Response(self.output(serializer.instance).data)


class StudyScopedMixin:
    """Views of a study's parts, nested under /api/studies/{study_id}/: the permission class
    checks the role once per request; writes call the services the subclass names."""

    permission_classes: ClassVar = [StudyRolePermission]
    write_roles = CAN_EDIT_DESIGN
    model: ClassVar[type] = Study
    ordering: ClassVar[tuple[str, ...]] = ("position", "id")
    instance_arg: ClassVar[str] = ""
    add = update_service = delete_service = move_service = None

    @property
    def study(self) -> Study:
        if not hasattr(self, "_study"):
            self._study = get_object_or_404(Study, pk=self.kwargs["study_id"])
        return self._study

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return self.model.objects.filter(study_id=self.kwargs["study_id"]).order_by(*self.ordering)

    def perform_create(self, serializer):
        serializer.instance = type(self).add(study=self.study, **serializer.validated_data)

    def perform_update(self, serializer):
        type(self).update_service(
            **{self.instance_arg: serializer.instance},
            **serializer.validated_data,
        )

    def perform_destroy(self, instance):
        type(self).delete_service(**{self.instance_arg: instance})
