"""Pages of analysis."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("studies/<int:study_id>/analysis/", views.study_analysis, name="analysis-study"),
]
