"""Plotly figures of phase tracking, pure functions of a PhaseMatrix: the revisit heatmap
(backtracking below the diagonal in orange, forward above in blue), the flow Sankey, a chord
diagram drawn with Plotly shapes (Plotly has no chord trace), and per main phase its focus
distribution bar and inter-dependency diagram labelled with the scenarios of each shift."""

from __future__ import annotations

import math

import plotly.graph_objects as go
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .matrix import BACKTRACKING, FORWARD, PhaseMatrix

COLOURS = {BACKTRACKING: "#e6550d", FORWARD: "#3182bd", "focus": "#636363"}
SCALES = {
    BACKTRACKING: [[0, "#fff5eb"], [1, "#a63603"]],
    FORWARD: [[0, "#f7fbff"], [1, "#08519c"]],
    "focus": [[0, "#f0f0f0"], [1, "#525252"]],
}
FONT = {"family": "system-ui, sans-serif", "size": 12}


def _trace(kind: str, **fields) -> dict:
    return {"type": kind, **fields}


class Chart:
    """A Plotly figure as plain data: built in microseconds (plotly's validating graph objects
    cost ~50 ms a figure, and the page draws 40 of them); `figure()` validates for kaleido."""

    def __init__(self, trace: dict | None = None) -> None:
        self.data: list[dict] = [trace] if trace else []
        self.layout: dict = {}

    def add_trace(self, trace: dict) -> None:
        self.data.append(trace)

    def update_layout(self, **fields) -> None:
        self.layout.update(fields)

    def update_xaxes(self, **fields) -> None:
        self.layout.setdefault("xaxis", {}).update(fields)

    def update_yaxes(self, **fields) -> None:
        self.layout.setdefault("yaxis", {}).update(fields)

    def to_plotly_json(self) -> dict:
        return {"data": self.data, "layout": self.layout}

    def figure(self) -> go.Figure:
        return go.Figure(self.to_plotly_json())


def _note(**fields) -> dict:
    """A layout annotation as a plain dict: added all at once, far faster than one by one."""
    return fields


def _kind_label(kind: str) -> str:
    """A direction's name in the reader's language (legends, colour bars, hover texts)."""
    names = {
        "focus": pgettext("phase direction", "Focus"),
        BACKTRACKING: pgettext("phase direction", "Backtracking"),
        FORWARD: pgettext("phase direction", "Forward-thinking"),
    }
    return names[kind]


def _label(matrix: PhaseMatrix, key: str) -> str:
    return matrix.names[matrix.index(key)]


def _direction_grid(matrix: PhaseMatrix, kind: str) -> tuple[list, list]:
    """The shares of one direction (None elsewhere) and their printed values."""
    z, text = [], []
    for m in matrix.keys:
        row, row_text = [], []
        for v in matrix.keys:
            share = matrix.share(m, v)
            mine = matrix.direction(m, v) == kind
            row.append(share if mine else None)
            row_text.append(f"{share:.2f}" if mine and share else "")
        z.append(row)
        text.append(row_text)
    return z, text


def _colour_bar(kind: str) -> dict:
    """Horizontal bars side by side under the grid: they fit a phone's width and titles of any
    length in any language."""
    return {
        "title": {"text": _kind_label(kind), "side": "top"},
        "orientation": "h",
        "x": 0 if kind == BACKTRACKING else 0.55,
        "xanchor": "left",
        "y": -0.04,
        "yanchor": "top",
        "len": 0.45,
        "thickness": 12,
    }


