"""The study's audit trail page, for owners only.

It shows who exported, imported, deleted, re-transcribed, withdrew or changed members, and when.
Anyone but an owner gets 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .access import get_study_for
from .audit import audit_entries_of
from .audit_display import audit_line
from .permissions import CAN_READ_AUDIT

PAGE_SIZE = 100


@login_required
def audit_trail(request: HttpRequest, study_id: int) -> HttpResponse:
    """The trail, newest first, a hundred entries a page, in the reader's language."""
    study = get_study_for(request, study_id, CAN_READ_AUDIT)
    page = Paginator(audit_entries_of(study=study), PAGE_SIZE).get_page(request.GET.get("page"))
    lines = [audit_line(entry) for entry in page.object_list]
    return render(
        request, "statements/audit_trail.html", {"study": study, "page": page, "lines": lines}
    )
