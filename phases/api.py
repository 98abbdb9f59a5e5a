"""REST API of phase tracking under /api/studies/{study_id}/.

Phases, scenarios, entries, memos, the focus timer and the matrix. Members read everything; owners
edit the process; owners and analysts edit scenarios and memos; every member logs and corrects their
own entries, owners anyone's. Non-members (and participants, who have no account) get 404."""

from __future__ import annotations

from typing import ClassVar

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from statements.api_permissions import StudyRolePermission
from statements.models import Role, Study
from statements.permissions import CAN_EDIT_DESIGN, CAN_VIEW, study_role

from . import selectors, services
from . import serializers as s
from .errors import PhaseError
from .exports import MATRIX_FORMATS
from .models import Phase, PhaseEntry, PhaseMemo, PhaseScenario
from .permissions import CAN_EDIT_SCENARIOS

STUDY_PK = OpenApiParameter("study_id", OpenApiTypes.INT, OpenApiParameter.PATH)
FILTERS = [
    OpenApiParameter("person", OpenApiTypes.STR, description="Only entries by this label."),
    OpenApiParameter("from", OpenApiTypes.DATE, description="Only entries at or after."),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Only entries on or before."),
]


def valid(serializer_class, data, **kwargs) -> dict:
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class StudyScoped:
    """The study of the URL (permission already checked by StudyRolePermission)."""

    permission_classes: ClassVar = [StudyRolePermission]

    @property
    def study(self) -> Study:
        if not hasattr(self, "_study"):
            self._study = get_object_or_404(Study, pk=self.kwargs["study_id"])
        return self._study

    def filters(self) -> selectors.PhaseFilters:
        try:
            return selectors.phase_filters_parse(self.request.query_params)
        except selectors.FilterError as exc:
            raise serializers.ValidationError({"filters": str(exc)}) from exc


