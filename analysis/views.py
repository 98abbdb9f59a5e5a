"""Pages of analysis (stub until the analysis page lands)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from statements.views import get_study_for


@login_required
def study_analysis(request: HttpRequest, study_id: int) -> HttpResponse:
    study = get_study_for(request, study_id)
    return HttpResponse(f"Analysis of {study.title}: coming soon.")
