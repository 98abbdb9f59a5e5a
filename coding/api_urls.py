"""REST routes of coding, nested under a study (included by focusgroup/api_urls.py)."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import SimpleRouter

from .api import AgreementAPIView, CodeViewSet, CodingViewSet, MemoViewSet

_STUDY = r"studies/(?P<study_id>[0-9]+)"
router = SimpleRouter()
router.register(f"{_STUDY}/codes", CodeViewSet, basename="study-code")
router.register(f"{_STUDY}/codings", CodingViewSet, basename="study-coding")
router.register(f"{_STUDY}/memos", MemoViewSet, basename="study-memo")
urlpatterns = [
    *router.urls,
    path(
        "studies/<int:study_id>/agreement/", AgreementAPIView.as_view(), name="api-coding-agreement"
    ),
]