@extend_schema_view(
    list=extend_schema(parameters=[STUDY_PK]),
    create=extend_schema(parameters=[STUDY_PK], request=s.PhaseInput),
    retrieve=extend_schema(parameters=[STUDY_PK]),
    partial_update=extend_schema(parameters=[STUDY_PK], request=s.PhaseUpdateInput),
    destroy=extend_schema(
        parameters=[STUDY_PK, OpenApiParameter("confirm", OpenApiTypes.BOOL)],
    ),
)
class PhaseViewSet(StudyScoped, viewsets.ModelViewSet):
    """The study's phases in process order; owners change them."""

    serializer_class = s.PhaseOutput
    write_roles = CAN_EDIT_DESIGN
    pagination_class = None
    http_method_names: ClassVar = ["get", "post", "patch", "delete"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return Phase.objects.none()
        return Phase.objects.filter(study_id=self.kwargs["study_id"]).order_by("position", "id")

    def create(self, request, *args, **kwargs):
        phase = services.phase_add(study=self.study, **valid(s.PhaseInput, request.data))
        return Response(s.PhaseOutput(phase).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        data = valid(s.PhaseUpdateInput, request.data)
        phase = services.phase_update(phase=self.get_object(), **data)
        return Response(s.PhaseOutput(phase).data)

    def destroy(self, request, *args, **kwargs):
        confirm = request.query_params.get("confirm") in ("1", "true", "yes")
        services.phase_delete(phase=self.get_object(), confirm=confirm)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        parameters=[STUDY_PK], request=s.ReorderInput, responses=s.PhaseOutput(many=True)
    )
    @action(detail=False, methods=["post"])
    def reorder(self, request, study_id=None):
        """Put the phases in a new order; once entries exist `confirm` must be true."""
        phases = services.phases_reorder(study=self.study, **valid(s.ReorderInput, request.data))
        return Response(s.PhaseOutput(phases, many=True).data)

    @extend_schema(parameters=[STUDY_PK], request=None, responses=s.PhaseOutput(many=True))
    @action(detail=False, methods=["post"])
    def template(self, request, study_id=None):
        """Give a study without phases the MLOps template (nine phases, 74 scenarios)."""
        phases = services.phases_template_apply(study=self.study)
        return Response(s.PhaseOutput(phases, many=True).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(parameters=[STUDY_PK]),
    create=extend_schema(parameters=[STUDY_PK], request=s.ScenarioInput),
    retrieve=extend_schema(parameters=[STUDY_PK]),
    partial_update=extend_schema(parameters=[STUDY_PK], request=s.ScenarioUpdateInput),
    destroy=extend_schema(parameters=[STUDY_PK]),
)
class ScenarioViewSet(StudyScoped, viewsets.ModelViewSet):
    """Named scenarios of each shift; owners and analysts create, rename and merge them."""

    serializer_class = s.ScenarioOutput
    write_roles = CAN_EDIT_SCENARIOS
    pagination_class = None
    http_method_names: ClassVar = ["get", "post", "patch", "delete"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return PhaseScenario.objects.none()
        return PhaseScenario.objects.filter(study_id=self.kwargs["study_id"]).select_related(
            "main", "visited"
        )

    def create(self, request, *args, **kwargs):
        data = valid(s.ScenarioInput, request.data)
        scenario = services.scenario_create(study=self.study, **data)
        return Response(s.ScenarioOutput(scenario).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        data = valid(s.ScenarioUpdateInput, request.data)
        scenario = services.scenario_update(scenario=self.get_object(), **data)
        return Response(s.ScenarioOutput(scenario).data)

    def perform_destroy(self, instance):
        instance.delete()

    @extend_schema(parameters=[STUDY_PK], request=s.ScenarioMergeInput, responses=s.CountOutput)
    @action(detail=True, methods=["post"])
    def merge(self, request, study_id=None, pk=None):
        """Move this scenario's entries into another of the same shift and delete this one."""
        into_id = valid(s.ScenarioMergeInput, request.data)["into"]
        into = self.get_queryset().filter(pk=into_id).first()
        if into is None:
            raise PhaseError(_("No such scenario in this study."), field="into")
        count = services.scenario_merge(source=self.get_object(), into=into)
        return Response({"count": count})

    @extend_schema(parameters=[STUDY_PK], request=s.ScenarioAssignInput, responses=s.CountOutput)
    @action(detail=True, methods=["post"])
    def assign(self, request, study_id=None, pk=None):
        """Give this scenario to the shift's entries without one whose reason is this text."""
        reason = valid(s.ScenarioAssignInput, request.data)["reason"]
        count = services.scenario_assign_by_reason(scenario=self.get_object(), reason=reason)
        return Response({"count": count})


def _may_correct(user, study: Study, entry: PhaseEntry) -> bool:
    return entry.user_id == user.pk or study_role(user, study) == Role.OWNER


@extend_schema_view(
    list=extend_schema(parameters=[STUDY_PK, *FILTERS]),
    create=extend_schema(parameters=[STUDY_PK], request=s.EntryInput),
    retrieve=extend_schema(parameters=[STUDY_PK]),
    partial_update=extend_schema(parameters=[STUDY_PK], request=s.EntryUpdateInput),
    destroy=extend_schema(parameters=[STUDY_PK]),
)
class EntryViewSet(StudyScoped, viewsets.ModelViewSet):
    """The phase log. Members log their own entries and correct or delete them; owners may log
    for anyone (`by`) and correct or delete any entry."""

    serializer_class = s.EntryOutput
    write_roles = CAN_VIEW
    http_method_names: ClassVar = ["get", "post", "patch", "delete"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return PhaseEntry.objects.none()
        return selectors.entries_list(self.study, self.filters())

    def _by(self, data: dict) -> dict:
        by = (data.get("by") or "").strip()
        own = self.request.user.get_username()
        if by and by != own and study_role(self.request.user, self.study) != Role.OWNER:
            raise PermissionDenied(_("Only owners log or move entries for someone else."))
        return data

    def create(self, request, *args, **kwargs):
        data = self._by(valid(s.EntryInput, request.data))
        entry = services.entry_create(study=self.study, user=request.user, **data)
        return Response(s.EntryOutput(entry).data, status=status.HTTP_201_CREATED)

    def _own(self) -> PhaseEntry:
        entry = self.get_object()
        if not _may_correct(self.request.user, self.study, entry):
            raise PermissionDenied(_("You correct only your own entries."))
        return entry

    def partial_update(self, request, *args, **kwargs):
        entry = self._own()
        data = self._by(valid(s.EntryUpdateInput, request.data))
        entry = services.entry_update(entry=entry, **data)
        return Response(s.EntryOutput(entry).data)

    def destroy(self, request, *args, **kwargs):
        services.entry_delete(entry=self._own())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(parameters=[STUDY_PK], request=s.CsvImportInput, responses=s.CountOutput)
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_csv(self, request, study_id=None):
        """Import a CSV log, every row or none (owners: rows may be anyone's)."""
        if study_role(request.user, self.study) != Role.OWNER:
            raise PermissionDenied(_("Only owners import a log."))
        upload = valid(s.CsvImportInput, request.data)["file"]
        if upload.size > services.MAX_CSV_BYTES:
            raise serializers.ValidationError({"file": _("The file is larger than 50 MB.")})
        count = services.entries_import_csv(study=self.study, data=upload.read())
        return Response({"count": count}, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(parameters=[STUDY_PK]),
    create=extend_schema(parameters=[STUDY_PK], request=s.MemoInput),
    retrieve=extend_schema(parameters=[STUDY_PK]),
    partial_update=extend_schema(parameters=[STUDY_PK], request=s.MemoUpdateInput),
    destroy=extend_schema(parameters=[STUDY_PK]),
)
class MemoViewSet(StudyScoped, viewsets.ModelViewSet):
    """Recommendations: memos about a phase; owners and analysts write them."""

    serializer_class = s.MemoOutput
    write_roles = CAN_EDIT_SCENARIOS
    pagination_class = None
    http_method_names: ClassVar = ["get", "post", "patch", "delete"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return PhaseMemo.objects.none()
        return PhaseMemo.objects.filter(study_id=self.kwargs["study_id"]).select_related("phase")

    def create(self, request, *args, **kwargs):
        data = valid(s.MemoInput, request.data)
        phase = Phase.objects.filter(study=self.study, key=data["phase"]).first()
        if phase is None:
            raise serializers.ValidationError({"phase": _("Unknown phase of this study.")})
        memo = services.memo_create(phase=phase, text=data["text"], user=request.user)
        return Response(s.MemoOutput(memo).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        text = valid(s.MemoUpdateInput, request.data)["text"]
        memo = services.memo_update(memo=self.get_object(), text=text)
        return Response(s.MemoOutput(memo).data)

    def perform_destroy(self, instance):
        services.memo_delete(memo=instance)


def timer_payload(study: Study, user, logged: PhaseEntry | None = None) -> dict:
    timer = selectors.timer_for(study, user)
    return {
        "running": timer is not None,
        "main": timer.main.key if timer else None,
        "visited": timer.visited.key if timer else None,
        "scenario": timer.scenario.name if timer and timer.scenario else None,
        "reason": timer.reason if timer else "",
        "started_at": timer.started_at if timer else None,
        "since": timer.since if timer else None,
        "logged": s.EntryOutput(logged).data if logged else None,
    }


class TimerViewSet(StudyScoped, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's focus timer: start on a main phase, shift, stop. Every member has one."""

    write_roles = CAN_VIEW
    serializer_class = s.TimerOutput
    parser_classes: ClassVar = [JSONParser, FormParser]

    @extend_schema(parameters=[STUDY_PK], responses=s.TimerOutput)
    def list(self, request, *args, **kwargs):
        return Response(timer_payload(self.study, request.user))

    @extend_schema(parameters=[STUDY_PK], request=s.TimerStartInput, responses=s.TimerOutput)
    @action(detail=False, methods=["post"])
    def start(self, request, study_id=None):
        main = valid(s.TimerStartInput, request.data)["main"]
        services.timer_start(study=self.study, user=request.user, main=main)
        return Response(timer_payload(self.study, request.user))

    @extend_schema(parameters=[STUDY_PK], request=s.TimerShiftInput, responses=s.TimerOutput)
    @action(detail=False, methods=["post"])
    def shift(self, request, study_id=None):
        data = valid(s.TimerShiftInput, request.data)
        _timer, logged = services.timer_shift(study=self.study, user=request.user, **data)
        return Response(timer_payload(self.study, request.user, logged))

    @extend_schema(parameters=[STUDY_PK], request=None, responses=s.TimerOutput)
    @action(detail=False, methods=["post"])
    def stop(self, request, study_id=None):
        logged = services.timer_stop(study=self.study, user=request.user)
        return Response(timer_payload(self.study, request.user, logged))


class MatrixAPIView(StudyScoped, APIView):
    """The revisit matrix in the JSON shape of issue 14 (or `?export=csv|latex|xlsx`)."""

    @extend_schema(
        parameters=[
            STUDY_PK,
            *FILTERS,
            OpenApiParameter("export", OpenApiTypes.STR, enum=list(MATRIX_FORMATS)),
        ],
        responses=s.MatrixOutput,
    )
    def get(self, request, study_id: int):
        matrix = selectors.phase_matrix(self.study, self.filters())
        fmt = request.query_params.get("export", "json")
        if fmt == "json":
            return Response(matrix.as_json(self.study.title))
        if fmt not in MATRIX_FORMATS:
            formats = ", ".join(MATRIX_FORMATS)
            raise serializers.ValidationError(
                {"export": _("One of %(formats)s.") % {"formats": formats}}
            )
        spec = MATRIX_FORMATS[fmt]
        response = HttpResponse(
            spec.render(matrix, self.study.title), content_type=spec.content_type
        )
        response["Content-Disposition"] = f'attachment; filename="phase-matrix.{spec.extension}"'
        return response
