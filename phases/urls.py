"""Pages of phase tracking, under /studies/{id}/phases/."""

from __future__ import annotations

from django.urls import path

from . import views, views_setup

urlpatterns = [
    path("studies/<int:study_id>/phases/", views_setup.phase_setup, name="phase-setup"),
    path("studies/<int:study_id>/phases/timer/", views.phase_timer, name="phase-timer"),
    path("studies/<int:study_id>/phases/log/", views.phase_log, name="phase-log"),
    path("studies/<int:study_id>/phases/log/<int:entry_id>/", views.phase_log, name="phase-entry"),
    path(
        "studies/<int:study_id>/phases/log/<int:entry_id>/delete/",
        views.phase_entry_delete,
        name="phase-entry-delete",
    ),
    path("studies/<int:study_id>/phases/log/import/", views.phase_log_import, name="phase-import"),
    path("studies/<int:study_id>/phases/log.csv", views.phase_log_csv, name="phase-log-csv"),
    path("studies/<int:study_id>/phases/analysis/", views.phase_analysis, name="phase-analysis"),
    path(
        "studies/<int:study_id>/phases/matrix.<str:fmt>",
        views.matrix_download,
        name="phase-matrix-download",
    ),
    path(
        "studies/<int:study_id>/phases/charts/<str:name>.<str:fmt>",
        views.chart_download,
        name="phase-chart",
    ),
]
