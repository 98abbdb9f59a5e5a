"""REST API of analysis (read-only).

The grid document, cell notes, the participant table, every export format and the charts, under the
same filters as the page."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from statements.models import Study
from statements.permissions import CAN_READ_DATA, has_study_permission

from .charts import COUNT_MODES, IMAGE_FORMATS
from .downloads import CHARTS, ChartMissing, chart_response, export_response
from .exporters import EXPORT_FORMATS
from .exporters.tabular import grid_document, participant_table
from .filters import AnalysisFilters, FilterError
from .grids import build_grids
from .selectors import analysis_filters_parse, cell_notes_list, study_data_load
from .serializers import CellNotesSerializer, GridDocumentSerializer, ParticipantTableSerializer

FILTER_PARAMETERS = [
    OpenApiParameter("session", str, description="Only this session (its name)."),
    OpenApiParameter("field", str, description="Only participants whose profile field ..."),
    OpenApiParameter("value", str, description="... has this value (case-insensitive)."),
    OpenApiParameter("since", str, description="Only notes created at or after (ISO 8601)."),
    OpenApiParameter("until", str, description="Only notes created at or before (ISO 8601)."),
]


class FilterRefused(Exception):
    """A filter parameter that cannot be used."""


class StudyAnalysisAPIView(APIView):
    """Base: the study if the user may read its data (404 otherwise), and parsed filters."""

    def get_study(self, study_id: int) -> Study:
        study = Study.objects.filter(pk=study_id).first()
        if study is None or not has_study_permission(self.request.user, study, CAN_READ_DATA):
            raise NotFound(_("No such study."))
        return study

    def get_filters(self, study: Study) -> AnalysisFilters:
        try:
            return analysis_filters_parse(study=study, params=self.request.query_params)
        except FilterError as exc:
            raise FilterRefused(str(exc)) from exc

    def handle_exception(self, exc):
        if isinstance(exc, FilterRefused):
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        return super().handle_exception(exc)


class AnalysisGridAPIView(StudyAnalysisAPIView):
    """The grid document: study, scale, participants, and per statement grid, counts, summary."""

    @extend_schema(parameters=FILTER_PARAMETERS, responses={200: GridDocumentSerializer})
    def get(self, request: Request, study_id: int) -> Response:
        study = self.get_study(study_id)
        data = study_data_load(study=study, filters=self.get_filters(study), with_text=False)
        return Response(grid_document(data, build_grids(data)))


class AnalysisParticipantsAPIView(StudyAnalysisAPIView):
    """The participant table (the paper's Table 1): a row per participant with every field."""

    @extend_schema(parameters=FILTER_PARAMETERS, responses={200: ParticipantTableSerializer})
    def get(self, request: Request, study_id: int) -> Response:
        study = self.get_study(study_id)
        data = study_data_load(study=study, filters=self.get_filters(study), with_text=False)
        fields = [f.key for f in data.profile_fields]
        return Response(
            {
                "fields": [{"key": f.key, "label": f.label} for f in data.profile_fields],
                "participants": [
                    {
                        "code": p.code,
                        "session": p.session,
                        "profile": {k: p.profile.get(k) for k in fields},
                    }
                    for p in data.participants
                ],
                "table": dict(zip(("header", "rows"), participant_table(data), strict=True)),
            }
        )


class AnalysisCellNotesAPIView(StudyAnalysisAPIView):
    """The notes of one grid cell: ?statement=S1&participant=P1&level=strongly_agree."""

    @extend_schema(parameters=FILTER_PARAMETERS, responses={200: CellNotesSerializer})
    def get(self, request: Request, study_id: int) -> Response:
        study = self.get_study(study_id)
        filters = self.get_filters(study)
        cell = {
            k: (request.query_params.get(k) or "").strip()
            for k in ("statement", "participant", "level")
        }
        missing = [k for k, v in cell.items() if not v]
        if missing:
            return Response(
                {
                    "detail": _(
                        "Missing %(fields)s: a cell is a statement, a participant and a level."
                    )
                    % {"fields": ", ".join(missing)}
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        notes = cell_notes_list(study=study, filters=filters, **cell)
        return Response(
            {
                **cell,
                "notes": [
                    {
                        "id": n.id,
                        "session": n.session,
                        "text": n.text,
                        "created_at": n.created_at,
                        "updated_at": n.updated_at,
                    }
                    for n in notes
                ],
            }
        )


class AnalysisExportAPIView(StudyAnalysisAPIView):
    """The analysis as a file: json, csv (a row per note), csv-grid, xlsx, latex or md."""

    @extend_schema(parameters=FILTER_PARAMETERS, responses={200: bytes})
    def get(self, request: Request, study_id: int, fmt: str):
        study = self.get_study(study_id)
        if fmt not in EXPORT_FORMATS:
            raise NotFound(
                _("No export format %(format)s; use one of %(formats)s.")
                % {"format": repr(fmt), "formats": ", ".join(EXPORT_FORMATS)}
            )
        filters = self.get_filters(study)
        return export_response(study=study, filters=filters, fmt=fmt, actor=request.user, via="api")


class AnalysisChartAPIView(StudyAnalysisAPIView):
    """A chart as an image: diverging (?by=participants|split|notes) or heatmap (?statement=S1)."""

    @extend_schema(parameters=FILTER_PARAMETERS, responses={200: bytes})
    def get(self, request: Request, study_id: int, chart: str, image_format: str):
        study = self.get_study(study_id)
        if chart not in CHARTS:
            raise NotFound(
                _("No chart %(chart)s; use diverging or heatmap.") % {"chart": repr(chart)}
            )
        if image_format not in IMAGE_FORMATS:
            raise NotFound(
                _("No image format %(format)s; use %(formats)s.")
                % {"format": repr(image_format), "formats": ", ".join(IMAGE_FORMATS)}
            )
        filters = self.get_filters(study)
        by = request.query_params.get("by") or "participants"
        if chart == "diverging" and by not in COUNT_MODES:
            return Response(
                {
                    "detail": _("by: count one of %(modes)s, not %(by)s.")
                    % {"modes": ", ".join(COUNT_MODES), "by": repr(by)}
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        key = request.query_params.get("statement") or ""
        try:
            return chart_response(study, filters, chart, image_format, statement_key=key, by=by)
        except ChartMissing as missing:
            raise NotFound(str(missing)) from None
