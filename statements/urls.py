"""Pages of studies."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("", views.study_list, name="study-list"),
    path("studies/<int:study_id>/", views.study_detail, name="study-detail"),
]
