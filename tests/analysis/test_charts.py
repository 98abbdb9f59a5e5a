"""Charts: a diverging bar centred between the halves, the off-scale level apart, heatmaps."""

from __future__ import annotations

import pytest

from analysis.charts import diverging_bar, figure_image, grid_heatmap, scale_halves
from analysis.dataset import Level
from analysis.grids import build_grids

from .support import PAPER_LEVELS, study_data

MARKS = [
    ("P1", "S1", "SA"),
    ("P1", "S1", "SA"),
    ("P2", "S1", "SA"),
    ("P3", "S1", "PD"),
    ("P4", "S1", "NO"),
]


def traces_by_name(fig):
    return {(t.name, t.xaxis): t for t in fig.data}


def test_agreeing_levels_go_right_disagreeing_left_and_no_opinion_apart():
    fig = diverging_bar(build_grids(study_data(MARKS)))
    traces = traces_by_name(fig)
    assert list(traces[("Strongly agree", "x")].x) == [2]  # participants, not notes
    assert list(traces[("Partially disagree", "x")].x) == [-1]
    assert list(traces[("No opinion", "x2")].x) == [1]
    assert ("No opinion", "x") not in traces
    assert "N=4" in traces[("Strongly agree", "x")].y[0]


def test_counting_notes_counts_every_note():
    fig = diverging_bar(build_grids(study_data(MARKS)), by="notes")
    assert list(traces_by_name(fig)[("Strongly agree", "x")].x) == [3]
    assert "N=5" in fig.data[0].y[0]


def test_the_centre_sits_between_the_halves_and_a_middle_level_straddles_it():
    first, middle, second = scale_halves(PAPER_LEVELS)
    assert [lv.key for lv in first] == ["partially_agree", "strongly_agree"]
    assert middle is None
    assert [lv.key for lv in second] == ["partially_disagree", "strongly_disagree"]
    five = [Level(k, k.title()) for k in ("sa", "a", "n", "d", "sd")]
    data = study_data([("P1", "S1", "n"), ("P2", "S1", "n")], levels=five)
    fig = diverging_bar(build_grids(data))
    middle_values = sorted(v for t in fig.data if t.name == "N" for v in t.x)
    assert middle_values == [-1.0, 1.0]


def test_an_unknown_count_mode_is_refused():
    with pytest.raises(ValueError, match="participants, split, notes"):
        diverging_bar(build_grids(study_data(MARKS)), by="people")


def test_the_heatmap_is_the_grid():
    fig = grid_heatmap(build_grids(study_data(MARKS))[0])
    heat = fig.data[0]
    assert list(heat.x) == ["P1", "P2", "P3", "P4"]
    rows = [list(row) for row in heat.z]
    assert rows[0] == [2, 1, 0, 0]
    assert rows[4] == [0, 0, 0, 1]


@pytest.mark.parametrize(
    ("image_format", "magic"), [("png", b"\x89PNG"), ("svg", b"<svg"), ("pdf", b"%PDF")]
)
def test_charts_render_to_static_images_with_chromium(image_format, magic):
    image = figure_image(diverging_bar(build_grids(study_data(MARKS))), image_format=image_format)
    assert image.startswith(magic)
    assert len(image) > 1000


def test_an_unknown_image_format_is_refused():
    with pytest.raises(ValueError, match="png, svg, pdf"):
        figure_image(grid_heatmap(build_grids(study_data(MARKS))[0]), image_format="gif")
