"""REST routes of recordings that the project's main router does not hold: resumable uploads."""

from __future__ import annotations

from rest_framework.routers import SimpleRouter

from .api_uploads import RecordingUploadViewSet

router = SimpleRouter()
router.register("recording-uploads", RecordingUploadViewSet, basename="recording-upload")
urlpatterns = router.urls
