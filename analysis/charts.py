"""Plotly charts of the grids: a diverging stacked bar per statement and a heatmap of one grid.

The diverging bar is centred between the agreeing and the disagreeing halves of the scale; the
off-scale levels (No opinion) are drawn apart, in a panel of their own. Static PNG, SVG and PDF
come from focusgroup/figures.py (kaleido with the machine's Chromium).
"""

from __future__ import annotations

import plotly.graph_objects as go
from django.utils.translation import gettext, gettext_lazy, pgettext
from plotly.subplots import make_subplots

from focusgroup.figures import IMAGE_FORMATS, figure_image  # noqa: F401 (the charts' downloads)

from .dataset import Level
from .grids import StatementGrid

COUNT_MODES = ("participants", "split", "notes")
# What a bar counts, in the legend's title and on the page: counting participants, one who used
# several levels counts in each (S1 of the paper: 7 for N = 6); "split" shares them out.
COUNT_EXPLANATIONS = {
    "participants": gettext_lazy(
        "Participants per level: one who used several levels counts in each, "
        "so a bar can add up to more than N."
    ),
    "split": gettext_lazy(
        "Participants per level, split: each one's weight is shared among the levels they "
        "used, so a bar adds up to N."
    ),
    "notes": gettext_lazy("Notes per level: every note counts once; N is the number of notes."),
}
AXIS_TITLES = {
    "participants": gettext_lazy("Participants"),
    "split": gettext_lazy("Participants (split)"),
    "notes": gettext_lazy("Notes"),
}
# Colour-blind safe diverging palette (agreeing blues, disagreeing oranges), grey for off-scale.
AGREE_COLOURS = ["#08519c", "#3182bd", "#6baed6", "#9ecae1", "#c6dbef"]
DISAGREE_COLOURS = ["#a63603", "#e6550d", "#fd8d3c", "#fdae6b", "#fdd0a2"]
MIDDLE_COLOUR = "#bdbdbd"
OFF_SCALE_COLOURS = ["#636363", "#969696", "#525252"]


def scale_halves(levels: list[Level]) -> tuple[list[Level], Level | None, list[Level]]:
    """The on-scale levels split into the first-listed half, the middle level (odd scales) and
    the second half, each half ordered from the centre outwards."""
    on_scale = [lv for lv in levels if not lv.off_scale]
    half = len(on_scale) // 2
    first = list(reversed(on_scale[:half]))
    middle = on_scale[half] if len(on_scale) % 2 else None
    second = on_scale[half + 1 :] if middle else on_scale[half:]
    return first, middle, second


def _colour(palette: list[str], distance_from_edge: int) -> str:
    return palette[min(distance_from_edge, len(palette) - 1)]


def statement_label(grid: StatementGrid, n: int) -> str:
    """The y label of a statement: key, title and N."""
    title = grid.statement.title or grid.statement.text[:40]
    return f"{grid.statement.key} {title} (N={n})"


def diverging_bar(grids: list[StatementGrid], *, by: str = "participants") -> go.Figure:
    """A diverging stacked bar per statement, counting participants (default), participants
    split among the levels they used, or notes; the legend's title says which."""
    if by not in COUNT_MODES:
        raise ValueError(f"Count by one of {', '.join(COUNT_MODES)}, not {by!r}.")
    levels = grids[0].levels if grids else []
    first, middle, second = scale_halves(levels)
    off_scale = [lv for lv in levels if lv.off_scale]
    totals = [g.level_totals(by=by) for g in grids]
    labels = [
        statement_label(g, g.note_total() if by == "notes" else g.respondents()) for g in grids
    ]
    fig = make_subplots(
        rows=1,
        cols=2 if off_scale else 1,
        shared_yaxes=True,
        column_widths=[0.8, 0.2] if off_scale else [1.0],
        horizontal_spacing=0.03,
        subplot_titles=(gettext("Agreement"), gettext("Off the scale")) if off_scale else None,
    )
    unit = pgettext("count by", "notes") if by == "notes" else pgettext("count by", "participants")
    ranks = {lv.key: i for i, lv in enumerate(levels)}

    def add(level: Level, values: list[float], colour: str, col: int = 1, legend: bool = True):
        fig.add_trace(
            go.Bar(
                name=level.label,
                y=labels,
                x=values,
                orientation="h",
                marker_color=colour,
                legendgroup=level.key,
                legendrank=ranks[level.key],
                showlegend=legend,
                customdata=[t[level.key] for t in totals],
                hovertemplate=(
                    f"%{{y}}<br>{level.label}: %{{customdata:.3~g}} {unit}<extra></extra>"
                ),
            ),
            row=1,
            col=col,
        )

    # Middle level first so that it straddles the centre; then each half outwards.
    if middle is not None:
        half_values = [t[middle.key] / 2 for t in totals]
        add(middle, half_values, MIDDLE_COLOUR)
        add(middle, [-v for v in half_values], MIDDLE_COLOUR, legend=False)
    for i, level in enumerate(first):
        add(level, [t[level.key] for t in totals], _colour(AGREE_COLOURS, len(first) - 1 - i))
    for i, level in enumerate(second):
        add(level, [-t[level.key] for t in totals], _colour(DISAGREE_COLOURS, len(second) - 1 - i))
    for i, level in enumerate(off_scale):
        add(level, [t[level.key] for t in totals], _colour(OFF_SCALE_COLOURS, i), col=2)
    _diverging_layout(fig, by=by, rows=len(grids))
    _diverging_axes(fig, totals, halves=(first, middle, second), by=by, has_off=bool(off_scale))
    return fig


