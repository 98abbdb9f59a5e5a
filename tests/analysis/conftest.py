"""Fixtures of the analysis tests: an imported study with an owner, a moderator and an analyst."""

from __future__ import annotations

import pytest

from sessions.models import Participant
from statements.models import Role
from statements.services import membership_set
from studyfiles.studyfile import study_import

from .support import study_document

SESSIONS = {
    "Focus group 1": {"P1": {"job_title": "ML Engineer", "years": 3}, "P2": {"years": 4}},
    "Focus group 2": {"P3": {"job_title": "ML Engineer", "years": 5}},
}
NOTES = {
    "Focus group 1": [("P1", "S1", "SA"), ("P2", "S1", "PD"), ("P2", "S1", "PD")],
    "Focus group 2": [("P3", "S1", "SA"), ("P3", "S2", "NO")],
}


@pytest.fixture
def analysed(owner, moderator, analyst):
    """A study with two sessions, three participants and notes, and its three members."""
    study = study_import(
        data=study_document(sessions=SESSIONS, notes=NOTES, title="Deployment <study>"),
        owner=owner,
    )
    membership_set(study=study, user=moderator, role=Role.MODERATOR)
    membership_set(study=study, user=analyst, role=Role.ANALYST)
    return study


@pytest.fixture
def participant(analysed):
    """A participant of the study (participants have no account, only an access token)."""
    return Participant.objects.get(study=analysed, code="P1")