def matrix_heatmap(matrix: PhaseMatrix) -> Chart:
    """The matrix with its values: rows main phases, columns visited, two hues by direction."""
    labels = list(matrix.names)
    # Plotly's %{...} placeholders stay as they are in every translation.
    hover = _("Main phase %{y} → %{x}: %{z:.4f}")
    fig = Chart()
    for kind in ("focus", BACKTRACKING, FORWARD):
        z, text = _direction_grid(matrix, kind)
        fig.add_trace(
            _trace(
                "heatmap",
                z=z,
                x=labels,
                y=labels,
                text=text,
                texttemplate="%{text}",
                colorscale=SCALES[kind],
                zmin=0,
                zmax=1,
                xgap=2,
                ygap=2,
                showscale=kind != "focus",
                colorbar=_colour_bar(kind),
                name=kind,
                hovertemplate=f"{hover} ({_kind_label(kind)})<extra></extra>",
            )
        )
    fig.update_layout(
        # The title gets room of its own above the phase names of the top axis, however long.
        title={
            "text": _("Phase-revisit matrix (share of the main phase's time)"),
            "automargin": True,
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": 8},
        },
        height=240 + 42 * len(labels),  # the colour bars below take 60 px
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        plot_bgcolor="#ffffff",
        font=FONT,
    )
    fig.update_yaxes(
        autorange="reversed", automargin=True, title_text=_("Main phase"), type="category"
    )
    fig.update_xaxes(side="top", automargin=True, type="category", tickangle=-30)
    return fig


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _flows_title() -> dict:
    return {"text": _("Flows between phases (main → visited; orange back, blue forward)")}


def _no_flows_chart() -> Chart:
    """The flows chart of a log with no time on a phase other than the main one: it says so."""
    fig = Chart()
    fig.update_layout(
        title=_flows_title(),
        height=200,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        font=FONT,
        xaxis={"visible": False},
        yaxis={"visible": False},
        annotations=[
            _note(
                text=_("No time logged on one phase while another was the main one."),
                showarrow=False,
            )
        ],
    )
    return fig


def flow_sankey(matrix: PhaseMatrix) -> Chart:
    """Minutes flowing from each main phase (left) to the other phases it visited (right)."""
    n = len(matrix.keys)
    sources, targets, values, colours, shares = [], [], [], [], []
    for i, m in enumerate(matrix.keys):
        for j, v in enumerate(matrix.keys):
            minutes = matrix.cell_minutes(m, v)
            if m == v or not minutes:
                continue
            sources.append(i)
            targets.append(n + j)
            values.append(minutes)
            colours.append(_rgba(COLOURS[matrix.direction(m, v)], 0.45))
            shares.append(matrix.share(m, v))
    if not values:  # Plotly cannot lay out a sankey without links
        return _no_flows_chart()
    fig = Chart(
        _trace(
            "sankey",
            arrangement="snap",
            node={
                "label": [*matrix.names, *matrix.names],
                "pad": 12,
                "thickness": 14,
                "color": ["#525252"] * n + ["#969696"] * n,
            },
            link={
                "source": sources,
                "target": targets,
                "value": values,
                "color": colours,
                "customdata": shares,
                "hovertemplate": _(
                    "%{source.label} → %{target.label}: %{value:.1f} min "
                    "(%{customdata:.1%} of the main phase)"
                )
                + "<extra></extra>",
            },
        )
    )
    fig.update_layout(
        title=_flows_title(),
        height=max(420, 40 * n),
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        font=FONT,
    )
    return fig


def _arc(a0: float, a1: float, radius: float, steps: int = 24) -> list[tuple[float, float]]:
    return [
        (
            radius * math.cos(a0 + (a1 - a0) * k / steps),
            radius * math.sin(a0 + (a1 - a0) * k / steps),
        )
        for k in range(steps + 1)
    ]


def _ribbon_path(a0: float, b0: float, width: float) -> str:
    """A chord's ribbon: from the arc at a0 to the arc at b0 through the centre."""
    p0, p1 = _arc(a0, a0 + width, 1.0, 6), _arc(b0, b0 + width, 1.0, 6)
    return (
        f"M {p0[0][0]:.4f},{p0[0][1]:.4f} "
        + " ".join(f"L {x:.4f},{y:.4f}" for x, y in p0[1:])
        + f" Q 0,0 {p1[0][0]:.4f},{p1[0][1]:.4f} "
        + " ".join(f"L {x:.4f},{y:.4f}" for x, y in p1[1:])
        + f" Q 0,0 {p0[0][0]:.4f},{p0[0][1]:.4f} Z"
    )


