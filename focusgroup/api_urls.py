"""REST API routes of every app, under /api/."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
urlpatterns = router.urls
