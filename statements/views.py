"""Server-rendered pages of studies."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Study
from .permissions import CAN_VIEW, studies_for, study_role


def get_study_for(request: HttpRequest, study_id: int, allowed=CAN_VIEW) -> Study:
    """The study if the user holds an allowed role in it; 404 otherwise (existence never leaks)."""
    study = get_object_or_404(Study, pk=study_id)
    if study_role(request.user, study) not in allowed:
        raise Http404("No such study.")
    return study


@login_required
def study_list(request: HttpRequest) -> HttpResponse:
    studies = studies_for(request.user)
    return render(request, "statements/study_list.html", {"studies": studies})


@login_required
def study_detail(request: HttpRequest, study_id: int) -> HttpResponse:
    study = get_study_for(request, study_id)
    return render(
        request,
        "statements/study_detail.html",
        {"study": study, "role": study_role(request.user, study)},
    )
