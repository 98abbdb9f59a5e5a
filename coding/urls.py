"""Pages of coding, under a study."""

from __future__ import annotations

from django.urls import path

from . import views, views_codebook

_S = "studies/<int:study_id>/coding"
urlpatterns = [
    path(f"{_S}/", views.coding_overview, name="coding-overview"),
    path(f"{_S}/statements/<str:key>/", views.statement_coding, name="coding-statement"),
    path(f"{_S}/recordings/<int:recording_id>/", views.transcript_coding, name="coding-transcript"),
    path(f"{_S}/disagreements/", views.disagreements, name="coding-disagreements"),
    path(f"{_S}/memos/", views.memos, name="coding-memos"),
    path(f"{_S}/reports/<str:report>.<str:fmt>", views.report_download, name="coding-report"),
    path(f"{_S}/codes/add/", views_codebook.code_add, name="coding-code-add"),
    path(f"{_S}/codes/<int:code_id>/", views_codebook.code_change, name="coding-code-change"),
    path(
        f"{_S}/codes/<int:code_id>/delete/", views_codebook.code_remove, name="coding-code-delete"
    ),
    path(f"{_S}/codebook.qdc", views_codebook.codebook_download, name="coding-codebook-qdc"),
    path(f"{_S}/codebook/import/", views_codebook.codebook_import, name="coding-codebook-import"),
    path(f"{_S}/project.qdpx", views_codebook.project_download, name="coding-project-qdpx"),
]
