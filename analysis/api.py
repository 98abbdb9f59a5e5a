"""REST API of analysis (read-only).

The grid document, cell notes, the participant table, every export format and the charts, under the
same filters as the page."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from statements.models import Study
from statements.permissions import CAN_READ_DATA, has_study_permission

from .charts import COUNT_MODES, IMAGE_FORMATS, diverging_bar, figure_image, grid_heatmap
from .downloads import export_response
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


CELL_HELP = "a cell is a statement, a participant and a level."


class FilterRefused(Exception):
    """A filter parameter that cannot be used."""


class StudyAnalysisAPIView(APIView):
    """Base: the study if the user may read its data (404 otherwise), and parsed filters."""

    def get_study(self, study_id: int) -> Study:
        study = Study.objects.filter(pk=study_id).first()
        if study is None or not has_study_permission(self.request.user, study, CAN_READ_DATA):
            raise NotFound("No such study.")
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
                {"detail": f"Missing {', '.join(missing)}: {CELL_HELP}"},
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
            raise NotFound(f"No export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}.")
        filters = self.get_filters(study)
        return export_response(study=study, filters=filters, fmt=fmt, actor=request.user, via="api")


class AnalysisChartAPIView(StudyAnalysisAPIView):
    """A chart as an image: diverging (?by=participants|split|notes) or heatmap (?statement=S1)."""

    @extend_schema(parameters=FILTER_PARAMETERS, responses={200: bytes})
    def get(self, request: Request, study_id: int, chart: str, image_format: str):
        study = self.get_study(study_id)
        if chart not in {"diverging", "heatmap"}:
            raise NotFound(f"No chart {chart!r}; use diverging or heatmap.")
        if image_format not in IMAGE_FORMATS:
            raise NotFound(f"No image format {image_format!r}; use {', '.join(IMAGE_FORMATS)}.")
        grids = build_grids(
            study_data_load(study=study, filters=self.get_filters(study), with_text=False)
        )
        if not grids:
            raise NotFound("This study has no statements to chart.")
        if chart == "heatmap":
            key = request.query_params.get("statement") or grids[0].statement.key
            grid = next((g for g in grids if g.statement.key == key), None)
            if grid is None:
                raise NotFound(f"No statement {key!r} in this study.")
            figure = grid_heatmap(grid)
        else:
            by = request.query_params.get("by") or "participants"
            if by not in COUNT_MODES:
                return Response(
                    {"detail": f"by: count one of {', '.join(COUNT_MODES)}, not {by!r}."},
                    status=status.HTTP_400_BAD_REQUEST,
                )
            figure = diverging_bar(grids, by=by)
        return HttpResponse(
            figure_image(figure, image_format=image_format),
            content_type=IMAGE_FORMATS[image_format],
        )