def _phase_arcs(
    matrix: PhaseMatrix, keys: list[str], size: dict[str, float], span: float, gap: float
) -> tuple[list[dict], list[dict], dict[str, list[float]]]:
    """Each phase's arc and label around the circle, and the angles its ribbons start from."""
    total = sum(size.values()) or 1.0
    shapes: list[dict] = []
    annotations: list[dict] = []
    start, spans = 0.0, {}
    for k in keys:
        width = span * size[k] / total if sum(size.values()) else span / max(len(keys), 1)
        spans[k] = [start, start]  # the next free angle inside the arc
        points = _arc(start, start + width, 1.0) + _arc(start + width, start, 1.06)
        path = "M " + " L ".join(f"{x:.4f},{y:.4f}" for x, y in points) + " Z"
        shapes.append({"type": "path", "path": path, "fillcolor": "#525252", "line": {"width": 0}})
        middle = start + width / 2
        annotations.append(
            {
                "x": 1.18 * math.cos(middle),
                "y": 1.18 * math.sin(middle),
                "text": _label(matrix, k),
                "showarrow": False,
                "font": {"size": 11},
                "xanchor": "left" if math.cos(middle) >= 0 else "right",
            }
        )
        start += width + gap
    return shapes, annotations, spans


def chord_diagram(matrix: PhaseMatrix) -> Chart:
    """A chord diagram: each phase an arc sized by the minutes leaving and reaching it, each
    shift a ribbon from main to visited, width by minutes, colour by direction."""
    keys = matrix.keys
    flows = {
        (m, v): matrix.cell_minutes(m, v)
        for m in keys
        for v in keys
        if m != v and matrix.cell_minutes(m, v)
    }
    size = {k: sum(x for (m, v), x in flows.items() if k in (m, v)) for k in keys}
    keys = [k for k in keys if size[k]] or keys  # phases without shifts would only crowd labels
    total = sum(size.values()) or 1.0
    gap = 0.03
    span = 2 * math.pi - gap * len(keys)
    fig = Chart()
    shapes, annotations, spans = _phase_arcs(matrix, keys, size, span, gap)
    for (m, v), minutes in flows.items():
        width_m = span * minutes / total
        a0 = spans[m][1]
        spans[m][1] += width_m
        b0 = spans[v][1]
        spans[v][1] += width_m
        colour = COLOURS[matrix.direction(m, v)]
        shapes.append(
            {
                "type": "path",
                "path": _ribbon_path(a0, b0, width_m),
                "fillcolor": _rgba(colour, 0.45),
                "line": {"color": colour, "width": 0.5},
            }
        )
    # Invisible traces, so that the axes exist and the legend explains the colours.
    for direction in (BACKTRACKING, FORWARD):
        name = _kind_label(direction)
        marker = {"color": COLOURS[direction], "size": 12}
        fig.add_trace(
            _trace("scatter", x=[None], y=[None], mode="markers", name=name, marker=marker)
        )
    fig.update_layout(
        title={"text": _("Shifts between phases (chord diagram)")},
        shapes=shapes,
        annotations=annotations,
        height=640,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        plot_bgcolor="#ffffff",
        font=FONT,
        legend={"orientation": "h", "y": -0.02},
    )
    fig.update_xaxes(visible=False, range=[-1.9, 1.9])
    fig.update_yaxes(visible=False, range=[-1.45, 1.45], scaleanchor="x")
    return fig


