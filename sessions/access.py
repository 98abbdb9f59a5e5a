"""Permission-checked lookup of a study's session for pages: 404 for anyone without a role."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from statements.access import get_study_for
from statements.permissions import CAN_READ_DATA

from .models import Session


def get_session_for(request: HttpRequest, study_id: int, session_id: int, allowed=CAN_READ_DATA):
    """The session of a study the user holds an allowed role in (its study already loaded)."""
    study = get_study_for(request, study_id, allowed)
    session = get_object_or_404(Session, pk=session_id, study=study)
    session.study = study
    return session
