"""Pages of studies: list, overview, settings, design editors and members."""

from __future__ import annotations

from django.urls import path

from . import views, views_audit, views_members
from .views_design import editor_urls

urlpatterns = [
    path("", views.study_list, name="study-list"),
    path("studies/<int:study_id>/", views.study_detail, name="study-detail"),
    path("studies/<int:study_id>/settings/", views.study_edit, name="study-edit"),
    path("studies/<int:study_id>/delete/", views.study_delete, name="study-delete"),
    path("studies/<int:study_id>/duplicate/", views.study_duplicate, name="study-duplicate"),
    path("studies/<int:study_id>/audit/", views_audit.audit_trail, name="study-audit"),
    path("studies/<int:study_id>/members/", views_members.member_list, name="member-list"),
    path(
        "studies/<int:study_id>/members/<int:pk>/role/",
        views_members.member_role,
        name="member-role",
    ),
    path(
        "studies/<int:study_id>/members/<int:pk>/remove/",
        views_members.member_remove,
        name="member-remove",
    ),
    *editor_urls(),
]
