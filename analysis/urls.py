"""Pages of analysis."""

from __future__ import annotations

from django.urls import path

from . import views, views_wrapup

urlpatterns = [
    path("studies/<int:study_id>/analysis/", views.study_analysis, name="analysis-study"),
    path("studies/<int:study_id>/analysis/notes/", views.cell_notes, name="analysis-notes"),
    path(
        "studies/<int:study_id>/analysis/export/<str:fmt>/",
        views.export_download,
        name="analysis-export",
    ),
    path(
        "studies/<int:study_id>/analysis/charts/<str:chart>.<str:image_format>",
        views.chart_download,
        name="analysis-chart",
    ),
    path(
        "studies/<int:study_id>/sessions/<int:session_id>/wrap-up/",
        views_wrapup.session_wrapup,
        name="analysis-session-wrapup",
    ),
    path("analysis/plotly.min.js", views.plotly_js, name="analysis-plotly-js"),
]
