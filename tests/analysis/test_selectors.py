"""The analysis selectors: live notes only, study order, filters, and a bounded query count."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from analysis.filters import AnalysisFilters
from analysis.grids import build_grids
from analysis.selectors import cell_notes_list, study_data_load
from sessions.models import Note, Participant, Session
from sessions.note_services import note_delete
from sessions.services import session_step_set
from studyfiles.studyfile import study_import

from .support import study_document

pytestmark = pytest.mark.django_db

SESSIONS = {
    "Focus group 1": {
        "P1": {"job_title": "ML Engineer", "years": 3},
        "P2": {"job_title": "Data Scientist", "years": 4},
    },
    "Focus group 2": {"P3": {"job_title": "ml engineer", "years": 5}, "P10": {"years": 1}},
}
NOTES = {
    "Focus group 1": [("P1", "S1", "SA"), ("P2", "S1", "PD"), ("P1", "S2", "NO")],
    "Focus group 2": [("P3", "S1", "SA"), ("P3", "S1", "SA"), ("P10", "S2", "SD")],
}
TIMES = {
    "Focus group 1": ["2023-08-10T14:00:00Z", "2023-08-10T14:05:00Z", "2023-08-10T15:00:00Z"],
    "Focus group 2": ["2023-08-24T14:00:00Z", "2023-08-24T14:01:00Z", "2023-08-24T16:00:00Z"],
}


@pytest.fixture
def imported(owner):
    return study_import(
        data=study_document(sessions=SESSIONS, notes=NOTES, times=TIMES), owner=owner
    )


def test_it_loads_the_study_in_study_order(imported):
    data = study_data_load(study=imported)
    assert [p.code for p in data.participants] == ["P1", "P2", "P3", "P10"]
    assert data.levels[0].key == "strongly_agree"
    assert data.levels[-1].off_scale
    assert [s.key for s in data.statements] == ["S1", "S2"]
    assert data.sessions == ["Focus group 1", "Focus group 2"]
    assert len(data.notes) == 6
    assert data.participants[2].session == "Focus group 2"
    assert data.participants[0].profile == {"job_title": "ML Engineer", "years": 3}


def test_deleted_notes_do_not_count(imported):
    session = Session.objects.get(study=imported, name="Focus group 1")
    participant = Participant.objects.get(study=imported, code="P2")
    note = Note.objects.get(participant=participant)
    session_step_set(session=session, statement=note.statement_id, step="comment")
    note_delete(participant=participant, note_id=note.pk, base_version=note.version)
    grid = build_grids(study_data_load(study=imported))[0]
    assert "P2" not in grid.counts
    assert grid.counts["P1"] == {"strongly_agree": 1}


def test_a_session_filter_keeps_its_participants_and_notes(imported):
    data = study_data_load(study=imported, filters=AnalysisFilters(session="Focus group 2"))
    assert [p.code for p in data.participants] == ["P3", "P10"]
    assert {n.session for n in data.notes} == {"Focus group 2"}
    assert build_grids(data)[0].counts == {"P3": {"strongly_agree": 2}}


def test_a_profile_filter_keeps_matching_participants_ignoring_case(imported):
    filters = AnalysisFilters(profile_field="job_title", profile_value="ML engineer")
    data = study_data_load(study=imported, filters=filters)
    assert [p.code for p in data.participants] == ["P1", "P3"]
    assert {n.participant for n in data.notes} == {"P1", "P3"}
    years = study_data_load(
        study=imported, filters=AnalysisFilters(profile_field="years", profile_value="1")
    )
    assert [p.code for p in years.participants] == ["P10"]


def test_a_time_window_keeps_notes_created_within_it(imported):
    from datetime import UTC, datetime

    filters = AnalysisFilters(
        since=datetime(2023, 8, 10, 14, 1, tzinfo=UTC),
        until=datetime(2023, 8, 24, 14, 0, tzinfo=UTC),
    )
    data = study_data_load(study=imported, filters=filters)
    assert [(n.participant, n.statement) for n in data.notes] == [
        ("P2", "S1"),
        ("P1", "S2"),
        ("P3", "S1"),
    ]


def test_cell_notes_are_the_notes_of_that_cell_only(imported):
    notes = cell_notes_list(
        study=imported, statement="S1", participant="P3", level="strongly_agree"
    )
    assert [n.text for n in notes] == ["P3 says SA on S1", "P3 says SA on S1"]
    assert (
        cell_notes_list(study=imported, statement="S1", participant="P3", level="no_opinion") == []
    )


def _big_study(owner, *, people: int, statements: int):
    sessions = {
        f"Session {s}": {f"P{s * 100 + i}": {"years": i} for i in range(people)} for s in range(3)
    }
    notes = {
        name: [
            (code, f"S{j % statements + 1}", ["SA", "PA", "PD", "SD", "NO"][j % 5])
            for j, code in enumerate(list(codes) * 3)
        ]
        for name, codes in sessions.items()
    }
    return study_import(
        data=study_document(sessions=sessions, notes=notes, statements=statements, title="Big"),
        owner=owner,
    )


@pytest.mark.parametrize(("people", "statements"), [(2, 2), (20, 12)])
def test_loading_takes_a_fixed_number_of_queries_whatever_the_size(
    owner, django_assert_max_num_queries, people, statements
):
    study = _big_study(owner, people=people, statements=statements)
    with django_assert_max_num_queries(6):
        data = study_data_load(study=study)
    assert len(data.notes) == 3 * people * 3
    with CaptureQueriesContext(connection) as queries:
        study_data_load(study=study, filters=AnalysisFilters(session="Session 1"), with_text=False)
    assert len(queries) == 6