def _diverging_layout(fig: go.Figure, *, by: str, rows: int) -> None:
    # The top margin holds the legend and its title.
    fig.update_layout(
        barmode="relative",
        height=max(360, 170 + 34 * rows),
        margin={"l": 10, "r": 10, "t": 110, "b": 40},
        legend={
            "orientation": "h",
            "yanchor": "top",
            "y": 0.99,
            "x": 0,
            "yref": "container",
            "title": {"text": str(COUNT_EXPLANATIONS[by]), "side": "top"},
        },
        plot_bgcolor="#ffffff",
        font={"family": "system-ui, sans-serif", "size": 12},
    )


def _diverging_axes(
    fig: go.Figure,
    totals: list[dict[str, float]],
    *,
    halves: tuple[list[Level], Level | None, list[Level]],
    by: str,
    has_off: bool,
) -> None:
    first, middle, second = halves
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(
        title_text=str(AXIS_TITLES[by]), title_standoff=8, zeroline=True, zerolinecolor="#1f2430"
    )
    # The agreeing half is drawn positive; ticks show magnitudes on both sides.
    span = max((max(sum(t[lv.key] for lv in first), 1) for t in totals), default=1)
    other = max((max(sum(t[lv.key] for lv in second), 1) for t in totals), default=1)
    if middle is not None:
        span += max(t[middle.key] for t in totals) / 2
        other += max(t[middle.key] for t in totals) / 2
    limit = max(span, other)
    ticks = _ticks(limit)
    fig.update_xaxes(
        range=[-limit * 1.05, limit * 1.05],
        tickvals=[-t for t in reversed(ticks[1:])] + ticks,
        ticktext=[str(t) for t in reversed(ticks[1:])] + [str(t) for t in ticks],
        col=1,
    )
    if has_off:
        fig.update_xaxes(tick0=0, dtick=max(1, int(limit // 4)), rangemode="nonnegative", col=2)


def _ticks(limit: float) -> list[int]:
    step = max(1, int(limit // 5))
    return list(range(0, int(limit) + 1, step))


def grid_heatmap(grid: StatementGrid) -> go.Figure:
    """The grid as a heatmap: participants across, levels down, notes per cell."""
    z = [[grid.count(code, lv.key) for code in grid.participants] for lv in grid.levels]
    text = [[str(v) if v else "" for v in row] for row in z]
    zmax = max((v for row in z for v in row), default=0)
    notes = pgettext("count by", "notes")
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=grid.participants,
            y=[lv.label for lv in grid.levels],
            text=text,
            texttemplate="%{text}",
            colorscale="Blues",
            zmin=0,
            zmax=max(zmax, 1),
            xgap=2,
            ygap=2,
            # Whole notes only: a cell holds a count.
            colorbar={"title": {"text": gettext("Notes")}, "dtick": max(1, zmax // 5)},
            hovertemplate=f"%{{x}} · %{{y}}: %{{z}} {notes}<extra></extra>",
        )
    )
    fig.update_layout(
        title={"text": f"{grid.statement.key} {grid.statement.title}".strip()},
        height=120 + 40 * len(grid.levels),
        margin={"l": 10, "r": 10, "t": 50, "b": 40},
        plot_bgcolor="#ffffff",
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(type="category", side="top")
    return fig
