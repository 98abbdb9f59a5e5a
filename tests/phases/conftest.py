"""Fixtures of the phase-tracking tests: a study of phase tracking alone with four phases."""

from __future__ import annotations

import pytest

from phases.services import phase_data_create
from statements.models import Role
from statements.services import membership_set, study_create

PHASES = [
    {"key": "define", "name": "Define"},
    {"key": "acquire", "name": "Acquire"},
    {"key": "prepare", "name": "Prepare"},
    {"key": "deploy", "name": "Deploy"},
]
SCENARIOS = [
    {"main": "prepare", "visited": "acquire", "name": "Missing data"},
    {"main": "define", "visited": "deploy", "name": "Stakeholder alignment"},
]


@pytest.fixture
def tracked(owner, moderator, analyst):
    """A phase-tracking study (no scale, no statements) with its three members."""
    study = study_create(title="Phase study", owner=owner, scale="none")
    membership_set(study=study, user=moderator, role=Role.MODERATOR)
    membership_set(study=study, user=analyst, role=Role.ANALYST)
    phase_data_create(study=study, phases=PHASES, phase_scenarios=SCENARIOS)
    return study
