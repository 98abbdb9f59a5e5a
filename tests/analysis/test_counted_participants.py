"""Who counts in an analysis.

Removed and never-joined participants are in no grid, N or chart, but listed apart in the
participant table; imported and anonymised participants still count."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from analysis.charts import diverging_bar
from analysis.grids import build_grids
from analysis.selectors import study_data_load
from sessions.services import participant_create, participant_remove
from tests.sessions.board_support import make_board

from .support import write_note

pytestmark = pytest.mark.django_db


@pytest.fixture
def board_with_leavers(study):
    """Three joined participants (two wrote), one removed after writing, one never joined."""
    session, (p1, p2, p3), statement = make_board(study)
    write_note(p1, statement, "strongly_agree")
    write_note(p2, statement, "partially_disagree")
    removed = participant_create(session=session, profile={}, consented_at=p1.consented_at)
    write_note(removed, statement, "strongly_disagree")
    participant_remove(session=session, participant_id=removed.pk)
    never = participant_create(session=session)
    return {"joined": [p1, p2, p3], "removed": removed, "never": never, "statement": statement}


def test_removed_and_never_joined_participants_are_no_grid_columns(study, board_with_leavers):
    data = study_data_load(study=study)
    joined = [p.code for p in board_with_leavers["joined"]]
    assert [p.code for p in data.participants] == joined
    assert [(p.code, p.apart) for p in data.apart] == [
        (board_with_leavers["removed"].code, "removed"),
        (board_with_leavers["never"].code, "never joined"),
    ]
    grid = build_grids(data)[0]
    assert grid.participants == joined
    assert grid.respondents() == 2
    assert grid.level_totals()["strongly_disagree"] == 0
    fig = diverging_bar([grid])
    assert all("N=2" in label for label in fig.data[0].y)
    assert sum(abs(v) for t in fig.data for v in t.x) == 2


def test_the_page_lists_them_apart_and_the_exports_leave_them_out(
    study, analyst, board_with_leavers
):
    removed, never = board_with_leavers["removed"].code, board_with_leavers["never"].code
    client = Client()
    client.force_login(analyst)
    page = client.get(reverse("analysis-study", args=[study.pk])).content.decode()
    grids = page.split("<h2>Grids</h2>")[1].split('id="participants-title"')[0]
    assert removed not in grids
    assert never not in grids
    table = page.split('id="participants-title"')[1]
    assert f'<th scope="row">{removed}</th>' in table
    assert "Removed: not counted in the grids" in table
    assert "Never joined: not counted in the grids" in table
    document = json.loads(client.get(reverse("analysis-export", args=[study.pk, "json"])).content)
    assert document["participants"] == [p.code for p in board_with_leavers["joined"]]
    markdown = client.get(reverse("analysis-export", args=[study.pk, "md"])).content.decode()
    assert f"Not counted in the grids: {removed} (removed), {never} (never joined)." in markdown
    grid_csv = client.get(reverse("analysis-export", args=[study.pk, "csv-grid"])).content
    assert removed.encode() not in grid_csv
    assert never.encode() not in grid_csv


def test_imported_participants_without_a_consent_still_count(analysed):
    data = study_data_load(study=analysed)
    assert [p.code for p in data.participants] == ["P1", "P2", "P3"]
    assert data.apart == []
