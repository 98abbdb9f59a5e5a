"""Bulk creation of phase tracking from the study format's plain data, and the dump back.

The dump gives back the same dicts, exactly; a bad item is refused with its list and index,
nothing written."""

from __future__ import annotations

import pytest

from phases.errors import PhaseError
from phases.models import Phase, PhaseEntry, PhaseMemo, PhaseScenario
from phases.selectors import phase_data_dump
from phases.services import phase_data_create, template_document
from statements.services import study_create

pytestmark = pytest.mark.django_db

DATA = {
    "phases": [
        {"key": "problem_definition", "name": "Problem definition"},
        {"key": "data_acquisition", "name": "Data acquisition"},
    ],
    "phase_scenarios": [
        {
            "main": "data_acquisition",
            "visited": "problem_definition",
            "name": "Data relevance assessment",
            "description": "Is this the data the problem needs?",
        }
    ],
    "phase_log": [
        {
            "main": "data_acquisition",
            "visited": "problem_definition",
            "minutes": 45,
            "reason": "Clarify which target the data must explain",
            "scenario": "Data relevance assessment",
            "at": "2024-02-01T09:30:00Z",
            "by": "ana",
        },
        {"main": "data_acquisition", "visited": "data_acquisition", "minutes": 12.25},
    ],
    "memos": [
        {
            "about": {"phase": "data_acquisition"},
            "text": "Check the data's relevance before collecting more.",
            "created_at": "2024-02-02T10:00:00Z",
            "author": "ana",
        }
    ],
}


def test_plain_data_goes_in_and_comes_back_the_same(owner):
    study = study_create(title="Round trip", owner=owner, scale="none")
    phase_data_create(study=study, **DATA)
    assert phase_data_dump(study) == DATA


@pytest.mark.parametrize(
    ("part", "item", "message"),
    [
        ("phases", {"key": "bad key", "name": "X"}, "phases/2/key"),
        ("phases", {"key": "problem_definition", "name": "X"}, "phases/2/key"),
        (
            "phase_scenarios",
            {"main": "data_acquisition", "visited": "data_acquisition", "name": "Loop"},
            "phase_scenarios/1/visited",
        ),
        (
            "phase_log",
            {"main": "nowhere", "visited": "data_acquisition", "minutes": 1},
            "phase_log/2/main",
        ),
        (
            "phase_log",
            {"main": "data_acquisition", "visited": "data_acquisition", "minutes": 0},
            "phase_log/2/minutes",
        ),
        ("memos", {"about": {"phase": "nowhere"}, "text": "x"}, "memos/1/about"),
    ],
)
def test_a_bad_item_is_refused_with_its_place_and_nothing_is_written(owner, part, item, message):
    study = study_create(title="Refused", owner=owner, scale="none")
    data = {key: list(value) for key, value in DATA.items()}
    data[part].append(item)
    with pytest.raises(PhaseError) as refused:
        phase_data_create(study=study, **data)
    assert refused.value.pointer == f"/{message}"
    assert refused.value.message
    for model in (Phase, PhaseScenario, PhaseEntry, PhaseMemo):
        assert not model.objects.exists(), model


def test_the_apps_copy_of_the_mlops_template_names_nine_phases_and_74_scenarios():
    doc = template_document()["study"]
    assert [p["key"] for p in doc["phases"]] == [
        "problem_definition",
        "data_acquisition",
        "data_preparation",
        "model_development",
        "model_deployment",
        "monitoring_management",
        "scalability",
        "governance_compliance",
        "communication",
    ]
    assert len(doc["phase_scenarios"]) == 74
    shifts = {(s["main"], s["visited"]) for s in doc["phase_scenarios"]}
    assert len(shifts) == 41
