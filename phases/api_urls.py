"""Routes of the phase-tracking API, under /api/studies/{study_id}/."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import SimpleRouter

from .api import (
    EntryViewSet,
    MatrixAPIView,
    MemoViewSet,
    PhaseViewSet,
    ScenarioViewSet,
    TimerViewSet,
)

_STUDY = r"studies/(?P<study_id>[0-9]+)"
router = SimpleRouter()
router.register(f"{_STUDY}/phases", PhaseViewSet, basename="study-phase")
router.register(f"{_STUDY}/phase-scenarios", ScenarioViewSet, basename="study-phase-scenario")
router.register(f"{_STUDY}/phase-entries", EntryViewSet, basename="study-phase-entry")
router.register(f"{_STUDY}/phase-memos", MemoViewSet, basename="study-phase-memo")
router.register(f"{_STUDY}/phase-timer", TimerViewSet, basename="study-phase-timer")

urlpatterns = [
    path("studies/<int:study_id>/phase-matrix/", MatrixAPIView.as_view(), name="api-phase-matrix"),
    *router.urls,
]
