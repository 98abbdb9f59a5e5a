"""The wrap-up page of a session (read-only).

Per statement it shows this session's grid and summary, then who took part and the links to what
comes next (recordings upload, exports)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from sessions.models import Session
from statements.access import get_study_for
from statements.permissions import CAN_READ_DATA

from .exporters import EXPORT_FORMATS
from .filters import AnalysisFilters
from .grids import build_grids
from .html import grid_sections
from .selectors import session_participation, study_data_load


@require_GET
@login_required
def session_wrapup(request: HttpRequest, study_id: int, session_id: int) -> HttpResponse:
    """What one session produced, for the moderator right after ending it (and later)."""
    study = get_study_for(request, study_id, allowed=CAN_READ_DATA)
    session = get_object_or_404(Session, pk=session_id, study=study)
    filters = AnalysisFilters(session=session.name)
    params = filters.as_params()
    data = study_data_load(study=study, filters=filters, with_text=False)
    notes_url = reverse("analysis-notes", args=[study.pk])
    statements = grid_sections(build_grids(data), notes_url=notes_url, params=params)
    return render(
        request,
        "analysis/session_wrapup.html",
        {
            "study": study,
            "session": session,
            "statements": statements,
            "participation": session_participation(data=data),
            "export_formats": EXPORT_FORMATS.values(),
            "query": urlencode(params),
        },
    )
