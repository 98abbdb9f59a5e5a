"""The base of every study-scoped REST view: the study path parameter, calling a service and
turning its refusal into a 400, and the mixin of views nested under /api/studies/{study_id}/."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from focusgroup.errors import DomainError

from .api_permissions import StudyRolePermission
from .models import Study
from .permissions import CAN_EDIT_DESIGN

STUDY_PK = OpenApiParameter(
    "study_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The study's id."
)


def as_api_error(exc: DjangoValidationError | DomainError) -> serializers.ValidationError:
    """A service's refusal as a DRF ValidationError (400), keeping the field it names."""
    if isinstance(exc, DomainError):
        detail = [ErrorDetail(exc.message, code=exc.code)]
        return serializers.ValidationError({exc.field or "non_field_errors": detail})
    if hasattr(exc, "error_dict"):
        return serializers.ValidationError(exc.message_dict)
    return serializers.ValidationError({"non_field_errors": exc.messages})


class ServiceCallMixin:
    """Run a service and turn its refusal (DomainError, ValidationError) into a 400 answer."""

    @staticmethod
    def call(service, **kwargs):
        try:
            return service(**kwargs)
        except DomainError as exc:
            if type(exc) is not DomainError:  # the board's, an upload's: their own status and body
                raise
            raise as_api_error(exc) from exc
        except DjangoValidationError as exc:
            raise as_api_error(exc) from exc


class StudyScopedMixin(ServiceCallMixin):
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
        serializer.instance = self.call(
            type(self).add, study=self.study, **serializer.validated_data
        )

    def perform_update(self, serializer):
        self.call(
            type(self).update_service,
            **{self.instance_arg: serializer.instance},
            **serializer.validated_data,
        )

    def perform_destroy(self, instance):
        self.call(type(self).delete_service, **{self.instance_arg: instance})
