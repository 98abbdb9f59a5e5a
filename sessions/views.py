"""Pages of sessions (stub until the session pages land)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from statements.views import get_study_for


@login_required
def session_list(request: HttpRequest, study_id: int) -> HttpResponse:
    study = get_study_for(request, study_id)
    return HttpResponse(f"Sessions of {study.title}: coming soon.")
