"""Pages of study files: new study (from a preset or a template), import and export download."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("studies/new/", views.study_create, name="study-create"),
    path("studies/import/", views.study_import_page, name="study-import"),
    path(
        "studies/<int:study_id>/export.json",
        views.study_export_download,
        name="study-export-json",
    ),
    path(
        "studies/new/from-template/",
        views.study_create_from_template,
        name="study-create-from-template",
    ),
]
