"""Read-only REST endpoint of a study's audit trail, for its owners (others: 404)."""

from __future__ import annotations

from typing import ClassVar

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated

from .api import STUDY_PK
from .audit import audit_entries_of
from .models import AuditEntry, Study
from .permissions import CAN_READ_AUDIT, study_role


class AuditEntrySerializer(serializers.ModelSerializer):
    """An audit entry as owners read it (output only)."""

    action_label = serializers.CharField(source="get_action_display", read_only=True)
    details = serializers.DictField(read_only=True)

    class Meta:
        model = AuditEntry
        fields = ["id", "created_at", "actor_label", "action", "action_label", "target", "details"]
        read_only_fields = fields


@extend_schema(parameters=[STUDY_PK])
class AuditTrailAPIView(generics.ListAPIView):
    """The study's audit trail, newest first (owners only)."""

    serializer_class = AuditEntrySerializer
    permission_classes: ClassVar = [IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AuditEntry.objects.none()
        study = get_object_or_404(Study, pk=self.kwargs["study_id"])
        if study_role(self.request.user, study) not in CAN_READ_AUDIT:
            raise NotFound(_("No such study."))
        return audit_entries_of(study=study)
