"""The grid of a statement: who put how many notes in which level."""

from __future__ import annotations

from analysis.grids import build_grids

from .support import study_data


def test_it_counts_notes_per_participant_and_level_leaving_empty_cells_out():
    data = study_data([("P1", "S1", "SA"), ("P1", "S1", "SA"), ("P2", "S1", "PD")])
    (grid,) = build_grids(data)
    assert grid.counts == {"P1": {"strongly_agree": 2}, "P2": {"partially_disagree": 1}}
    assert grid.count("P1", "strongly_agree") == 2
    assert grid.count("P2", "strongly_agree") == 0


def test_it_lists_every_level_in_scale_order_even_the_empty_ones():
    data = study_data([("P2", "S1", "NO"), ("P1", "S1", "NO"), ("P1", "S1", "SA")])
    (grid,) = build_grids(data)
    assert list(grid.level_participants()) == [
        "strongly_agree",
        "partially_agree",
        "partially_disagree",
        "strongly_disagree",
        "no_opinion",
    ]
    assert grid.level_participants()["no_opinion"] == ["P1", "P2"]
    assert grid.level_participants()["partially_agree"] == []


def test_a_participants_levels_come_in_scale_order_whatever_the_note_order():
    data = study_data([("P1", "S1", "NO"), ("P1", "S1", "PA"), ("P1", "S1", "SA")])
    (grid,) = build_grids(data)
    assert list(grid.counts["P1"]) == ["strongly_agree", "partially_agree", "no_opinion"]


def test_each_statement_gets_its_own_grid_in_statement_order():
    data = study_data([("P1", "S2", "SA"), ("P2", "S1", "SD")], statements=["S1", "S2", "S3"])
    grids = build_grids(data)
    assert [g.statement.key for g in grids] == ["S1", "S2", "S3"]
    assert grids[0].counts == {"P2": {"strongly_disagree": 1}}
    assert grids[1].counts == {"P1": {"strongly_agree": 1}}
    assert grids[2].counts == {}


def test_notes_of_participants_filtered_out_are_not_counted():
    data = study_data([("P1", "S1", "SA"), ("P2", "S1", "SA")], participants=["P1"])
    (grid,) = build_grids(data)
    assert grid.participants == ["P1"]
    assert grid.counts == {"P1": {"strongly_agree": 1}}


def test_level_totals_count_participants_or_notes():
    data = study_data(
        [("P1", "S1", "SA"), ("P1", "S1", "SA"), ("P2", "S1", "SA"), ("P2", "S1", "NO")]
    )
    (grid,) = build_grids(data)
    assert grid.level_totals()["strongly_agree"] == 2
    assert grid.level_totals(by="notes")["strongly_agree"] == 3
    assert grid.respondents() == 2
    assert grid.note_total() == 4
