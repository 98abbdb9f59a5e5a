"""Pages of sessions."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("studies/<int:study_id>/sessions/", views.session_list, name="session-list"),
]