def focus_bar(matrix: PhaseMatrix, main: str) -> Chart:
    """The focus distribution of one main phase: its time per phase, coloured by direction."""
    shares = [matrix.share(main, v) for v in matrix.keys]
    colours = [COLOURS[matrix.direction(main, v)] for v in matrix.keys]
    fig = Chart(
        _trace(
            "bar",
            x=list(matrix.names),
            y=shares,
            marker={"color": colours},
            text=[f"{s:.0%}" if s else "" for s in shares],
            textposition="outside",
            hovertemplate="%{x}: %{y:.2%}<extra></extra>",
        )
    )
    fig.update_layout(
        title={"text": _("Focus distribution: %(phase)s") % {"phase": _label(matrix, main)}},
        height=380,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        plot_bgcolor="#ffffff",
        font=FONT,
    )
    fig.update_yaxes(tickformat=".0%", range=[0, 1.1], automargin=True)
    fig.update_xaxes(automargin=True, tickangle=-30)
    return fig


def _shift_notes(
    matrix: PhaseMatrix,
    main: str,
    v: str,
    side: int,
    y: float,
    scenarios: dict[tuple[str, str], list[str]],
) -> list[dict]:
    """The arrow from the main phase to a visited one, and the visited phase's label."""
    share = matrix.share(main, v)
    colour = COLOURS[matrix.direction(main, v)]
    arrow = _note(
        x=side * 1.0,
        y=y + 0.25,
        ax=side * 0.2,
        ay=-0.25,
        xref="x",
        yref="y",
        axref="x",
        ayref="y",
        showarrow=True,
        arrowhead=3,
        arrowsize=0.6,
        arrowcolor=colour,
        arrowwidth=1 + 14 * share,
        text="",
    )
    names = [n if len(n) <= 34 else n[:33] + "…" for n in scenarios.get((main, v), [])]
    label = f"<b>{_label(matrix, v)}</b> ({share:.0%})"
    if names:
        label += "<br>" + "<br>".join(f"• {n}" for n in names[:4])
    text = _note(
        x=side * 1.0,
        y=y + 0.15,
        text=label,
        showarrow=False,
        align="center",
        xanchor="center",
        yanchor="top",
        font={"size": 11, "color": colour},
    )
    return [arrow, text]


def interdependency(
    matrix: PhaseMatrix, main: str, scenarios: dict[tuple[str, str], list[str]]
) -> Chart:
    """The main phase on top and an arrow to each phase it shifted to: width by share, colour by
    direction (earlier phases on the left, later on the right), labelled with the scenarios."""
    centre = matrix.index(main)
    visited = [v for v in matrix.keys if v != main and matrix.cell_minutes(main, v)]
    back = [v for v in visited if matrix.index(v) < centre]
    ahead = [v for v in visited if matrix.index(v) > centre]
    rows = max(len(back), len(ahead), 1)
    notes: list[dict] = [
        _note(
            x=0,
            y=0,
            text=f"<b>{_label(matrix, main)}</b><br>"
            + _("focus %(share)s") % {"share": f"{matrix.share(main, main):.0%}"},
            showarrow=False,
            bgcolor="#ffffff",
            bordercolor="#525252",
            borderwidth=1.5,
            borderpad=6,
        )
    ]
    for side, items in ((-1, back), (1, ahead)):
        for k, v in enumerate(items):
            notes += _shift_notes(matrix, main, v, side, -1.0 - 1.2 * k, scenarios)
    if not visited:
        notes.append(_note(x=0, y=-1, text=_("No shifts logged."), showarrow=False))
    fig = Chart()
    fig.update_layout(
        title={"text": _("Inter-dependencies: %(phase)s") % {"phase": _label(matrix, main)}},
        height=200 + 130 * rows,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        plot_bgcolor="#ffffff",
        font=FONT,
        showlegend=False,
        annotations=notes,
    )
    fig.update_xaxes(visible=False, range=[-2, 2], fixedrange=True)
    fig.update_yaxes(visible=False, range=[-1.2 * rows - 0.6, 0.4], fixedrange=True)
    return fig
