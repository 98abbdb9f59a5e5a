"""REST API routes of every app, under /api/."""

from __future__ import annotations

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from recordings.api import RecordingViewSet, SegmentViewSet
from sessions.api import NoteViewSet, ParticipantViewSet, SessionViewSet
from sessions.api_board import board_urls
from statements.api import (
    MembershipViewSet,
    ProfileFieldViewSet,
    ScaleLevelViewSet,
    StatementViewSet,
    StudyViewSet,
)
from statements.api_audit import AuditTrailAPIView
from statements.api_token import api_token
from studyfiles.api import StudyExportAPIView, StudyImportAPIView

router = DefaultRouter()
# Studies and their parts under /api/studies/{study_id}/ (statements/api.py, sessions/api.py).
router.register("studies", StudyViewSet, basename="study")
_STUDY = r"studies/(?P<study_id>[0-9]+)"
router.register(f"{_STUDY}/scale-levels", ScaleLevelViewSet, basename="study-scale-level")
router.register(f"{_STUDY}/statements", StatementViewSet, basename="study-statement")
router.register(f"{_STUDY}/profile-fields", ProfileFieldViewSet, basename="study-profile-field")
router.register(f"{_STUDY}/memberships", MembershipViewSet, basename="study-membership")
router.register(f"{_STUDY}/sessions", SessionViewSet, basename="study-session")
router.register(f"{_STUDY}/participants", ParticipantViewSet, basename="study-participant")
router.register(f"{_STUDY}/notes", NoteViewSet, basename="study-note")
router.register("recordings", RecordingViewSet, basename="recording")
router.register("transcript-segments", SegmentViewSet, basename="transcript-segment")
urlpatterns = router.urls
urlpatterns += [path("auth/token/", api_token, name="api-token")]
urlpatterns += board_urls()
urlpatterns += [path("", include("analysis.api_urls"))]
urlpatterns += [path("", include("phases.api_urls"))]
urlpatterns += [path("", include("coding.api_urls"))]
urlpatterns += [path("", include("recordings.api_urls"))]
# Study files come first: the router's studies/{pk}/ would take "import" as a pk.
urlpatterns = [
    path("studies/import/", StudyImportAPIView.as_view(), name="api-study-import"),
    path("studies/<int:study_id>/export/", StudyExportAPIView.as_view(), name="api-study-export"),
    path("studies/<int:study_id>/audit/", AuditTrailAPIView.as_view(), name="api-study-audit"),
    *urlpatterns,
]
