"""REST API routes of analysis, included from focusgroup/api_urls.py."""

from __future__ import annotations

from django.urls import path

from . import api

urlpatterns = [
    path(
        "studies/<int:study_id>/analysis/grid/",
        api.AnalysisGridAPIView.as_view(),
        name="api-analysis-grid",
    ),
    path(
        "studies/<int:study_id>/analysis/participants/",
        api.AnalysisParticipantsAPIView.as_view(),
        name="api-analysis-participants",
    ),
    path(
        "studies/<int:study_id>/analysis/notes/",
        api.AnalysisCellNotesAPIView.as_view(),
        name="api-analysis-notes",
    ),
    path(
        "studies/<int:study_id>/analysis/export/<str:fmt>/",
        api.AnalysisExportAPIView.as_view(),
        name="api-analysis-export",
    ),
    path(
        "studies/<int:study_id>/analysis/charts/<str:chart>.<str:image_format>",
        api.AnalysisChartAPIView.as_view(),
        name="api-analysis-chart",
    ),
]
